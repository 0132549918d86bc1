"""The parts of a run that outlive it: partial results kept in the cache with what they
cost, reused by later runs and counted in their digests' totals, and the claims that let
several Threadgist processes share the work of one digest (digest/claims.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from ..messages import Message, msg
from ..store.cache import Cache
from ..store.cache_partials import PartialCost
from .claims import DIGEST, Claims, lease_for
from .context import RunContext
from .model import Digest, Usage
from .partial import JsonDoc, Partial
from .stage import Stage

#: what a run may wait for another run to finish, besides parts 1, 2, …
ARTICLE, DIGEST_STEP = 0, -1

T = TypeVar("T")


class Deferred(Exception):
    """Another Threadgist run is summarizing this part: do the others first."""


class Finished(Exception):
    """Another Threadgist run finished this digest: it is the result."""

    def __init__(self, digest: Digest):
        super().__init__("finished by another run")
        self.digest = digest


class Ledger:
    """Cached partial results, their costs, and the claims on them (see the module's
    docstring). ``cached_digest`` looks the run's digest up in the cache."""

    def __init__(
        self,
        run: RunContext,
        cache: Cache | None,
        scope: str,
        *,
        use_cache: bool,
        digest_key: str,
        cached_digest: Callable[[], Digest | None],
    ):
        self.run = run
        self.cache = cache
        self.scope = scope
        self.use_cache = use_cache
        self.digest_key = digest_key
        self.cached_digest = cached_digest
        #: what the cached parts this run reused cost the runs that made them (the
        #: digest's totals), what each part of this run cost (None: unknown), and how
        #: many reused parts were cached without their cost
        self.earlier = Usage()
        self.costs: dict[str, PartialCost | None] = {}
        self.uncounted = 0
        self.reused = 0  # parts whose partial result came from the cache
        self.claims: Claims | None = None  # claims on parts, across processes
        #: what this run waits for another run to finish: parts (1, 2, …), ARTICLE, DIGEST_STEP
        self.waiting: set[int] = set()
        run.reporter.waiting = self.waiting_note

    # ---- cached partial results ---------------------------------------------------------
    @property
    def reusing(self) -> bool:
        """Whether cached partial results may be used (not for "summarize again")."""
        return self.cache is not None and self.use_cache

    def cached_partial(self, ckey: str) -> dict[str, Any] | None:
        if self.cache is None or not self.reusing:
            return None
        return self.cache.get_partial(self.scope, ckey)

    def reuse_part(self, ckey: str, cached: object) -> Partial:
        """A part's partial result from the cache (an earlier run's, or another run's
        made meanwhile): no call of this run, its cost counted in the digest's totals."""
        self.reused += 1
        self.reuse_cost(ckey)
        self.run.reporter.tick(Stage.MAP)
        return Partial.from_json(cached)

    def reuse_cost(self, ckey: str) -> None:
        cost = self.cache.partial_cost(self.scope, ckey) if self.cache is not None else None
        self.costs[ckey] = cost
        if cost is None:
            self.uncounted += 1
        else:
            self.earlier.add(cost.prompt_tokens, cost.completion_tokens, cost.calls)

    def store(self, ckey: str, doc: JsonDoc, cost: Usage, *, parts: Sequence[str] = ()) -> None:
        """Cache a partial result with what it cost — its own requests, and those of the
        smaller ``parts`` it was made of — and let runs waiting for it go on."""
        spent: PartialCost | None = PartialCost(cost.calls, cost.prompt_tokens, cost.completion_tokens)
        for key in parts:
            sub = self.costs.get(key)
            spent = (
                None
                if spent is None or sub is None
                else PartialCost(
                    spent.calls + sub.calls,
                    spent.prompt_tokens + sub.prompt_tokens,
                    spent.completion_tokens + sub.completion_tokens,
                )
            )
        self.costs[ckey] = spent
        if self.cache is not None:
            self.cache.put_partial(self.scope, ckey, doc, spent)
        self.release(ckey)

    def release(self, ckey: str) -> None:
        if self.claims is not None:
            self.claims.release(ckey)

    def release_all(self) -> None:
        if self.claims is not None:
            self.claims.release_all()

    def digest_usage(self) -> Usage:
        """The digest's usage: what it cost in all (this run's calls, and the reused
        parts as they cost the runs that made them) and what this run spent."""
        run, earlier = self.run.usage, self.earlier
        return replace(
            run,
            calls=run.calls + earlier.calls,
            prompt_tokens=run.prompt_tokens + earlier.prompt_tokens,
            completion_tokens=run.completion_tokens + earlier.completion_tokens,
            run_calls=run.calls,
            run_prompt_tokens=run.prompt_tokens,
            run_completion_tokens=run.completion_tokens,
            uncounted_parts=self.uncounted,
        )

    # ---- claims, across processes ------------------------------------------------------------
    def _claims_now(self) -> Claims | None:
        """This run's claims (None: no cache, or a new run that reuses nothing). The
        lease follows from the deadline of a request of this run (digest/claims.py)."""
        if self.cache is None or not self.reusing:
            return None
        if self.claims is None:
            limit = self.run.client.request_limit(0, self.run.budget.reserve)
            self.claims = Claims(self.cache, self.scope, lease_for(limit))
        return self.claims

    async def claim_part(self, ckey: str, part: int, *, defer: bool = False) -> dict[str, Any] | None:
        """Claim a partial result before asking for it: None when this run is to ask;
        the result when another run stored it meanwhile. When another live run holds the
        claim: raise Deferred (``defer``), else wait for it (``part``: what the progress
        says this run waits for)."""
        claims = self._claims_now()
        if claims is None:
            return None
        if claims.take(ckey):
            if (hit := self.cached_partial(ckey)) is not None:  # stored meanwhile
                claims.release(ckey)
                return hit
            return None
        if defer:
            raise Deferred
        return await self._wait_for_other(claims, ckey, part, lambda: self.cached_partial(ckey))

    async def claim_digest(self) -> None:
        """Before the call that finishes the digest (the one call, the merge, the staged
        run): claim it; when another run finished this digest meanwhile, or finishes it
        while this one waits, that digest is the result (raised as Finished)."""
        claims = self._claims_now()
        key = DIGEST + self.digest_key
        if claims is None or key in claims.held:
            return
        if claims.take(key):
            done = self.cached_digest()
        else:
            done = await self._wait_for_other(claims, key, DIGEST_STEP, self.cached_digest)
        if done is not None:
            raise Finished(done)

    async def _wait_for_other(
        self, claims: Claims, key: str, what: int, ready: Callable[[], T | None]
    ) -> T | None:
        reporter = self.run.reporter
        self.waiting.add(what)
        reporter.again()
        try:
            end = self.run.client.run_end
            return await claims.wait(
                key, ready, deadline=end.at if end else None, limit=end.seconds if end else None
            )
        finally:
            self.waiting.discard(what)
            reporter.again()

    def waiting_note(self) -> Message | None:
        """What this run waits for another Threadgist run to finish, in words."""
        if DIGEST_STEP in self.waiting:
            return msg("the digest is being finished by another Threadgist run: waiting for it")
        if ARTICLE in self.waiting:
            return msg("the article is being condensed by another Threadgist run: waiting for it")
        parts = sorted(self.waiting)
        if len(parts) == 1:
            return msg(
                "part {part} is being summarized by another Threadgist run: waiting for it", part=parts[0]
            )
        if parts:
            return msg(
                "parts {parts} are being summarized by another Threadgist run: waiting for them",
                parts=ranges(parts),
            )
        return None


def ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5 → "1–3, 5"."""
    out: list[str] = []
    start = prev = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == prev + 1:
            prev = number
            continue
        out.append(f"{start}–{prev}" if prev > start else str(start))
        if number is not None:
            start = prev = number
    return ", ".join(out)

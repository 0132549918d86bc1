"""The map step of a thread read in parts: one call per part, run concurrently (each
comment read exactly once), a part's result cached and shared with other runs through the
ledger, a part too long for one answer split in two."""

from __future__ import annotations

import asyncio

from ..llm.errors import ContextExceeded, EndpointError, ErrorKind, OutputTruncated
from ..messages import Message, msg
from . import calls as C
from .block import block
from .budget import Budget
from .cachekey import partial_key
from .caller import Caller, CallSpec
from .condense import TEMPLATE_SLACK, cached_condensation
from .context import RunContext
from .fold import Folded
from .ledger import Deferred, Ledger
from .model import Usage
from .partial import Partial
from .plan import Plan
from .stage import Stage


class PartReader:
    """Reads the parts of a :class:`~.plan.Plan` into partial results."""

    def __init__(self, run: RunContext, caller: Caller, ledger: Ledger):
        self.run = run
        self.caller = caller
        self.ledger = ledger

    def map_request(self, plan: Plan, article: str, start: int, end: int) -> tuple[list[dict[str, str]], str]:
        """The messages of the map call over lines [start, end) and their cache key: nothing in
        them depends on the rest of the thread (not the number of parts), so the key of a
        part stays the same when the thread grows."""
        messages, key, _ = self._request(plan, article, start, end)
        return messages, key

    def _request(
        self, plan: Plan, article: str, start: int, end: int
    ) -> tuple[list[dict[str, str]], str, Folded]:
        """:meth:`map_request`, and the part's lines as shown (compact: one-word repeats
        folded within the part alone, digest/fold.py)."""
        lines = plan.lines[start:end]
        floors = [line.first for line in lines if line.first] or [0]
        last = max(line.last for line in lines) if lines else 0
        shown = block(lines, self.run.form)
        messages = self.run.messages(
            "map", article=article, comments=shown.text(), first=str(min(floors)), last=str(last)
        )
        return messages, partial_key(self.ledger.scope, messages, ["map", self.run.limits()]), shown

    def mark_cached(self, plan: Plan) -> None:
        """Which parts of ``plan`` have a cached partial result (none when the article is
        condensed and its condensation is not cached: the parts' prompts are unknown)."""
        cache = self.ledger.cache
        assert cache is not None
        article = plan.article
        if plan.condense:
            article = cached_condensation(self.run, self.ledger, plan)
            if not article:
                plan.cached = [False] * len(plan.chunks)
                return
            plan.condense_cached = True
        plan.cached = [
            cache.has_partial(self.ledger.scope, self.map_request(plan, article, start, end)[1])
            for start, end in plan.chunks
        ]

    async def map_all(self, plan: Plan, article: str) -> list[Partial]:
        sem = asyncio.Semaphore(self.run.profile.effective_concurrency)
        chunks = list(plan.chunks)
        results: list[Partial | None] = [None] * len(chunks)
        deferred: list[int] = []  # parts another Threadgist run is summarizing

        async def one(i: int, start: int, end: int, defer: bool) -> None:
            try:
                results[i] = await self._map_chunk(plan, article, (start, end), i, sem, defer=defer)
            except Deferred:
                deferred.append(i)

        await asyncio.gather(*(one(i, start, end, True) for i, (start, end) in enumerate(chunks)))
        # this run's own parts are done: wait for the other run's, or take them over
        await asyncio.gather(*(one(i, *chunks[i], False) for i in sorted(deferred)))
        return [result for result in results if result is not None]

    async def _map_chunk(
        self,
        plan: Plan,
        article: str,
        span: tuple[int, int],
        index: int,
        sem: asyncio.Semaphore,
        *,
        defer: bool = False,
    ) -> Partial:
        """One part's partial result: cached, another run's, or this run's call (``defer``:
        raise Deferred rather than wait when another run is making it)."""
        run, ledger = self.run, self.ledger
        start, end = span
        lines = plan.lines[start:end]
        messages, ckey, shown = self._request(plan, article, start, end)
        if (hit := ledger.cached_partial(ckey)) is not None:
            return ledger.reuse_part(ckey, hit)
        if (hit := await ledger.claim_part(ckey, index + 1, defer=defer)) is not None:
            return ledger.reuse_part(ckey, hit)
        cost = Usage()  # what this part costs, kept with its result
        expected = plan.prompt_tokens[index] if index < len(plan.prompt_tokens) else None
        covers = C.part(index, len(plan.chunks), lines, run.thread.site)
        call = run.reporter.track(C.CallStep.MAP, covers)  # listed while it waits for a free slot
        spec = CallSpec(messages, run.answer_schema(), "partial", expected)
        try:
            async with sem:
                data = shown.expand_partial(Partial.from_json(await self.caller(spec, call, cost)))
        except (ContextExceeded, OutputTruncated) as e:
            if end - start <= 1:
                one = shown.expand_partial(await self._map_one_line(spec, lines[0].first, e, covers))
                ledger.release(ckey)  # not cached: a run waiting for it asks itself
                return one
            return await self._split(plan, article, span, index, sem, (ckey, cost), e)
        run.usage.map_calls += 1
        ledger.store(ckey, data.to_json(), cost)
        run.reporter.tick(Stage.MAP)
        return data

    async def _split(
        self,
        plan: Plan,
        article: str,
        span: tuple[int, int],
        index: int,
        sem: asyncio.Semaphore,
        kept: tuple[str, Usage],
        error: EndpointError,
    ) -> Partial:
        """A part too long for one answer (or prompt), read as two halves."""
        run = self.run
        start, end = span
        run.learn(error)
        mid = (start + end) // 2
        run.reporter.total += 1
        run.reporter.change(msg("part {part} was too long for one answer: split in two", part=index + 1))
        left = await self._map_chunk(plan, article, (start, mid), index, sem)
        right = await self._map_chunk(plan, article, (mid, end), index, sem)
        data = left + right
        # the next run reuses the whole part at once, at the cost of both halves
        ckey, cost = kept
        halves = (
            self.map_request(plan, article, start, mid)[1],
            self.map_request(plan, article, mid, end)[1],
        )
        self.ledger.store(ckey, data.to_json(), cost, parts=halves)
        return data

    async def _map_one_line(
        self, spec: CallSpec, floor: int, error: EndpointError, covers: Message
    ) -> Partial:
        """A part of one comment that failed cannot be split: try once with a bigger
        answer reserve, else say which comment is too long for this model."""
        run = self.run
        bigger = bigger_reserve(run.budget, spec.expected or 0)
        if isinstance(error, OutputTruncated) and bigger is not None:
            again = CallSpec(spec.messages, spec.schema, spec.name, spec.expected, max_tokens=bigger)
            try:
                data = Partial.from_json(await self.caller(again, run.reporter.track(C.CallStep.MAP, covers)))
            except (ContextExceeded, OutputTruncated):
                pass
            else:
                run.usage.map_calls += 1
                run.reporter.tick(Stage.MAP)
                return data
        raise EndpointError(
            ErrorKind.CONTEXT,
            msg(
                "comment {floor} alone does not fit in the model's context window with room for "
                "an answer: choose a model with a larger context",
                floor=floor,
            ),
        ) from None


def bigger_reserve(budget: Budget, prompt_tokens: int) -> int | None:
    """Twice the answer reserve, when a prompt of ``prompt_tokens`` still fits the
    window with it (an answer cut at its limit is asked again with more room)."""
    bigger = budget.reserve * 2
    return bigger if prompt_tokens + bigger + TEMPLATE_SLACK <= budget.context else None

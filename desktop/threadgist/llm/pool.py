"""Several OpenAI-compatible endpoints serving the same model, used as one client.

:class:`EndpointPool` has the interface of :class:`~.client.LLMClient` that a run uses
(``complete_json``, ``profile``, ``caps``, ``caps_key``, ``run_deadline``, ``aclose``,
``redact``), so a :class:`~threadgist.digest.pipeline.Summarizer` takes it as it takes
one client. Each request goes to a member with a free slot (each member has its own
concurrency: its profile's), the least busy first. A request that fails on one member
for a reason of that member (an error, a timeout, rate limiting, a dropped connection)
is sent again to another one; the member rests a moment (longer after each failure in
a row, or as long as its ``Retry-After`` asks). A member that rejects the key, lacks the
model or is misconfigured leaves the pool for the rest of the run. Answers that would be
the same on every member (the prompt does not fit, the answer reached its limit, the
model's JSON stays invalid) are not retried elsewhere.

The pool's profile is its first member's by cache identity (the lowest base URL), named
after all of them, with their concurrencies added up: the cache holds a pool's digests
under that member's address, whatever the order the members were given in.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from dataclasses import dataclass
from typing import Any

from ..messages import Text, msg
from .client import Completion, EventSink, LLMClient, PrefillSink, TextSink, Validator
from .errors import CONFIG, RETRYABLE, EndpointError, ErrorKind, redact

#: errors after which the member leaves the pool (they will not go away by themselves)
MEMBER_FAULTS = frozenset(
    {ErrorKind.AUTH, ErrorKind.CONFIG, ErrorKind.MODEL_NOT_FOUND, ErrorKind.QUOTA, ErrorKind.UNSUPPORTED}
)
#: errors worth sending to another member
RETRY_ELSEWHERE = RETRYABLE
#: a member's rest after a failure: BASE × 2^(failures in a row − 1), at most MAX
REST_BASE = 0.25
REST_MAX = 8.0


@dataclass
class Member:
    client: LLMClient
    capacity: int
    busy: int = 0
    rest_until: float = 0.0  # time.monotonic() before which it gets no request
    failures_in_row: int = 0
    out: Text | None = None  # why it left the pool (the error's message)
    requests: int = 0  # requests sent (attempts, as the pool counts them)
    failed: int = 0

    @property
    def name(self) -> str:
        return self.client.profile.name


class EndpointPool(LLMClient):
    def __init__(self, clients: list[LLMClient], *, attempts: int | None = None):
        """``clients``: one per member (their own retries are best turned off,
        ``max_attempts = 1``: the pool retries on another member instead). ``attempts``:
        how many members a request may try, in all (default: 2 per member + 2)."""
        if not clients:
            raise ValueError("an endpoint pool needs at least one endpoint")
        self.members = [Member(client, client.profile.effective_concurrency) for client in clients]
        self.attempts = attempts or 2 * len(clients) + 2
        self._cond = asyncio.Condition()  # bound to the loop that first waits on it
        primary = min(clients, key=lambda client: client.profile.identity)
        profile = dataclasses.replace(
            primary.profile,
            name=" + ".join(client.profile.name for client in clients),
            concurrency=sum(member.capacity for member in self.members),
        )
        super().__init__(
            profile,
            primary.api_key,
            primary.caps,
            read_timeout=primary.read_timeout,
            max_attempts=1,
            request_timeout=primary.request_timeout,
        )
        self.caps_key = primary.caps_key  # what the run learns about tokens, it learns here

    @property
    def capacity(self) -> int:
        return sum(member.capacity for member in self.members)

    # the run's deadline applies to every member
    @property
    def run_deadline(self) -> float | None:
        return self._run_deadline

    @run_deadline.setter
    def run_deadline(self, value: float | None) -> None:
        self._run_deadline = value
        for member in self.members:
            member.client.run_deadline = value

    @property
    def run_limit(self) -> float | None:
        return self._run_limit

    @run_limit.setter
    def run_limit(self, value: float | None) -> None:
        self._run_limit = value
        for member in self.members:
            member.client.run_limit = value

    async def aclose(self) -> None:
        for member in self.members:
            await member.client.aclose()
        await super().aclose()

    def redact(self, text: str) -> str:
        return redact(text, [member.client.api_key for member in self.members])

    async def list_models(self) -> list[str]:
        return await self.members[0].client.list_models()

    def summary(self) -> str:
        """One line: each member's requests and failures."""
        parts = []
        for member in self.members:
            failed = f", {member.failed} failed" if member.failed else ""
            out = f", left the pool: {member.out}" if member.out else ""
            parts.append(f"{member.name}: {member.requests} request(s){failed}{out}")
        return "; ".join(parts)

    # ---- the main call ------------------------------------------------------------
    async def complete_json(
        self,
        messages: list[dict[str, str]],
        *,
        schema_name: str,
        schema: dict[str, Any],
        validate: Validator,
        max_tokens: int,
        on_text: TextSink | None = None,
        on_prefill: PrefillSink | None = None,
        on_event: EventSink | None = None,
    ) -> Completion:
        tried: set[int] = set()
        failed_attempts = 0
        last: EndpointError | None = None
        for _ in range(self.attempts):
            if self._run_deadline is not None and time.monotonic() >= self._run_deadline and last:
                raise last
            member = await self._acquire(tried)
            member.requests += 1
            try:
                result = await member.client.complete_json(
                    messages,
                    schema_name=schema_name,
                    schema=schema,
                    validate=validate,
                    max_tokens=max_tokens,
                    on_text=on_text,
                    on_prefill=on_prefill,
                    on_event=on_event,
                )
            except EndpointError as e:
                kind = str(e.kind)
                if kind not in RETRY_ELSEWHERE and kind not in MEMBER_FAULTS:
                    member.failures_in_row = 0
                    raise  # the same on every member: the run decides what to do
                member.failed += 1
                failed_attempts += 1
                last = e
                tried.add(id(member))
                self._failed(member, e)
                if on_event is not None:  # as a client says it: the run shows why, translated
                    on_event(f"retry: {kind}")
                continue
            finally:
                await self._release(member)
            member.failures_in_row = 0
            if failed_attempts:
                result = dataclasses.replace(result, calls=result.calls + failed_attempts)
            return result
        assert last is not None
        raise last

    def _failed(self, member: Member, error: EndpointError) -> None:
        kind = str(error.kind)
        member.failures_in_row += 1
        if kind in MEMBER_FAULTS and any(other.out is None and other is not member for other in self.members):
            member.out = error.detail
            return
        rest = min(REST_MAX, REST_BASE * 2 ** (member.failures_in_row - 1))
        if error.retry_after is not None:
            rest = max(rest, min(error.retry_after, 60.0))
        member.rest_until = time.monotonic() + rest

    async def _acquire(self, tried: set[int]) -> Member:
        """A member with a free slot that is not resting, preferring those this request
        has not tried, then the least busy; waits while there is none."""
        async with self._cond:
            while True:
                live = [candidate for candidate in self.members if candidate.out is None]
                if not live:  # cannot happen: the last member never leaves
                    raise EndpointError(CONFIG, msg("every endpoint of the pool has failed"))
                now = time.monotonic()
                free = [candidate for candidate in live if candidate.busy < candidate.capacity]
                ready = [candidate for candidate in free if candidate.rest_until <= now]
                fresh = [candidate for candidate in ready if id(candidate) not in tried]
                pick = fresh or ready
                if pick:
                    member = min(
                        pick,
                        key=lambda candidate: (
                            candidate.busy / candidate.capacity,
                            candidate.failures_in_row,
                        ),
                    )
                    member.busy += 1
                    return member
                wake = min((candidate.rest_until for candidate in free), default=None)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._cond.wait(), None if wake is None else max(0.01, wake - now))

    async def _release(self, member: Member) -> None:
        async with self._cond:
            member.busy -= 1
            self._cond.notify_all()

"""Several OpenAI-compatible endpoints serving the same model, used as one client.

:class:`EndpointPool` is a :class:`~.chat.ChatClient` made of member clients, so a
:class:`~threadgist.digest.pipeline.Summarizer` takes it as it takes one client. Each
request goes to a member with a free slot (each member has its own concurrency: its
profile's), the least busy first. A request that fails on one member
for a reason of that member (an error, a timeout, rate limiting, a dropped connection)
is sent again to another one; the member rests a moment (longer after each failure in
a row, or as long as its ``Retry-After`` asks). A member that rejects the key, lacks the
model or is misconfigured leaves the pool for the rest of the run. Answers that would be
the same on every member (the prompt does not fit, the answer reached its limit, the
model's JSON stays invalid) are not retried elsewhere.

Like a client's request, a call of the pool has one deadline, its attempts on other
members included: the request limit of one request (the longest of the members', see
:meth:`EndpointPool.request_limit`), counted from when the call first has a member, or
the run's deadline when that comes first. An attempt after a fast failure (a refused
connection, an HTTP 5xx) gets the time that is left; a member that stalls until the
deadline ends the call with a timeout naming the members tried, as a client's stalled
request ends it. Waiting for a free slot on a member is queueing and does not count (a
client's deadline does not count the wait for the run's slots either); a member's rest
before a retry does (a client's wait before its retry does).

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
from typing import TYPE_CHECKING, Any

from ..messages import Text, msg
from .chat import Completion, EventSink, PrefillSink, Retry, RunEnd, TextSink, Validator
from .client import LLMClient
from .errors import RETRYABLE, EndpointError, ErrorKind, redact
from .policy import MIN_RETRY_TIME, Deadline

if TYPE_CHECKING:
    from .server_window import ServerWindow

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


@dataclass
class _Clock:
    """One pool call's deadline: ``limit`` seconds from when it first has a member, its
    retries and the members' rests before them included, or the run's deadline when that
    comes first. Waits for a free slot push it back (``ends_at``): a client's deadline
    does not count the wait for the run's slots either."""

    ends_at: float  # time.monotonic()
    limit: float
    run: RunEnd | None

    def deadline(self) -> Deadline:
        if self.run is not None and self.run.at < self.ends_at:
            return Deadline(self.run.at, self.run.seconds, run=True)
        return Deadline(self.ends_at, self.limit, run=False)


class EndpointPool:
    """Several clients as one :class:`~.chat.ChatClient` (see the module's docstring)."""

    def __init__(self, clients: list[LLMClient], *, attempts: int | None = None):
        """``clients``: one per member (their own retries are best turned off,
        ``max_attempts = 1``: the pool retries on another member instead). ``attempts``:
        how many members a request may try, in all (default: 2 per member + 2), all
        within the request's one deadline."""
        if not clients:
            raise ValueError("an endpoint pool needs at least one endpoint")
        self.members = [Member(client, client.profile.effective_concurrency) for client in clients]
        self.attempts = attempts or 2 * len(clients) + 2
        self._cond = asyncio.Condition()  # bound to the loop that first waits on it
        #: what the run learns about tokens, it learns on this member's capabilities
        self.primary = min(clients, key=lambda client: client.profile.identity)
        self.profile = dataclasses.replace(
            self.primary.profile,
            name=" + ".join(client.profile.name for client in clients),
            concurrency=sum(member.capacity for member in self.members),
        )
        self._run_end: RunEnd | None = None

    @property
    def capacity(self) -> int:
        return sum(member.capacity for member in self.members)

    @property
    def api_key(self) -> str | None:
        return self.primary.api_key

    @property
    def run_end(self) -> RunEnd | None:
        return self._run_end

    def set_run_end(self, end: RunEnd | None) -> None:
        """The run's deadline applies to every member."""
        self._run_end = end
        for member in self.members:
            member.client.set_run_end(end)

    def prefill_speed(self) -> float | None:
        return self.primary.prefill_speed()

    def tokenizer_factor(self) -> float | None:
        return self.primary.tokenizer_factor()

    def learn_tokenizer_factor(self, factor: float) -> None:
        self.primary.learn_tokenizer_factor(factor)

    def fit_window(self, found: ServerWindow, need: int) -> ServerWindow:
        """A pool keeps the OpenAI-compatible route (each member is a client of its own)."""
        return dataclasses.replace(found, can_native=False, native=False).fit(need)

    async def aclose(self) -> None:
        for member in self.members:
            await member.client.aclose()

    def redact(self, text: str) -> str:
        return redact(text, [member.client.api_key for member in self.members])

    def request_limit(self, chars: int, max_tokens: int) -> float:
        """The longest of the members' limits: a call of the pool, its attempts on other
        members included, takes no longer than one request to the most patient member."""
        live = [member for member in self.members if member.out is None] or self.members
        return max(member.client.request_limit(chars, max_tokens) for member in live)

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
        chars = sum(len(message.get("content", "")) for message in messages)
        limit = self.request_limit(chars, max_tokens)
        clock: _Clock | None = None  # the call's deadline, from when it first has a member
        tried: set[int] = set()
        names: list[str] = []  # the members tried, in order (for the timeout's message)
        failed_attempts = 0
        last: EndpointError | None = None
        answering = False  # whether the attempt under way has had answer text

        def heard(text: str) -> None:
            nonlocal answering
            answering = True
            if on_text is not None:
                on_text(text)

        for _ in range(self.attempts):
            member = await self._acquire(tried, clock)
            if member is None:  # every member rests past the deadline
                assert clock is not None and last is not None
                error = self._out_of_time(clock.deadline(), names, last, answering)
                raise error from (None if error is last else last)
            if clock is None:
                clock = _Clock(time.monotonic() + limit, limit, self._run_end)
            deadline = clock.deadline()
            member.requests += 1
            answering = False
            timer = asyncio.timeout(max(0.0, deadline.left()))
            try:
                try:
                    async with timer:  # the member's own deadline may be later than what is left
                        result = await member.client.complete_json(
                            messages,
                            schema_name=schema_name,
                            schema=schema,
                            validate=validate,
                            max_tokens=max_tokens,
                            on_text=heard,
                            on_prefill=on_prefill,
                            on_event=on_event,
                        )
                except TimeoutError:
                    if not timer.expired():
                        raise
                    raise deadline.error(member.name, answering=answering) from None
            except EndpointError as e:
                if e.kind not in RETRY_ELSEWHERE and e.kind not in MEMBER_FAULTS:
                    member.failures_in_row = 0
                    raise  # the same on every member: the run decides what to do
                member.failed += 1
                failed_attempts += 1
                last = e
                if id(member) not in tried:
                    tried.add(id(member))
                    names.append(member.name)
                self._failed(member, e)
                if deadline.left() < MIN_RETRY_TIME:  # no retry past the deadline, as a client's
                    error = self._out_of_time(deadline, names, e, answering)
                    if error is e:
                        raise
                    raise error from e
                if on_event is not None:  # as a client says it: the run shows why, translated
                    on_event(Retry(e.kind))
                continue
            finally:
                await self._release(member)
            member.failures_in_row = 0
            if failed_attempts:
                result = dataclasses.replace(result, calls=result.calls + failed_attempts)
            return result
        assert last is not None
        raise last

    @staticmethod
    def _out_of_time(
        deadline: Deadline, names: list[str], last: EndpointError, answering: bool
    ) -> EndpointError:
        """The error of a call that has no time for another attempt: a timeout naming the
        members tried, or (when a fast failure left too little time for a retry) that
        failure's own error, as a client raises it."""
        if last.kind != ErrorKind.TIMEOUT and deadline.left() > 0:
            return last
        return deadline.error(" + ".join(names), answering=answering)

    def _failed(self, member: Member, error: EndpointError) -> None:
        member.failures_in_row += 1
        if error.kind in MEMBER_FAULTS and any(
            other.out is None and other is not member for other in self.members
        ):
            member.out = error.detail
            return
        rest = min(REST_MAX, REST_BASE * 2 ** (member.failures_in_row - 1))
        if error.retry_after is not None:
            rest = max(rest, min(error.retry_after, 60.0))
        member.rest_until = time.monotonic() + rest

    async def _acquire(self, tried: set[int], clock: _Clock | None) -> Member | None:
        """A member with a free slot that is not resting, preferring those this request
        has not tried, then the least busy; waits while there is none. A wait for a free
        slot is queueing: it moves ``clock``'s deadline back by as long. A wait while every
        member rests counts (a client's wait before its retry does); None when no member
        will be ready MIN_RETRY_TIME before the deadline."""
        async with self._cond:
            while True:
                live = [candidate for candidate in self.members if candidate.out is None]
                if not live:  # cannot happen: the last member never leaves
                    raise EndpointError(ErrorKind.CONFIG, msg("every endpoint of the pool has failed"))
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
                # a member that does not rest only lacks a free slot: this request queues
                queueing = clock is None or any(candidate.rest_until <= now for candidate in live)
                if not queueing:
                    assert clock is not None
                    until = clock.deadline().at - MIN_RETRY_TIME
                    if all(candidate.rest_until > until for candidate in live):
                        return None
                    wake = until if wake is None else min(wake, until)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._cond.wait(), None if wake is None else max(0.01, wake - now))
                if queueing and clock is not None:
                    clock.ends_at += time.monotonic() - now

    async def _release(self, member: Member) -> None:
        async with self._cond:
            member.busy -= 1
            self._cond.notify_all()

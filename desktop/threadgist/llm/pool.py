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
import dataclasses
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .chat import Completion, EventSink, PrefillSink, Retry, RunEnd, TextSink, Validator
from .client import LLMClient
from .errors import RETRYABLE, EndpointError, ErrorKind, redact
from .policy import MIN_RETRY_TIME, Deadline
from .pool_members import MEMBER_FAULTS, Clock, Member, Roster

if TYPE_CHECKING:
    from .server_window import ServerWindow

#: errors worth sending to another member
RETRY_ELSEWHERE = RETRYABLE


@dataclass
class _Call:
    """One pool call as it goes from member to member."""

    limit: float  # seconds: the request limit of one request
    on_text: TextSink | None
    on_event: EventSink | None
    clock: Clock | None = None  # the call's deadline, from when it first has a member
    tried: set[int] = field(default_factory=set)
    names: list[str] = field(default_factory=list)  # the members tried, in order
    failed_attempts: int = 0
    last: EndpointError | None = None
    answering: bool = False  # whether the attempt under way has had answer text

    def heard(self, text: str) -> None:
        self.answering = True
        if self.on_text is not None:
            self.on_text(text)


class EndpointPool:
    """Several clients as one :class:`~.chat.ChatClient` (see the module's docstring)."""

    def __init__(self, clients: list[LLMClient], *, attempts: int | None = None):
        """``clients``: one per member (their own retries are best turned off,
        ``max_attempts = 1``: the pool retries on another member instead). ``attempts``:
        how many members a request may try, in all (default: 2 per member + 2), all
        within the request's one deadline."""
        if not clients:
            raise ValueError("an endpoint pool needs at least one endpoint")
        self.roster = Roster(clients)
        self.members = self.roster.members
        self.attempts = attempts or 2 * len(clients) + 2
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
        return self.roster.summary()

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
        call = _Call(self.request_limit(chars, max_tokens), on_text, on_event)

        async def send(client: LLMClient) -> Completion:
            return await client.complete_json(
                messages,
                schema_name=schema_name,
                schema=schema,
                validate=validate,
                max_tokens=max_tokens,
                on_text=call.heard,
                on_prefill=on_prefill,
                on_event=on_event,
            )

        for _ in range(self.attempts):
            member = await self.roster.acquire(call.tried, call.clock)
            if member is None:  # every member rests past the deadline
                assert call.clock is not None and call.last is not None
                error = self._out_of_time(call.clock.deadline(), call.names, call.last, call.answering)
                raise error from (None if error is call.last else call.last)
            if call.clock is None:
                call.clock = Clock(time.monotonic() + call.limit, call.limit, self._run_end)
            try:
                result = await self._attempt(call, member, send)
            finally:
                await self.roster.release(member)
            if result is not None:
                return result
        assert call.last is not None
        raise call.last

    async def _attempt(
        self, call: _Call, member: Member, send: Callable[[LLMClient], Awaitable[Completion]]
    ) -> Completion | None:
        """One attempt on ``member``: its answer, or None when another member is to be
        tried; an error that would be the same on every member is raised."""
        assert call.clock is not None
        deadline = call.clock.deadline()
        member.requests += 1
        call.answering = False
        timer = asyncio.timeout(max(0.0, deadline.left()))
        try:
            try:
                async with timer:  # the member's own deadline may be later than what is left
                    result = await send(member.client)
            except TimeoutError:
                if not timer.expired():
                    raise
                raise deadline.error(member.name, answering=call.answering) from None
        except EndpointError as e:
            if e.kind not in RETRY_ELSEWHERE and e.kind not in MEMBER_FAULTS:
                member.failures_in_row = 0
                raise  # the same on every member: the run decides what to do
            self._count_failure(call, member, e)
            if deadline.left() < MIN_RETRY_TIME:  # no retry past the deadline, as a client's
                error = self._out_of_time(deadline, call.names, e, call.answering)
                if error is e:
                    raise
                raise error from e
            if call.on_event is not None:  # as a client says it: the run shows why, translated
                call.on_event(Retry(e.kind))
            return None
        member.failures_in_row = 0
        if call.failed_attempts:
            result = dataclasses.replace(result, calls=result.calls + call.failed_attempts)
        return result

    def _count_failure(self, call: _Call, member: Member, error: EndpointError) -> None:
        member.failed += 1
        call.failed_attempts += 1
        call.last = error
        if id(member) not in call.tried:
            call.tried.add(id(member))
            call.names.append(member.name)
        self.roster.failed(member, error)

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

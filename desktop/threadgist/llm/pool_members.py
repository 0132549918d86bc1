"""The members of an endpoint pool and their turns: which member gets the next request
(one with a free slot that is not resting, the least busy first), how long a member rests
after a failure, and when one leaves the pool. See ``pool.py`` for the pool's calls."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass

from ..messages import Text, msg
from .chat import RunEnd
from .client import LLMClient
from .errors import EndpointError, ErrorKind
from .policy import MIN_RETRY_TIME, Deadline

#: errors after which the member leaves the pool (they will not go away by themselves)
MEMBER_FAULTS = frozenset(
    {ErrorKind.AUTH, ErrorKind.CONFIG, ErrorKind.MODEL_NOT_FOUND, ErrorKind.QUOTA, ErrorKind.UNSUPPORTED}
)
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
class Clock:
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


class Roster:
    """The pool's members, handed out one request at a time."""

    def __init__(self, clients: list[LLMClient]):
        self.members = [Member(client, client.profile.effective_concurrency) for client in clients]
        self._cond = asyncio.Condition()  # bound to the loop that first waits on it

    def summary(self) -> str:
        """One line: each member's requests and failures."""
        parts = []
        for member in self.members:
            failed = f", {member.failed} failed" if member.failed else ""
            out = f", left the pool: {member.out}" if member.out else ""
            parts.append(f"{member.name}: {member.requests} request(s){failed}{out}")
        return "; ".join(parts)

    def failed(self, member: Member, error: EndpointError) -> None:
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

    async def acquire(self, tried: set[int], clock: Clock | None) -> Member | None:
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

    async def release(self, member: Member) -> None:
        async with self._cond:
            member.busy -= 1
            self._cond.notify_all()

"""An endpoint pool against scripted OpenAI-compatible servers on 127.0.0.1: a request
that fails on one member goes to another, all within one request's deadline."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from threadgist.digest import schema as S
from threadgist.llm.capabilities import Capabilities
from threadgist.llm.chat import CallEvent, Completion, Retry
from threadgist.llm.client import LLMClient
from threadgist.llm.errors import EndpointError, ErrorKind
from threadgist.llm.pool import EndpointPool
from threadgist.llm.profiles import EndpointProfile

from .fakeserver import Behavior, FakeServer

SCHEMA = S._obj({"answer": S._STR})
MSGS = [{"role": "user", "content": 'Reply with {"answer": "ok"}'}]


def pool(*servers: tuple[str, FakeServer], concurrency: int | None = None, **kw: Any) -> EndpointPool:
    """One member per server, as `threadgist batch` makes them (no retries of their own)."""
    clients = []
    for name, srv in servers:
        profile = EndpointProfile.from_preset(
            name, "custom", base_url=srv.base_url, model="fake-model", concurrency=concurrency
        )
        clients.append(LLMClient(profile, None, Capabilities(None), max_attempts=1, **kw))
    return EndpointPool(clients)


async def call(p: EndpointPool, **kw: Any) -> Completion:
    return await p.complete_json(
        MSGS, schema_name="t", schema=SCHEMA, validate=lambda d: S.validate(d, SCHEMA), max_tokens=64, **kw
    )


def ask(p: EndpointPool, calls: int = 1) -> list[Completion]:
    async def go() -> list[Completion]:
        try:
            return await asyncio.gather(*(call(p) for _ in range(calls)))
        finally:
            await p.aclose()

    return asyncio.run(go())


def timed(p: EndpointPool) -> tuple[EndpointError, float]:
    started = time.monotonic()
    with pytest.raises(EndpointError) as e:
        ask(p)
    return e.value, time.monotonic() - started


def test_a_fast_failure_is_retried_on_the_other_member() -> None:
    with FakeServer() as a, FakeServer() as b:
        a.script.append(Behavior("status", 500))
        b.script.append(Behavior("status", 500))
        (r,) = ask(pool(("a", a), ("b", b), request_timeout=5.0))
        assert r.data == {"answer": "ok"} and r.calls == 3
        assert len(a.chat_requests) + len(b.chat_requests) == 3


def test_a_retry_on_another_member_is_told_with_its_kind() -> None:
    with FakeServer() as a, FakeServer() as b:
        a.script.append(Behavior("status", 503))
        b.script.append(Behavior("status", 503))
        events: list[CallEvent] = []
        p = pool(("a", a), ("b", b), request_timeout=5.0)

        async def go() -> Completion:
            try:
                return await call(p, on_event=events.append)
            finally:
                await p.aclose()

        assert asyncio.run(go()).calls == 3
        assert events == [Retry(ErrorKind.SERVER), Retry(ErrorKind.SERVER)]


def test_members_that_stall_cost_one_request_deadline_not_one_per_attempt() -> None:
    """Every attempt was given a member's whole request timeout, up to 2 × 2 + 2 of them
    (6 × 600 s): the pool's call has one deadline, retries included."""
    with FakeServer() as a, FakeServer() as b:
        a.script.extend([Behavior("hang", gap=8)] * 6)
        b.script.extend([Behavior("hang", gap=8)] * 6)
        e, seconds = timed(pool(("a", a), ("b", b), read_timeout=30, request_timeout=1.0))
        assert e.kind == "timeout" and seconds < 3.5
        # the stalled request used up the deadline: no other member was asked
        assert len(a.chat_requests) + len(b.chat_requests) == 1
        tried = "a" if a.chat_requests else "b"
        assert e.message.startswith(f"“{tried}” did not answer within the time limit of one request (1 s)")


def test_a_retry_after_a_fast_failure_gets_the_time_that_is_left() -> None:
    with FakeServer() as a, FakeServer() as b:
        a.script.extend([Behavior("status", 500)] + [Behavior("hang", gap=8)] * 3)
        b.script.extend([Behavior("hang", gap=8)] * 3)
        e, seconds = timed(pool(("a", a), ("b", b), read_timeout=30, request_timeout=1.5))
        assert e.kind == "timeout" and seconds < 4
        # a 500 on one member, then the other stalled until the call's deadline
        assert len(a.chat_requests) == 1 and len(b.chat_requests) == 1
        assert "did not answer within the time limit of one request (1.5 s)" in e.message
        assert e.message.startswith("“a + b” did not answer")


def test_waiting_for_a_free_slot_is_not_counted() -> None:
    """As a client's deadline does not count the wait for the run's slots, a pool's does
    not count the wait for a member's: the request that comes back from a member that
    left the pool waits for the other's only slot, then has its whole deadline."""
    with FakeServer() as bad, FakeServer(latency=1.3) as good:
        bad.script.extend([Behavior("status", 401, body={"error": {"message": "bad key"}})] * 2)
        p = pool(("bad", bad), ("good", good), concurrency=1, request_timeout=2.0)
        results = ask(p, calls=2)
        assert all(r.data == {"answer": "ok"} for r in results)
        assert len(bad.chat_requests) == 1 and len(good.chat_requests) == 2
        assert good.max_concurrent == 1

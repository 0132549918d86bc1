"""A growing thread is read again incrementally: stable parts, partial results cached by
content, the estimate counts only the calls that will be made, and "what's new"."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from threadgist.digest.growth import growth, new_comments, since_thread
from threadgist.digest.meta import NewSince
from threadgist.digest.pipeline import Summarizer
from threadgist.digest.render import render_lines
from threadgist.digest.tokens import TokenCounter
from threadgist.llm.capabilities import Capabilities
from threadgist.llm.client import LLMClient
from threadgist.llm.profiles import EndpointProfile
from threadgist.services import Services
from threadgist.services.estimate import cached_digest, estimate, previous_digest, thread_growth
from threadgist.store.cache import PARTIAL_DAYS, Cache
from threadgist.thread import Thread

from .fakeserver import FakeServer
from .livethread import live_thread
from .test_digest import run

COUNTER = TokenCounter.for_model("gpt-4o-mini")
CONTEXT = 8192


def profile(srv: FakeServer) -> EndpointProfile:
    return EndpointProfile.from_preset(
        "fake", "custom", base_url=srv.base_url, model="fake-model", context_window=CONTEXT, concurrency=4
    )


def summarizer(srv: FakeServer, thread: Thread, cache: Cache | None, **kw: Any) -> Summarizer:
    """The "merge" pipeline unless told: these tests count what reusing parts saves, and
    the default pipeline sorts every part into the new merged groups again (see
    test_a_grown_thread_is_sorted_again_in_every_part)."""
    kw.setdefault("pipeline", "merge")
    return Summarizer(thread, LLMClient(profile(srv), None, Capabilities(None)), COUNTER, cache=cache, **kw)


def kinds(srv: FakeServer, start: int) -> tuple[int, int]:
    """(map calls, reduce calls) among the chat requests from ``start`` on."""
    users = [r.body["messages"][-1]["content"] for r in srv.chat_requests[start:]]
    return sum("<comments>" in u for u in users), sum("<partials>" in u for u in users)


def test_parts_stay_the_same_when_the_thread_grows() -> None:
    small, big = live_thread(3000), live_thread(3300)
    assert big.comments[:3000] == small.comments
    # every line but the last (a user's continuation may extend it) reads the same
    a, b = render_lines(small, stable=True), render_lines(big, stable=True)
    assert a[:-1] == b[: len(a) - 1]
    s = Summarizer(small, LLMClient(profile_for_plan(), None, Capabilities(None)), COUNTER)
    g = Summarizer(big, LLMClient(profile_for_plan(), None, Capabilities(None)), COUNTER)
    pa, pb = s.plan(), g.plan()
    assert len(pa.chunks) >= 5
    assert pb.chunks[: len(pa.chunks) - 1] == pa.chunks[:-1]
    assert pb.lines[: pa.chunks[-1][0]] == pa.lines[: pa.chunks[-1][0]]
    assert len(pb.chunks) - (len(pa.chunks) - 1) <= 2  # at most two parts to read again


def profile_for_plan() -> EndpointProfile:
    return EndpointProfile.from_preset(
        "p", "custom", base_url="http://127.0.0.1:9/v1", model="fake-model", context_window=CONTEXT
    )


def test_a_grown_thread_is_read_again_with_at_most_two_map_calls(fake: FakeServer, home: Path) -> None:
    cache = Cache()
    small, big = live_thread(3000), live_thread(3300)
    first = summarizer(fake, small, cache)
    plan = first.plan()
    d1 = run(first)
    maps1, reduces1 = kinds(fake, 0)
    assert maps1 == len(plan.chunks) >= 5 and reduces1 >= 1
    assert d1.meta.covered.comments == 3000 and d1.meta.covered.last_floor == 3000

    # the estimate before the run counts only the calls that will be made
    again = summarizer(fake, big, cache)
    assert again.cached() is None  # the thread's hash changed
    plan2 = again.plan()
    assert plan2.reused == len(plan.chunks) - 1
    assert plan2.calls == len(plan2.chunks) - plan2.reused + plan2.reduce_calls <= 3
    n = len(fake.chat_requests)
    d2 = run(again)
    maps2, reduces2 = kinds(fake, n)
    assert maps2 <= 2 and reduces2 == d2.usage.reduce_calls >= 1
    assert len(fake.chat_requests) - n == maps2 + reduces2
    assert d2.usage.map_calls == maps2 and d2.meta.reused_parts == plan2.reused
    assert d2.meta.planned_calls == maps2 + reduces2
    # the digest covers the whole grown thread (counts come from the thread)
    assert d2.totals["comments"] == 3300 and d2.meta.covered.comments == 3300
    floors = {f for v in d2.viewpoints for f in v.floors} | {f for o in d2.off_topic for f in o.floors}
    assert max(floors) > 3000 and min(floors) < 100
    # this run read little; the digest's totals count the reused parts as they cost
    assert d2.usage.run_calls == maps2 + reduces2 and d2.usage.across_runs
    assert d2.usage.run_prompt_tokens is not None
    assert d2.usage.run_prompt_tokens < d1.usage.prompt_tokens / 3
    assert d2.usage.calls == d2.usage.run_calls + plan2.reused
    assert d2.usage.prompt_tokens > d1.usage.prompt_tokens * 0.7

    # "Summarize again" is a genuinely new run: no cached digest, no cached parts
    n = len(fake.chat_requests)
    forced = summarizer(fake, big, cache, use_cache=False)
    assert forced.plan().reused == 0
    d3 = run(forced)
    maps3, _ = kinds(fake, n)
    assert maps3 == len(plan2.chunks) and d3.meta.reused_parts == 0
    assert not d3.meta.cached


def test_parts_hold_when_the_token_count_is_calibrated_between_runs(fake: FakeServer, home: Path) -> None:
    """Servers report real token counts and the counter's factor is learnt after each run:
    the next run keeps the earlier parts where they still fit instead of moving every
    boundary (which would miss every cached part)."""
    cache = Cache()
    run(summarizer(fake, live_thread(3000), cache))
    n = len(fake.chat_requests)
    s = summarizer(fake, live_thread(3300), cache)
    s.counter = TokenCounter(COUNTER.encoding, 1.04)
    assert s.plan().reused >= 5
    run(s)
    assert kinds(fake, n)[0] <= 3  # the last part read again, and the 300 new comments
    # without the earlier parts, the same counter cuts the thread elsewhere
    fresh = summarizer(fake, live_thread(3300), None)
    fresh.counter = s.counter
    assert fresh.plan().chunks[:5] != s.plan().chunks[:5]


def test_map_prompts_say_nothing_that_changes_as_the_thread_grows(fake: FakeServer) -> None:
    run(summarizer(fake, live_thread(3000), None))
    maps = [
        r.body["messages"][-1]["content"]
        for r in fake.chat_requests
        if "<comments>" in r.body["messages"][-1]["content"]
    ]
    assert maps and all(" of " not in m.split("<comments>")[0].split("</article>")[1] for m in maps)


def test_a_condensed_article_is_reused_too(fake: FakeServer, home: Path) -> None:
    cache = Cache()
    long_body = "\n".join(f"第 {i} 段：公司宣布新的遠端工作政策，細節如下，請大家注意。" for i in range(300))
    small = dataclasses.replace(live_thread(3000), body=long_body)
    big = dataclasses.replace(live_thread(3300), body=long_body)
    first = summarizer(fake, small, cache)
    assert first.plan().condense
    run(first)
    again = summarizer(fake, big, cache)
    plan = again.plan()
    assert plan.condense_cached and plan.calls <= 4  # up to three parts read (the last again), one merge
    n = len(fake.chat_requests)
    run(again)
    users = [r.body["messages"][-1]["content"] for r in fake.chat_requests[n:]]
    assert not any("Condense it" in u for u in users)
    assert sum("<comments>" in u for u in users) <= 3


def test_whats_new_since_the_last_digest(fake: FakeServer, home: Path) -> None:
    cache = Cache()
    small, big = live_thread(3000), live_thread(3300)
    d1 = run(summarizer(fake, small, cache))
    g = summarizer(fake, big, cache).growth()
    assert g is not None and (g.covered, g.last_floor, g.new, g.first_new_floor) == (3000, 3000, 300, 3001)
    assert g.since == d1.meta.created_at
    assert growth(small, d1) is not None and growth(small, d1).new == 0  # type: ignore[union-attr]
    assert [c.floor for c in new_comments(big, d1) or []] == list(range(3001, 3301))
    # another thread, or one whose earlier comments changed, has no "since"
    edited = dataclasses.replace(
        big, comments=[dataclasses.replace(big.comments[0], text="x"), *big.comments[1:]]
    )
    assert growth(edited, d1) is None and summarizer(fake, edited, cache).growth() is None

    # a digest of the new comments alone: original floors, citations checked against them
    fake.bad_citations = True
    s = summarizer(fake, big, cache, since_floor=g.last_floor)
    assert s.thread.comments[0].floor == 3001 and len(s.thread.comments) == 300
    new = run(s)
    assert new.totals["comments"] == 300 and new.meta.new_since == NewSince(3000, 300)
    cited = [f for v in new.viewpoints for f in v.floors] + [f for o in new.off_topic for f in o.floors]
    assert cited and all(3000 < f <= 3300 for f in cited)
    assert any(r.floor == 99999 for r in new.verification.removed)
    # the whole-thread digest is still the one "since" refers to
    prev = summarizer(fake, big, cache).previous()
    assert prev is not None and prev.meta.covered.comments == 3000


def test_since_thread_keeps_floors_and_notes() -> None:
    t = live_thread(50)
    sub = since_thread(t, 40)
    assert [c.floor for c in sub.comments] == list(range(41, 51))
    assert sub.body == t.body and sub.title == t.title and sub.comment(45) == t.comment(45)
    assert sub.comment(40) is None


def test_services_api_for_the_gui(fake: FakeServer, home: Path) -> None:
    services = Services()
    p = profile(fake)
    small, big = live_thread(3000), live_thread(3300)
    full = estimate(services, small, p)
    assert full.reused_chunks == 0 and full.calls >= 6
    assert thread_growth(services, big, p) is None
    s = Summarizer(small, LLMClient(p, None, Capabilities(None)), services.counter(p), cache=services.cache)
    run(s)
    e = estimate(services, big, p)
    # the parts are reused; every part is sorted into the new merged groups again
    assert e.reused_chunks == full.chunks - 1 and e.calls < full.calls * 0.7
    assert e.prompt_tokens < full.prompt_tokens * 0.7
    forced = estimate(services, big, p, reuse=False)
    assert forced.reused_chunks == 0 and forced.calls > e.calls
    g = thread_growth(services, big, p)
    assert g is not None and g.new == 300
    assert previous_digest(services, big, p) is not None
    news = estimate(services, big, p, since_floor=g.last_floor)
    assert news.calls <= 5 and news.chunks <= 2  # 300 pushes: one call, or two parts, merge, two sorts
    assert cached_digest(services, big, p, since_floor=g.last_floor) is None
    run(
        Summarizer(
            big,
            LLMClient(p, None, Capabilities(None)),
            services.counter(p),
            cache=services.cache,
            since_floor=g.last_floor,
        )
    )
    hit = cached_digest(services, big, p, since_floor=g.last_floor)
    assert hit is not None and hit.totals["comments"] == 300
    assert cached_digest(services, big, p) is None  # the whole grown thread: not yet digested


def test_partials_unused_for_a_month_are_dropped(home: Path) -> None:
    import time

    cache = Cache()
    cache.put_partial("scope", "old", {"summary": "old"})
    cache.put_partial("scope", "new", {"summary": "new"})
    with cache._db:
        cache._db.execute(
            "UPDATE partials SET created_at = ? WHERE chunk_key = 'old'",
            (time.time() - (PARTIAL_DAYS + 1) * 86400,),
        )
    doc = {
        "meta": {
            "thread": {"hash": "h", "title": "t"},
            "endpoint": "e",
            "base_url": "u",
            "model": "m",
            "prompt_version": "v",
            "lang": "en",
            "created_at": time.time(),
            "seconds": 1.0,
        },
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "calls": 1},
        # the rest of a digest's shape (a row without it is a damaged one, dropped)
        "summary": "",
        "viewpoints": [],
        "off_topic": [],
        "totals": {},
        "shares": {},
        "verification": {"checked": 0, "removed": []},
    }
    cache.put_digest("k", doc)
    assert cache.get_partial("scope", "old") is None
    assert cache.get_partial("scope", "new") == {"summary": "new"}
    assert [k for k, _ in cache.digests_titled("t")] == ["k"]


def test_a_grown_thread_is_sorted_again_in_every_part(fake: FakeServer, home: Path) -> None:
    """The default pipeline: a grown thread still reads at most two parts again, and then
    sorts every part's comments into the new merged groups (one call per part, the cost
    of digests as right in parts as in one call)."""
    cache = Cache()
    small, big = live_thread(3000), live_thread(3300)
    run(summarizer(fake, small, cache, pipeline="single"))
    again = summarizer(fake, big, cache, pipeline="single")
    plan = again.plan()
    assert plan.sort_calls == len(plan.chunks) and plan.reused >= len(plan.chunks) - 2
    n = len(fake.chat_requests)
    d = run(again)
    users = [r.body["messages"][-1]["content"] for r in fake.chat_requests[n:]]
    sorts = sum("Put each comment of this part in its group" in u for u in users)
    maps = sum("<comments>" in u for u in users) - sorts
    assert maps <= 2 and sorts == len(plan.chunks)
    assert d.meta.planned_calls == plan.calls == len(users)
    floors = {f for v in d.viewpoints for f in v.floors} | {f for o in d.off_topic for f in o.floors}
    assert max(floors) > 3000 and min(floors) < 100

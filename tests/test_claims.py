"""Two Threadgist runs over the same thread share the work through the cache's claims
(digest/claims.py): two real processes against the scripted server make each call once;
a claim whose owner is gone, or whose lease lapsed, is taken over; a waiting run can be
cancelled and leaves no claim behind."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from threadgist.cli import main
from threadgist.digest import claims as claims_module
from threadgist.digest.pipeline import DIGEST, Progress, Summarizer
from threadgist.store.cache import MIGRATIONS, Cache, new_owner, owner_gone
from threadgist.store.cache_partials import PartialCost

from .conftest import SAMPLE
from .fakeserver import FakeServer
from .test_digest import SORT_PROMPT, run, sample, summarizer


def kind(seen: Any) -> str:
    user = seen.body["messages"][-1]["content"]
    return (
        "sort"
        if SORT_PROMPT in user
        else "map"
        if "<comments>" in user
        else "reduce"
        if "<partials>" in user
        else "condense"
        if "Condense it" in user
        else "other"
    )


def request_counts(fake: FakeServer) -> Counter[str]:
    """How many times the server saw each distinct request (its messages)."""
    return Counter(json.dumps(s.body["messages"], ensure_ascii=False) for s in fake.chat_requests)


def test_two_processes_summarizing_one_thread_make_each_call_once(
    home: Path, fake: FakeServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """The second process finds the first one's claims: it waits for those parts (and
    says so) and takes the digest the first one finishes (or finishes it, when its turn
    comes first, and the first one takes it): no request is made twice. The second starts
    once the first has made a request, which has taught the client the server's token
    counts, so its plan differs: the condensed article must be found all the same."""
    assert (
        main(
            [
                "endpoints",
                "add",
                "fake",
                "--preset",
                "custom",
                "--base-url",
                fake.base_url,
                "--model",
                "fake-model",
                "--context",
                "1800",
                "--concurrency",
                "2",
            ]
        )
        == 0
    )
    capsys.readouterr()
    fake.latency = 0.8  # 11 calls, two at a time: the first run takes several seconds
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        "PYTHONIOENCODING": "utf-8",
        "NO_PROXY": "127.0.0.1",
        "no_proxy": "127.0.0.1",
    }
    cmd = [sys.executable, "-m", "threadgist", "summarize", str(SAMPLE), "--format", "json"]

    def start() -> subprocess.Popen[str]:
        return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    first = start()
    deadline = time.monotonic() + 60
    while len(fake.chat_requests) < 2:  # the first answer (the condensed article) is in
        assert first.poll() is None and time.monotonic() < deadline, first.stderr
        time.sleep(0.05)
    second = start()
    assert first.poll() is None
    out1, err1 = first.communicate(timeout=120)
    out2, err2 = second.communicate(timeout=120)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    d1, d2 = json.loads(out1), json.loads(out2)
    for key in ("summary", "viewpoints", "off_topic", "totals", "shares"):
        assert d1[key] == d2[key], key
    # one of them finished the digest (usually the first), the other took it from the cache
    assert [d.get("meta", {}).get("cached", False) for d in (d1, d2)] in ([False, True], [True, False])
    assert d2["meta"]["created_at"] == d1["meta"]["created_at"]
    kinds = Counter(kind(s) for s in fake.chat_requests)
    assert kinds["map"] >= 3 and kinds["condense"] == 1 and kinds["reduce"] >= 1
    assert set(request_counts(fake).values()) == {1}  # no request made twice
    assert len(fake.chat_requests) == d1["usage"]["calls"] == d2["usage"]["calls"]
    assert (
        "being condensed by another Threadgist run: waiting for it" in err2
        or "being summarized by another Threadgist run" in err2
        or "digest is being finished by another Threadgist run" in err2
    ), err2
    with sqlite3.connect(home / "cache" / "cache.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM claims").fetchone()[0] == 0  # all released


def parts(s: Summarizer) -> list[str]:
    """The cache keys of the map calls of ``s``'s plan (a plan that needs no condensing)."""
    return [key for _, key in requests(s)]


def requests(s: Summarizer) -> list[tuple[list[dict[str, str]], str]]:
    """The messages and cache keys of the map calls of ``s``'s plan."""
    plan = s.plan()
    assert not plan.condense and len(plan.chunks) >= 3
    return [s._map_request(plan, plan.article, a, b) for a, b in plan.chunks]


def foreign(cache: Cache, scope: str, keys: list[str], owner: str, expires: float) -> None:
    with sqlite3.connect(cache.path) as db:
        db.executemany(
            "INSERT OR REPLACE INTO claims VALUES (?,?,?,?)", [(scope, k, owner, expires) for k in keys]
        )


def claims_left(cache: Cache) -> list[tuple[str, ...]]:
    with sqlite3.connect(cache.path) as db:
        return db.execute("SELECT chunk_key, owner FROM claims").fetchall()


def test_stale_claims_are_taken_over(fake: FakeServer, home: Path) -> None:
    """Claims of a process that is gone (this computer: at once, even with time left on
    its lease) and claims whose lease lapsed (any computer) are taken over at once."""
    cache = Cache()
    s = summarizer(fake, sample(), context=2000, concurrency=1, cache=cache)
    keys = parts(s)
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    gone = ended.pid
    # a process of this computer that has ended, with 10 minutes left on its lease
    owner = f"{gone}@{socket.gethostname()}#dead"
    assert owner_gone(owner) and not owner_gone(new_owner())
    assert not owner_gone(f"{gone}@another-computer#x")  # unknown: the lease decides
    foreign(cache, s.scope, keys[:1], owner, time.time() + 600)
    # another computer's run whose lease lapsed a second ago
    foreign(cache, s.scope, keys[1:], "1@another-computer#lapsed", time.time() - 1)
    seen: list[Progress] = []
    s.progress = seen.append
    started = time.monotonic()
    d = run(s)
    assert time.monotonic() - started < 10 and d.viewpoints
    assert Counter(kind(r) for r in fake.chat_requests)["map"] == len(keys)
    assert not [p for p in seen if p.waiting is not None]  # nothing was waited for
    assert claims_left(cache) == []


def test_a_live_claim_is_waited_for_then_taken_over_when_it_lapses(
    fake: FakeServer, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A part another computer's run has claimed is done last: the run does its other
    parts, says it waits, and takes the part over when the claim lapses unrenewed."""
    monkeypatch.setattr(claims_module, "POLL", 0.1)
    cache = Cache()
    s = summarizer(fake, sample(), context=2000, concurrency=1, cache=cache)
    asked = requests(s)
    keys = [key for _, key in asked]
    lapse = 2.0
    foreign(cache, s.scope, keys[1:2], "1@another-computer#live", time.time() + lapse)
    seen: list[Progress] = []
    s.progress = seen.append
    started = time.monotonic()
    d = run(s)
    took = time.monotonic() - started
    assert d.viewpoints and lapse - 0.5 < took < lapse + 8
    maps = [r for r in fake.chat_requests if kind(r) == "map"]
    assert len(maps) == len(keys)
    # the claimed part was asked for last, once the lease had lapsed
    assert maps[-1].body["messages"] == asked[1][0]
    assert maps[-1].at - maps[0].at >= lapse - 0.8
    notes = [str(p.waiting) for p in seen if p.waiting is not None]
    assert notes and notes[0] == ("part 2 is being summarized by another Threadgist run: waiting for it")
    assert seen[-1].waiting is None and claims_left(cache) == []


def test_a_result_stored_by_the_other_run_is_used_and_counted(
    fake: FakeServer, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While this run waits, the other run stores the part and releases its claim: the
    part is no call of this run, but its cost counts in the digest's totals."""
    monkeypatch.setattr(claims_module, "POLL", 0.1)
    cache = Cache()
    s = summarizer(fake, sample(), context=2000, concurrency=1, cache=cache)
    keys = parts(s)
    other = "1@another-computer#busy"
    foreign(cache, s.scope, keys[:1], other, time.time() + 600)

    async def other_run() -> None:
        await asyncio.sleep(1.0)
        cache.put_partial(
            s.scope,
            keys[0],
            {"summary": "另一個程式的結果。", "viewpoints": [], "off_topic": []},
            PartialCost(3, 1000, 200),
        )
        cache.release_claim(s.scope, keys[0], other)

    async def both() -> Any:
        try:
            return (await asyncio.gather(s.run(), other_run()))[0]
        finally:
            await s.client.aclose()

    d = asyncio.run(both())
    maps = [r for r in fake.chat_requests if kind(r) == "map"]
    assert len(maps) == len(keys) - 1
    assert d.meta.reused_parts == 1 and d.usage.run_calls == len(fake.chat_requests)
    assert d.usage.calls == d.usage.run_calls + 3 and d.usage.across_runs
    assert d.usage.prompt_tokens == (d.usage.run_prompt_tokens or 0) + 1000


def test_a_waiting_run_can_be_cancelled_and_leaves_no_claim(
    fake: FakeServer, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(claims_module, "POLL", 0.1)
    cache = Cache()
    s = summarizer(fake, sample(), context=2000, concurrency=1, cache=cache)
    keys = parts(s)
    other = "1@another-computer#slow"
    foreign(cache, s.scope, keys[:1], other, time.time() + 600)
    seen: list[Progress] = []
    s.progress = seen.append

    async def cancel_while_waiting() -> float:
        task = asyncio.create_task(s.run())
        while not any(p.waiting is not None for p in seen):
            await asyncio.sleep(0.05)
        started = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await s.client.aclose()
        return time.monotonic() - started

    assert asyncio.run(cancel_while_waiting()) < 1.0
    assert claims_left(cache) == [(keys[0], other)]  # only the other run's


def test_the_digest_another_run_finished_meanwhile_is_used(
    fake: FakeServer, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The call that finishes a digest is claimed too: a run that finds another run
    finishing the same digest waits for it and returns it, with no call of its own."""
    monkeypatch.setattr(claims_module, "POLL", 0.1)
    cache = Cache()
    t = sample()
    done = run(summarizer(fake, t, cache=cache))  # the other run's digest, stored below
    n = len(fake.chat_requests)
    s = summarizer(fake, t, cache=cache)
    stored = cache.get_digest(s.key)
    assert stored is not None
    with sqlite3.connect(cache.path) as db:
        db.execute("DELETE FROM digests")
    other = "1@another-computer#finishing"
    foreign(cache, s.scope, [DIGEST + s.key], other, time.time() + 600)

    async def other_run() -> None:
        await asyncio.sleep(0.8)
        cache.put_digest(s.key, stored)
        cache.release_claim(s.scope, DIGEST + s.key, other)

    async def both() -> Any:
        try:
            return (await asyncio.gather(s.run(), other_run()))[0]
        finally:
            await s.client.aclose()

    d = asyncio.run(both())
    assert len(fake.chat_requests) == n and d.meta.cached is True
    assert d.summary == done.summary and claims_left(cache) == []


def test_processes_opening_a_cache_together_migrate_it_once(tmp_path: Path) -> None:
    """Migrations run under SQLite's write lock: processes that open a new (or an old)
    cache at the same moment wait for each other instead of failing on a table that
    exists — which the cache would take for damage, and set aside."""
    path = tmp_path / "cache.sqlite3"
    old = sqlite3.connect(path)  # a version-1 cache, with a partial result
    old.executescript(MIGRATIONS[0])
    old.execute("INSERT INTO partials VALUES ('r', 'k', ?, '{\"summary\": \"舊\"}')", (time.time(),))
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    go = tmp_path / "go"  # the processes open the cache together, once all have started
    code = (
        "import sys, time; from pathlib import Path; from threadgist.store.cache import Cache\n"
        "while not Path(sys.argv[2]).exists(): time.sleep(0.001)\n"
        "print(len(Cache(Path(sys.argv[1])).warnings))"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(path), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    time.sleep(2.0)
    go.touch()
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0 and out.strip() == "0", err
    assert sorted(f.name for f in tmp_path.iterdir() if "corrupt" in f.name) == []
    cache = Cache(path)
    assert cache._db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert cache.get_partial("r", "k") == {"summary": "舊"}
    assert cache.partial_cost("r", "k") is None  # cached before costs were kept
    cache.put_partial("r", "k", {"summary": "新"}, PartialCost(2, 300, 40))
    assert cache.partial_cost("r", "k") == PartialCost(2, 300, 40)

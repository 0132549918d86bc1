"""A fetch ends, whatever the server does: Hacker News items whose kids form a cycle (or
that list themselves) are each asked for once and every request counts against the item
cap; and one deadline bounds the whole fetch, however slowly the bytes come. Against the
replay server on 127.0.0.1 (Algolia answers 404 unless told otherwise)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from threadgist.thread.web import FetchDeadline, FetchError, FetchOptions, FetchResult, open_url

from .replayserver import ReplayServer

STORY = {"by": "op", "id": 1001, "time": 1_700_000_000, "title": "A story", "type": "story"}
HN_1001 = "https://news.ycombinator.com/item?id=1001"
PTT = "https://www.ptt.cc/bbs/Gossiping/M.1559093660.A.946.html"


@pytest.fixture()
def srv() -> Iterator[ReplayServer]:
    s = ReplayServer()
    yield s
    s.close()


def comment(item_id: int, parent: int, kids: list[int]) -> dict[str, Any]:
    return {
        "by": f"u{item_id}",
        "id": item_id,
        "kids": kids,
        "parent": parent,
        "text": f"comment {item_id}",
        "time": 1_700_000_100,
        "type": "comment",
    }


def fetch_within(seconds: float, srv: ReplayServer, folder: Path, **options: Any) -> FetchResult:
    """open_url on another thread; cancelled (and the test failed) when it is not done
    within ``seconds`` (the old code looped for ever)."""
    stop = threading.Event()
    out: list[FetchResult | BaseException] = []

    def work() -> None:
        try:
            out.append(
                open_url(HN_1001, folder, options=FetchOptions(bases=srv.bases(), **options), cancel=stop)
            )
        except BaseException as e:
            out.append(e)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        stop.set()
        worker.join(10)
        pytest.fail(f"still fetching after {seconds} s ({len(srv.requests)} requests)")
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0]


def firebase_requests(srv: ReplayServer) -> list[str]:
    return [seen.path for seen in srv.requests if seen.path.startswith("/firebase/")]


def test_kids_in_a_cycle(srv: ReplayServer, tmp_path: Path) -> None:
    srv.firebase(
        {
            1001: {**STORY, "kids": [2001]},
            2001: comment(2001, 1001, [2002]),
            2002: comment(2002, 2001, [1001, 2001, 2002]),
        }
    )
    result = fetch_within(20, srv, tmp_path)
    t = result.load.threads[0]
    assert [(c.text, c.depth) for c in t.comments] == [("comment 2001", 0), ("comment 2002", 1)]
    assert sorted(firebase_requests(srv)) == [f"/firebase/v0/item/{i}.json" for i in (1001, 2001, 2002)]
    assert result.warnings == []


def test_an_item_that_is_its_own_kid(srv: ReplayServer, tmp_path: Path) -> None:
    srv.firebase({1001: {**STORY, "kids": [1001, 3001, 3001]}, 3001: comment(3001, 1001, [3001, 3001])})
    result = fetch_within(20, srv, tmp_path)
    assert [c.text for c in result.load.threads[0].comments] == ["comment 3001"]
    assert len(firebase_requests(srv)) == 2


def test_a_kid_listed_by_two_items_is_shown_once(srv: ReplayServer, tmp_path: Path) -> None:
    srv.firebase(
        {
            1001: {**STORY, "kids": [2001, 2002]},
            2001: comment(2001, 1001, [3001]),
            2002: comment(2002, 1001, [3001]),
            3001: comment(3001, 2001, []),
        }
    )
    result = fetch_within(20, srv, tmp_path)
    assert [(c.text, c.parent) for c in result.load.threads[0].comments] == [
        ("comment 2001", None),
        ("comment 3001", 1),
        ("comment 2002", None),
    ]
    assert len(firebase_requests(srv)) == 4


def test_every_request_counts_against_the_cap(srv: ReplayServer, tmp_path: Path) -> None:
    """Items that answer ``null`` (deleted for good) count too: with a cap of 6, 7
    requests at most (the story and 6 items), however deep the thread."""
    items: dict[int, dict[str, Any]] = {1001: {**STORY, "kids": [*range(9001, 9006), 2001]}}
    for level in range(1, 20):  # each real item: five missing kids and one real one
        items[2000 + level] = comment(
            2000 + level, 1001, [*range(9000 + 10 * level, 9005 + 10 * level), 2001 + level]
        )
    srv.firebase(items)
    result = fetch_within(20, srv, tmp_path, max_hn_items=6)
    assert len(firebase_requests(srv)) == 7
    assert result.not_loaded > 0 and len(result.load.threads[0].comments) == 1


# --- one deadline for the whole fetch -----------------------------------------------------
def test_a_page_sent_a_byte_at_a_time_meets_the_deadline(srv: ReplayServer, tmp_path: Path) -> None:
    """Every read gets a byte well within the timeout, so only the deadline stops it."""
    srv.drip["/ptt/bbs/Gossiping/M.1559093660.A.946.html"] = 0.02
    srv.ignore_cookie = False
    t0 = time.monotonic()
    with pytest.raises(FetchDeadline) as e:
        open_url(PTT, tmp_path, options=FetchOptions(bases=srv.bases(), timeout=5, deadline=0.6))
    took = time.monotonic() - t0
    assert 0.6 <= took < 3
    assert isinstance(e.value, FetchError) and e.value.kind == "timeout" and e.value.network
    assert "PTT did not send the thread within 0.6 s" in str(e.value)
    assert not any(tmp_path.iterdir())


def test_a_silent_server_meets_the_deadline_before_the_timeout(srv: ReplayServer, tmp_path: Path) -> None:
    """The deadline cuts the wait of a read short: no waiting out a 30 s timeout."""
    srv.stall.add("/ptt/bbs/Gossiping/M.1559093660.A.946.html")
    t0 = time.monotonic()
    with pytest.raises(FetchDeadline):
        open_url(PTT, tmp_path, options=FetchOptions(bases=srv.bases(), timeout=30, deadline=0.5))
    assert time.monotonic() - t0 < 3


def test_the_deadline_keeps_the_hacker_news_items_fetched(srv: ReplayServer, tmp_path: Path) -> None:
    srv.firebase(
        {1001: {**STORY, "kids": list(range(2001, 2041))}}
        | {i: comment(i, 1001, []) for i in range(2001, 2041)}
    )
    srv.delay = 0.1
    t0 = time.monotonic()
    result = fetch_within(20, srv, tmp_path, deadline=1.2, hn_workers=2)
    assert time.monotonic() - t0 < 4
    comments = result.load.threads[0].comments
    assert 0 < len(comments) < 40 and result.not_loaded == 40 - len(comments)
    assert "the time a fetch may take (1.2 s) was up" in str(result.warnings[0])

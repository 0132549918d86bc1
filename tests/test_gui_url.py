"""Threads from their addresses in the window: File → Open URL, paste, a dropped link,
Refresh of a grown thread, errors and cancel, against a replay server on 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QGuiApplication

from .replayserver import ReplayServer

GOSSIPING = "https://www.ptt.cc/bbs/Gossiping/M.1559093660.A.946.html"
PUSH_RE = re.compile(rb'<div class="push">.*?</div>', re.S)


@pytest.fixture()
def page(corpus: Path) -> bytes:
    return (corpus / "ptt/html/Gossiping_M.1559093660.A.946.html").read_bytes()


@pytest.fixture()
def srv(corpus: Path, page: bytes, monkeypatch: pytest.MonkeyPatch) -> Iterator[ReplayServer]:
    s = ReplayServer()
    s.age_page = (corpus / "ptt/html/over18_ask-page_Gossiping.html").read_bytes()
    s.ptt("Gossiping", "M.1559093660.A.946", page)
    for k, v in s.env().items():
        monkeypatch.setenv(k, v)
    yield s
    s.close()


def without_last_pushes(page: bytes, n: int) -> bytes:
    spans = [m.span() for m in PUSH_RE.finditer(page)]
    start = spans[-n][0]
    end = spans[-1][1]
    return page[:start] + page[end:]


def open_url(qtbot: Any, window: Any, url: str = GOSSIPING) -> None:
    with qtbot.waitSignal(window.controller.thread_changed, timeout=10_000):
        window.open_url(url)


def test_open_url_saves_a_copy_that_reopens(qtbot: Any, window: Any, srv: ReplayServer) -> None:
    open_url(qtbot, window)
    c = window.controller
    assert c.current is not None and len(c.current.comments) == 23
    assert c.source_url() == GOSSIPING
    saved = c.result.path
    assert saved.endswith("ptt-Gossiping-M.1559093660.A.946.html")
    assert c.settings.recent[0] == saved  # Open Recent: the saved copy, which opens offline
    assert any("over18=1" in r.headers.get("cookie", "") for r in srv.requests)


def test_refresh_shows_new_comments(qtbot: Any, window: Any, srv: ReplayServer, page: bytes) -> None:
    srv.ptt("Gossiping", "M.1559093660.A.946", without_last_pushes(page, 10))
    open_url(qtbot, window)
    before = len(window.controller.current.comments)
    srv.ptt("Gossiping", "M.1559093660.A.946", page)
    with qtbot.waitSignal(window.controller.grown, timeout=10_000) as grown:
        window.act_refresh.trigger()
    added, total = grown.args
    assert added == 10 and total == before + 10
    assert window.comments.model.new_from == before
    assert "10 new comments" in window.statusBar().currentMessage()


def test_refresh_of_a_file_that_grew(qtbot: Any, window: Any, tmp_path: Path, page: bytes) -> None:
    f = tmp_path / "thread.html"
    f.write_bytes(without_last_pushes(page, 5))
    with qtbot.waitSignal(window.controller.thread_changed, timeout=10_000):
        window.open_path(str(f))
    f.write_bytes(page)
    with qtbot.waitSignal(window.controller.grown, timeout=10_000) as grown:
        window.act_refresh.trigger()
    assert grown.args[0] == 5


@pytest.mark.parametrize(
    ("status", "title", "words"),
    [
        (404, "Cannot open this address", "no such thread"),
        (429, "Cannot fetch this thread", "try again in a few minutes"),
    ],
)
def test_fetch_errors_are_dialogs_and_keep_the_thread(
    qtbot: Any, window: Any, srv: ReplayServer, status: int, title: str, words: str
) -> None:
    open_url(qtbot, window)
    shown = window.controller.current
    srv.status["/ptt/bbs/Gossiping/M.1559093660.A.946.html"] = status
    with qtbot.waitSignal(window.controller.fetch_failed, timeout=10_000):
        window.open_url(GOSSIPING)
    box = window.dialog
    assert box is not None and box.windowTitle() == title
    assert words in (box.informativeText() + box.detailedText()).lower()
    assert window.controller.current is shown  # nothing the user had is lost
    box.close()


def test_not_a_thread_address(qtbot: Any, window: Any) -> None:
    with qtbot.waitSignal(window.controller.fetch_failed, timeout=5_000):
        window.open_url("https://example.com/some/page")
    assert window.dialog is not None and window.dialog.windowTitle() == "Cannot open this address"
    window.dialog.close()


def test_paste_and_drop_open_addresses(qtbot: Any, window: Any, srv: ReplayServer) -> None:
    QGuiApplication.clipboard().setText("not an address")
    window.act_paste_url.trigger()
    assert "no thread address" in window.statusBar().currentMessage()
    QGuiApplication.clipboard().setText(GOSSIPING)
    with qtbot.waitSignal(window.controller.thread_changed, timeout=10_000):
        window.act_paste_url.trigger()

    class Drop:
        def __init__(self, data: QMimeData) -> None:
            self.data, self.accepted = data, False

        def mimeData(self) -> QMimeData:
            return self.data

        def acceptProposedAction(self) -> None:
            self.accepted = True

    link = QMimeData()
    link.setUrls([QUrl(GOSSIPING)])
    drop = Drop(link)
    with qtbot.waitSignal(window.controller.thread_changed, timeout=10_000):
        window.dropEvent(drop)
    assert drop.accepted
    other = QMimeData()
    other.setUrls([QUrl("https://example.com/x")])
    ignored = Drop(other)
    window.dragEnterEvent(ignored)
    assert not ignored.accepted


def test_escape_cancels_a_slow_fetch(qtbot: Any, window: Any, srv: ReplayServer, page: bytes) -> None:
    srv.gap = 0.2  # 16 KB every 0.2 s
    window.open_url(GOSSIPING)
    qtbot.waitUntil(lambda: "Fetching" in window.statusBar().currentMessage(), timeout=5_000)
    with qtbot.waitSignal(window.controller.fetch_failed, timeout=10_000):
        window.act_cancel.trigger()
    assert window.statusBar().currentMessage() == "Fetching cancelled."
    assert window.controller.current is None


def test_a_grown_thread_offers_whats_new(
    qtbot: Any, window: Any, tmp_path: Path, page: bytes, fake: Any
) -> None:
    """Its earlier digest is shown with how much is new; "what's new" digests the new
    comments alone; the whole thread again reuses what was summarized."""
    from .guihelpers import add_fake_endpoint, summarize

    add_fake_endpoint(window, fake)
    f = tmp_path / "thread.html"
    f.write_bytes(without_last_pushes(page, 8))
    with qtbot.waitSignal(window.controller.thread_changed, timeout=10_000):
        window.open_path(str(f))
    qtbot.waitUntil(lambda: window.run_panel.estimate is not None, timeout=10_000)
    first = summarize(qtbot, window)
    assert first.totals["comments"] == 15
    f.write_bytes(page)
    with qtbot.waitSignal(window.controller.grown_since, timeout=10_000) as seen:
        window.act_refresh.trigger()
    g, earlier = seen.args
    assert g.new == 8 and g.covered == 15 and earlier.totals["comments"] == 15
    view = window.digest_view
    assert view.growth_row.isVisible() and "8 new comments" in view.growth.text()
    assert window.comments.model.new_from == 15
    with qtbot.waitSignal(window.controller.finished, timeout=30_000) as done:
        view.new_button.click()
    new = done.args[0]
    assert new.meta.new_since.comments == 8 and new.totals["comments"] == 8
    assert "What's new: 8 comments" in view.status.text()
    calls = len(fake.chat_requests)
    with qtbot.waitSignal(window.controller.finished, timeout=30_000) as done:
        view.all_button.click()
    assert done.args[0].totals["comments"] == 23
    assert len(fake.chat_requests) == calls + 1


def test_comments_that_could_not_be_loaded_are_noted(qtbot: Any, window: Any, srv: ReplayServer) -> None:
    """A Reddit thread whose held-back comments did not come: the header says how many
    and why, when it opens and when its saved copy is opened again offline."""
    from .conftest import REPO, SAMPLE

    threads = REPO / "benchmarks" / "quality" / "threads"
    srv.reddit("2ujhkr", (threads / "reddit_redditdev_2ujhkr.json").read_bytes())
    url = "https://www.reddit.com/r/redditdev/comments/2ujhkr/important_api_licensing_terms/"
    open_url(qtbot, window, url)
    notes = window.header.notes
    expected = (
        "Note: 25 comment(s) were not loaded: Reddit did not send them (deleted, or not shown to programs)"
    )
    assert notes.isVisible() and notes.text() == expected
    saved = window.controller.result.path
    with qtbot.waitSignal(window.controller.thread_changed, timeout=10_000):
        window.open_path(str(SAMPLE))  # another thread: no notes
    assert not notes.isVisible()
    with qtbot.waitSignal(window.controller.thread_changed, timeout=10_000):
        window.open_path(saved)
    assert notes.isVisible() and notes.text() == expected


@pytest.mark.parametrize("how", ["length", "chunked", "gzip"])
def test_a_download_cut_short_is_a_dialog(
    qtbot: Any, window: Any, srv: ReplayServer, page: bytes, tmp_path: Path, how: str
) -> None:
    """The old app read what came as the page (a shorter thread, saved over the copy)."""
    open_url(qtbot, window)
    shown = window.controller.current
    saved = Path(window.controller.result.path)
    before = saved.read_bytes()
    srv.cut["/ptt/bbs/Gossiping/M.1559093660.A.946.html"] = (how, len(page) // 3 if how != "gzip" else 3000)
    with qtbot.waitSignal(window.controller.fetch_failed, timeout=10_000):
        window.open_url(GOSSIPING)
    box = window.dialog
    assert box is not None and box.windowTitle() == "Cannot fetch this thread"
    assert "the download was cut short" in box.informativeText() + box.detailedText()
    assert window.controller.current is shown and saved.read_bytes() == before
    box.close()

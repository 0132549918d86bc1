"""Summarize all articles of a multi-article file from the window, against the scripted
server: the table's rows and shares, filter and sort, a click opens the article with its
digest, a failing thread, cancel, the question before a big batch, copy and export."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from threadgist.gui.batch_model import COMMENTS, NUMBER, ON_TOPIC, STATUS, TITLE
from threadgist.gui.batch_table import BatchTable
from threadgist.services.batch_index import read_index, read_index_csv
from threadgist.services.batch_rows import CSV_COLUMNS, BatchStatus

from .batchdata import crawler_dump
from .conftest import SAMPLE
from .fakeserver import Behavior, FakeServer
from .guihelpers import add_fake_endpoint, open_file

ARTICLES = 6


def open_board(qtbot: Any, window: Any, tmp_path: Path, n: int = ARTICLES) -> Path:
    path = tmp_path / "board.json"
    path.write_text(crawler_dump(n), encoding="utf-8")
    open_file(qtbot, window, path)
    assert window.act_summarize_all.isEnabled()
    return path


def summarize_all(window: Any) -> BatchTable:
    window.act_summarize_all.trigger()
    table = window.findChild(BatchTable)
    assert isinstance(table, BatchTable) and table.isVisible()
    return table


def wait_done(qtbot: Any, table: BatchTable, state: str = "finished", timeout: int = 30_000) -> None:
    qtbot.waitUntil(lambda: table._state == state and not table.running, timeout=timeout)


def shown(table: BatchTable, col: int) -> list[str]:
    p = table.proxy
    return [p.index(r, col).data() for r in range(p.rowCount())]


def statuses(table: BatchTable) -> list[str]:
    return [row.status for row in table.model.rows]


def test_every_article_gets_a_row_with_its_shares(
    qtbot: Any, window: Any, fake: FakeServer, tmp_path: Path
) -> None:
    add_fake_endpoint(window, fake)
    open_board(qtbot, window, tmp_path)
    table = summarize_all(window)
    wait_done(qtbot, table)
    assert statuses(table) == [BatchStatus.OK] * ARTICLES
    assert len(fake.chat_requests) == ARTICLES and fake.max_concurrent <= 2
    threads = window.controller.result.threads
    for row, t in zip(table.model.rows, threads, strict=True):
        assert row.title == t.title and row.comments == len(t.comments)
        shares = [row.share(k) for k in ("on_topic", "off_topic", "unassigned")]
        assert all(s is not None for s in shares)
        assert abs(sum(s for s in shares if s is not None) - 1) < 1e-3
        assert row.index is not None and row.index.to_json()["status"] == "ok"
    assert shown(table, TITLE) == [t.title for t in threads]
    assert all(text.endswith("%") for text in shown(table, ON_TOPIC))
    assert shown(table, STATUS) == ["done"] * ARTICLES
    assert table.info.text().startswith(f"Done: {ARTICLES} summarized, 0 cached, 0 failed")
    assert table.bar.value() == ARTICLES
    # the article open in the window (the first) shows the digest the batch made
    c = window.controller
    qtbot.waitUntil(lambda: c.digest is not None, timeout=5000)
    assert c.digest.meta.thread.title == threads[0].title and window.cache_label.text() == "Cached"
    # a single-article file has no batch
    open_file(qtbot, window, SAMPLE)
    assert not window.act_summarize_all.isEnabled()


def test_filter_and_sort(qtbot: Any, window: Any, fake: FakeServer, tmp_path: Path) -> None:
    add_fake_endpoint(window, fake)
    open_board(qtbot, window, tmp_path)
    table = summarize_all(window)
    wait_done(qtbot, table)
    titles = [row.title for row in table.model.rows]
    table.text_filter.setText("第 003 篇")
    assert shown(table, TITLE) == [titles[2]]
    table.text_filter.setText("")
    assert len(shown(table, TITLE)) == ARTICLES
    combo = table.status_filter
    combo.setCurrentIndex(combo.findData(BatchStatus.FAILED))
    assert shown(table, TITLE) == []
    combo.setCurrentIndex(combo.findData(BatchStatus.OK))
    assert len(shown(table, TITLE)) == ARTICLES
    combo.setCurrentIndex(0)  # every status
    # comments sort as numbers, descending on a click of the header's sort
    table.table.sortByColumn(COMMENTS, Qt.SortOrder.DescendingOrder)
    counts = [int(text.replace(",", "")) for text in shown(table, COMMENTS)]
    assert counts == sorted((row.comments for row in table.model.rows), reverse=True)
    table.table.sortByColumn(ON_TOPIC, Qt.SortOrder.AscendingOrder)
    on = [float(text.rstrip("%")) for text in shown(table, ON_TOPIC)]
    assert on == sorted(on)
    table.table.sortByColumn(NUMBER, Qt.SortOrder.AscendingOrder)
    assert shown(table, NUMBER) == [str(i) for i in range(1, ARTICLES + 1)]


def click_row(qtbot: Any, table: BatchTable, row: int) -> None:
    view = table.table
    index = table.proxy.index(row, TITLE)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def test_a_click_opens_the_article_with_its_digest(
    qtbot: Any, window: Any, fake: FakeServer, tmp_path: Path
) -> None:
    add_fake_endpoint(window, fake)
    open_board(qtbot, window, tmp_path)
    table = summarize_all(window)
    wait_done(qtbot, table)
    c = window.controller
    threads = c.result.threads
    table.table.sortByColumn(NUMBER, Qt.SortOrder.DescendingOrder)  # row 1 is article 5
    with qtbot.waitSignal(c.cached, timeout=10_000, check_params_cb=lambda d: d is not None) as blocker:
        click_row(qtbot, table, 1)
    d = blocker.args[0]
    assert c.current is threads[ARTICLES - 2]
    assert d.meta.cached and d.meta.thread.title == threads[ARTICLES - 2].title
    assert c.digest is d and window.digest_view.summary.toPlainText()
    assert window.header.article_combo.currentIndex() == ARTICLES - 2
    assert len(fake.chat_requests) == ARTICLES  # from the cache: no call
    # Enter on another row opens that one; another file open meanwhile is opened again
    open_file(qtbot, window, SAMPLE)
    index = table.proxy.index(0, TITLE)  # article 6
    with qtbot.waitSignal(c.cached, timeout=10_000, check_params_cb=lambda d: d is not None):
        table.table.activated.emit(index)
    assert c.result is table.result and c.current is threads[ARTICLES - 1]
    assert window.act_summarize_all.isEnabled()


def test_a_failing_thread_shows_its_reason_and_the_others_finish(
    qtbot: Any, window: Any, fake: FakeServer, tmp_path: Path
) -> None:
    add_fake_endpoint(window, fake)
    open_board(qtbot, window, tmp_path)
    # one request fails for good (a 404 is not retried)
    fake.script.extend([Behavior(), Behavior("status", 404, body={"error": {"message": "no such model"}})])
    table = summarize_all(window)
    wait_done(qtbot, table)
    assert sorted(statuses(table)) == sorted([BatchStatus.OK] * (ARTICLES - 1) + [BatchStatus.FAILED])
    failed = next(row for row in table.model.rows if row.status == BatchStatus.FAILED)
    text = table.model.display(failed, STATUS)
    assert text.startswith("failed: ") and "has no model" in text and "Traceback" not in text
    assert failed.share("on_topic") is None and failed.index is not None
    assert table.info.text().startswith(f"Done: {ARTICLES - 1} summarized, 0 cached, 1 failed")
    table.status_filter.setCurrentIndex(table.status_filter.findData(BatchStatus.FAILED))
    assert shown(table, TITLE) == [failed.title]
    # again: only the failed thread makes a call
    n = len(fake.chat_requests)
    table.start_button.click()
    wait_done(qtbot, table)
    assert len(fake.chat_requests) == n + 1
    assert (
        statuses(table).count(BatchStatus.CACHED) == ARTICLES - 1
        and statuses(table).count(BatchStatus.OK) == 1
    )


def test_cancel_stops_and_keeps_what_is_done(qtbot: Any, window: Any, tmp_path: Path) -> None:
    with FakeServer(latency=0.3) as slow:
        p = add_fake_endpoint(window, slow)
        window.controller.services.profiles.add(dataclasses.replace(p, concurrency=1))
        window.controller.reload_profiles()
        open_board(qtbot, window, tmp_path)
        table = summarize_all(window)
        qtbot.waitUntil(lambda: statuses(table).count(BatchStatus.OK) >= 2, timeout=20_000)
        assert BatchStatus.RUNNING in statuses(table)
        qtbot.waitUntil(lambda: " articles done · " in table.info.text(), timeout=2000)
        assert f"of {ARTICLES} articles done · " in table.info.text()
        assert f" of about {ARTICLES} calls · " in table.info.text()
        t0 = time.monotonic()
        table.stop_button.click()
        wait_done(qtbot, table, "cancelled", timeout=5000)
        assert time.monotonic() - t0 < 1.0
        done = statuses(table).count(BatchStatus.OK)
        assert 2 <= done < ARTICLES and BatchStatus.RUNNING not in statuses(table)
        assert statuses(table).count(BatchStatus.WAITING) == ARTICLES - done
        assert "Cancelled: " in table.info.text() and "cached" in table.info.text()
        assert table.info.text().startswith(f"Cancelled: {done} of {ARTICLES} articles have a digest")
        n = len(slow.chat_requests)
        time.sleep(0.5)
        assert len(slow.chat_requests) == n  # no request after the cancel
        # again: the finished threads are cached, the others make their calls
        table.start_button.click()
        wait_done(qtbot, table)
        assert statuses(table).count(BatchStatus.CACHED) == done
        assert statuses(table).count(BatchStatus.OK) == ARTICLES - done
        assert len(slow.chat_requests) <= n + ARTICLES - done + 1  # (one cut short: again)


def test_a_big_batch_asks_first(qtbot: Any, window: Any, fake: FakeServer, tmp_path: Path) -> None:
    add_fake_endpoint(window, fake)
    window.controller.settings.ask_calls = 3
    open_board(qtbot, window, tmp_path)
    table = summarize_all(window)
    qtbot.waitUntil(lambda: table.dialog is not None and table.dialog.isVisible(), timeout=10_000)
    box = table.dialog
    assert isinstance(box, QMessageBox)
    assert (
        f"Summarizing all {ARTICLES} articles with fake · fake-model takes about "
        f"{ARTICLES} calls" in box.text()
    )
    assert not fake.chat_requests and statuses(table) == [BatchStatus.WAITING] * ARTICLES
    box.reject()  # Cancel: nothing starts
    assert not table.running and table.start_button.isEnabled()
    table.start_button.click()  # asks again
    qtbot.waitUntil(
        lambda: table.dialog is not box and table.dialog is not None and table.dialog.isVisible(),
        timeout=10_000,
    )
    assert table.dialog is not None
    start = next(b for b in table.dialog.buttons() if b.text() == "Summarize all")
    start.click()
    wait_done(qtbot, table)
    assert statuses(table) == [BatchStatus.OK] * ARTICLES
    # all cached now: below any limit, no question
    table.start_button.click()
    wait_done(qtbot, table)
    assert statuses(table) == [BatchStatus.CACHED] * ARTICLES and len(fake.chat_requests) == ARTICLES


def test_copy_puts_the_rows_shown_on_the_clipboard(
    qtbot: Any, window: Any, fake: FakeServer, tmp_path: Path
) -> None:
    add_fake_endpoint(window, fake)
    open_board(qtbot, window, tmp_path)
    table = summarize_all(window)
    wait_done(qtbot, table)
    table.copy_button.click()
    lines = QGuiApplication.clipboard().text().rstrip("\n").split("\n")
    assert lines[0].split("\t") == ["#", "Title", "Comments", "On topic", "Off topic", "Unassigned", "Status"]
    assert len(lines) == ARTICLES + 1
    for line, row in zip(lines[1:], table.model.rows, strict=True):
        cells = line.split("\t")
        assert cells[1] == row.title and cells[2] == f"{row.comments:,}"
        assert cells[3].endswith("%") and cells[6] == "done"
    assert window.statusBar().currentMessage() == f"{ARTICLES} rows copied"
    table.text_filter.setText("第 002 篇")
    table.copy_button.click()
    lines = QGuiApplication.clipboard().text().rstrip("\n").split("\n")
    assert len(lines) == 2 and lines[1].split("\t")[1] == table.model.rows[1].title


def test_export_writes_the_batch_index(
    qtbot: Any, window: Any, fake: FakeServer, tmp_path: Path, monkeypatch: Any
) -> None:
    add_fake_endpoint(window, fake)
    open_board(qtbot, window, tmp_path)
    table = summarize_all(window)
    wait_done(qtbot, table)
    out = tmp_path / "out"
    out.mkdir()
    for name in ("index.csv", "index.jsonl"):
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *a, n=name, **k: (str(out / n), ""))
        )
        table.export_button.click()
        qtbot.waitUntil(lambda n=name: (out / n).is_file(), timeout=10_000)
    rows = read_index(out)
    assert [r["seq"] for r in rows] == list(range(1, ARTICLES + 1))
    assert all(r["status"] == "ok" and r["on_topic"] is not None for r in rows)
    assert [r["title"] for r in rows] == [row.title for row in table.model.rows]
    csv_rows = read_index_csv(out)
    assert list(csv_rows[0]) == list(CSV_COLUMNS)
    assert [r["title"] for r in csv_rows] == [r["title"] for r in rows]
    assert (out / "index.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    qtbot.waitUntil(lambda: "rows saved to" in window.statusBar().currentMessage())


def test_a_batch_follows_preferences_short_answers(
    qtbot: Any, window: Any, fake: FakeServer, tmp_path: Path
) -> None:
    """With Preferences → Answers → Short, a batch asks for compact answers, and the
    article opened afterwards shows the batch's digest from the cache (it ran Full, and
    the Short lookup then found nothing)."""
    from .test_gui_answer_form import NO_QUOTES, compact_or_rich

    fake.answer = compact_or_rich
    window.controller.settings.answer_form = "compact"
    add_fake_endpoint(window, fake)
    open_board(qtbot, window, tmp_path)
    table = summarize_all(window)
    wait_done(qtbot, table)
    assert statuses(table) == [BatchStatus.OK] * ARTICLES
    asked = [r.body["messages"][-1]["content"] for r in fake.chat_requests]
    assert len(asked) == ARTICLES and all(NO_QUOTES in text for text in asked)
    c = window.controller
    qtbot.waitUntil(lambda: c.digest is not None, timeout=5000)
    assert c.digest.meta.form == "compact" and window.cache_label.text() == "Cached"

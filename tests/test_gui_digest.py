"""Summarizing from the window against the scripted server: the digest panels, floor
links, copy, cancel, quitting mid-run, endpoint switching, cached reopen, errors."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from threadgist.digest.pipeline import Progress
from threadgist.digest.plaintext import columns
from threadgist.gui.main_window import MainWindow
from threadgist.messages import msg
from threadgist.store.settings import Settings

from .conftest import SAMPLE
from .fakeserver import Behavior, FakeServer
from .guihelpers import add_fake_endpoint, open_file, summarize


def test_summarize_shows_panels_and_saves_to_cache(qtbot: Any, window: Any, fake: FakeServer) -> None:
    add_fake_endpoint(window, fake)
    open_file(qtbot, window)
    assert "fake" in window.run_panel.info.text() and "in one call" in window.run_panel.info.text()
    progress: list[Any] = []
    window.controller.progress.connect(progress.append)
    d = summarize(qtbot, window)
    assert len(fake.chat_requests) == 1
    assert any(p.text for p in progress), "the summary streamed in"
    assert {p.stage for p in progress} >= {"write"}
    dv = window.digest_view
    assert d.summary[:20] in dv.summary.toPlainText()
    assert d.viewpoints and d.viewpoints[0].title in dv.viewpoints.toPlainText()
    assert dv.tabs.tabText(1) == f"Viewpoints ({len(d.viewpoints)})"
    assert "引用檢查" in dv.summary.toPlainText()  # the digest speaks the thread's language
    assert window.cache_label.text() == "Saved to cache"
    assert dv.chart.shares == d.shares
    assert not window.run_panel.bar.isVisible() and window.run_panel.go.isVisible()


def test_floor_link_scrolls_and_highlights_the_viewpoint(qtbot: Any, window: Any, fake: FakeServer) -> None:
    add_fake_endpoint(window, fake)
    open_file(qtbot, window)
    d = summarize(qtbot, window)
    vp = d.viewpoints[0]
    target = sorted(vp.floors)[-1]
    html = window.digest_view.viewpoints.toHtml()
    assert 'href="floor:' in html
    with qtbot.waitSignal(window.digest_view.floor_clicked) as blocker:
        window.digest_view.viewpoints.anchorClicked.emit(QUrl(f"floor:{target}?g=vp0"))
    assert blocker.args == [target, vp.floors]
    cv = window.comments
    assert cv.model.highlighted == set(vp.floors)
    current = cv.proxy.mapToSource(cv.table.currentIndex()).row()
    assert cv.model.comments[current].floor == target
    # highlighted rows are painted with a background, the others are not
    other = next(f for f in range(1, 71) if f not in vp.floors)
    bg = Qt.ItemDataRole.BackgroundRole
    assert cv.model.index(cv.model.row_of(target), 3).data(bg) is not None
    assert cv.model.index(cv.model.row_of(other), 3).data(bg) is None
    # a link to a digression's group highlights all of its floors
    if d.off_topic:
        window.digest_view.off_topic.anchorClicked.emit(QUrl("group:ot0"))
        assert cv.model.highlighted == set(d.off_topic[0].floors)


def test_copy_summary_and_all_put_html_and_text_on_the_clipboard(
    qtbot: Any, window: Any, fake: FakeServer
) -> None:
    add_fake_endpoint(window, fake)
    open_file(qtbot, window)
    d = summarize(qtbot, window)
    window.act_copy_summary.trigger()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasHtml() and mime.hasText()
    text = mime.text()
    # where it comes from: board and title, the address (or file), endpoint · model · date; then the summary
    lines = text.split("\n")
    assert lines[0] == f"[Tech_Job] {d.meta.thread.title}"
    url = window.controller.current.url  # the address the copied text names
    assert url and url.startswith("https://www.ptt.cc/bbs/Tech_Job/")
    assert lines[1] == url and lines[2].startswith("fake · fake-model · 20")
    assert text.rstrip().endswith(d.summary.strip())
    assert d.summary.split("\n")[0][:15] in mime.html() and url in mime.html()
    window.act_copy_all.trigger()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.text().startswith("# Tech_Job · ") and "## 主要觀點" in mime.text()
    assert "<h2>" in mime.html() and "floor:" not in mime.html()
    # for a PTT reply: plain text, no Markdown, no line wider than 78 columns
    window.act_copy_ptt.trigger()
    ptt = QGuiApplication.clipboard().text()
    assert "【摘要】" in ptt and "#" not in ptt.split("\n")[0] and "**" not in ptt
    assert max(columns(line) for line in ptt.split("\n")) <= 78


def test_export_markdown_and_json(
    qtbot: Any, window: Any, fake: FakeServer, tmp_path: Path, monkeypatch: Any
) -> None:
    import json

    from PySide6.QtWidgets import QFileDialog

    add_fake_endpoint(window, fake)
    open_file(qtbot, window)
    summarize(qtbot, window)
    for ext in ("md", "json"):
        target = tmp_path / f"out.{ext}"
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *a, t=target, **k: (str(t), ""))
        )
        (window.act_export_md if ext == "md" else window.act_export_json).trigger()
        assert target.is_file()
    assert "## 摘要" in (tmp_path / "out.md").read_text("utf-8")
    assert json.loads((tmp_path / "out.json").read_text("utf-8"))["schema_version"] == 1
    blocked = tmp_path / "a-file" / "out.md"  # its folder is a file: the write fails
    blocked.parent.write_text("")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(blocked), "")))
    window.act_export_md.trigger()
    box = window.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text() == "The file could not be written." and str(blocked) in box.informativeText()
    box.close()


def test_export_starts_in_the_last_export_folder_never_the_working_folder(
    qtbot: Any, window: Any, fake: FakeServer, tmp_path: Path, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QFileDialog

    add_fake_endpoint(window, fake)
    open_file(qtbot, window)
    summarize(qtbot, window)
    asked: list[str] = []
    chosen = tmp_path / "exports" / "mine.md"
    chosen.parent.mkdir()

    def dialog(_parent: Any, _caption: str, start: str, _filters: str) -> tuple[str, str]:
        asked.append(start)
        return str(chosen), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    monkeypatch.chdir(tmp_path)
    window.act_export_md.trigger()
    first = Path(asked[0])
    assert first.is_absolute() and first.parent != tmp_path and first.suffix == ".md"
    assert window.controller.settings.export_folder == str(chosen.parent)
    window.act_export_json.trigger()
    assert Path(asked[1]).parent == chosen.parent and asked[1].endswith(".json")
    from threadgist.store.settings import load_settings

    qtbot.waitUntil(lambda: load_settings().export_folder == str(chosen.parent), timeout=5000)


def test_cancel_stops_within_half_a_second(qtbot: Any, window: Any) -> None:
    with FakeServer(chunk_chars=4) as slow:
        slow.script.append(Behavior(gap=0.05))  # a long, slow stream
        add_fake_endpoint(window, slow)
        open_file(qtbot, window)
        texts: list[str] = []
        window.controller.progress.connect(lambda p: texts.append(p.text))
        with qtbot.waitSignal(window.controller.started):
            qtbot.mouseClick(window.run_panel.go, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any(texts), timeout=10_000)  # streaming has begun
        assert window.run_panel.stop.isVisible()
        t0 = time.monotonic()
        with qtbot.waitSignal(window.controller.cancelled, timeout=2000):
            qtbot.mouseClick(window.run_panel.stop, Qt.MouseButton.LeftButton)
        assert time.monotonic() - t0 < 0.5
        assert not window.controller.running and window.run_panel.go.isVisible()
        assert "Cancelled" in window.statusBar().currentMessage()


def test_quitting_during_a_run_exits_cleanly(qtbot: Any, home: Path) -> None:
    with FakeServer(chunk_chars=4) as slow:
        slow.script.append(Behavior(gap=0.05))
        w = MainWindow(Settings(ui_lang="en"))
        w.show()
        add_fake_endpoint(w, slow)
        open_file(qtbot, w)
        with qtbot.waitSignal(w.controller.started):
            w.controller.summarize()
        qtbot.waitUntil(lambda: len(slow.chat_requests) == 1, timeout=10_000)
        t0 = time.monotonic()
        w.close()
        took = time.monotonic() - t0
        assert took < 3.5
        runner = w.controller.runner
        assert runner._closed and not runner._thread.is_alive()
        assert (home / "config" / "settings.json").is_file()  # geometry saved on the way out


def test_switching_endpoint_shows_its_cached_digest(qtbot: Any, window: Any, fake: FakeServer) -> None:
    add_fake_endpoint(window, fake, "first")
    open_file(qtbot, window)
    d = summarize(qtbot, window)
    add_fake_endpoint(window, fake, "second", model="other-model")
    assert window.endpoint_bar.current_name() == "second"
    with qtbot.waitSignal(window.controller.cached, timeout=5000) as blocker:
        window.endpoint_bar.endpoint_chosen.emit("second")
    assert blocker.args == [None]
    assert "Not summarized" in window.digest_view.status.text()
    # one click back on the combo box: the first endpoint's digest, marked cached
    combo = window.endpoint_bar.endpoints
    with qtbot.waitSignal(window.controller.cached, timeout=5000) as blocker:
        combo.activated.emit(combo.findData("first"))
    cached = blocker.args[0]
    assert cached is not None and cached.summary == d.summary and cached.meta.cached
    assert "Cached digest" in window.digest_view.status.text()
    assert window.cache_label.text() == "Cached"
    assert len(fake.chat_requests) == 1


def test_reopening_shows_the_cached_digest_and_again_bypasses_it(
    qtbot: Any, window: Any, fake: FakeServer
) -> None:
    add_fake_endpoint(window, fake)
    open_file(qtbot, window)
    d = summarize(qtbot, window)
    w2 = MainWindow(Settings(ui_lang="en", endpoint="fake"))
    qtbot.addWidget(w2)
    with qtbot.waitSignal(w2.controller.cached, timeout=10_000) as blocker:
        w2.open_path(str(SAMPLE))
    assert blocker.args[0] is not None and blocker.args[0].meta.cached
    assert d.meta.endpoint in w2.digest_view.status.text()
    assert "Cached digest from" in w2.digest_view.status.text()
    qtbot.waitUntil(lambda: w2.run_panel.estimate is not None)
    summarize(qtbot, w2, again=True)
    assert len(fake.chat_requests) == 2
    w2.shutdown()


def _button(box: QMessageBox, text: str) -> QPushButton | None:
    return next((b for b in box.buttons() if b.text() == text), None)  # type: ignore[misc]


def test_auth_error_offers_endpoint_settings(qtbot: Any, window: Any, fake: FakeServer) -> None:
    add_fake_endpoint(window, fake)
    open_file(qtbot, window)
    fake.script.append(Behavior("status", 401, {"error": {"message": "Incorrect API key"}}))
    with qtbot.waitSignal(window.controller.failed, timeout=10_000):
        window.controller.summarize()
    box = window.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text() == "The endpoint rejected the API key. Set the key again in the endpoint settings."
    detail = box.informativeText()  # the digest layer's message: which endpoint, what status
    assert "“fake” rejected the API key (401)" in detail and "Traceback" not in detail
    settings = _button(box, "Open endpoint settings")
    assert settings is not None and _button(box, "Retry") is None
    qtbot.mouseClick(settings, Qt.MouseButton.LeftButton)
    from threadgist.gui.endpoint_dialog import EndpointDialog

    assert isinstance(window.dialog, EndpointDialog) and window.dialog.isVisible()
    window.dialog.reject()


def test_server_error_offers_retry(qtbot: Any, window: Any, fake: FakeServer) -> None:
    add_fake_endpoint(window, fake)
    open_file(qtbot, window)
    for _ in range(4):  # more than the client's own retries
        fake.script.append(Behavior("status", 500, {"error": {"message": "boom"}}))
    with qtbot.waitSignal(window.controller.failed, timeout=30_000):
        window.controller.summarize()
    retry = _button(window.dialog, "Retry")
    assert retry is not None
    with qtbot.waitSignal(window.controller.finished, timeout=30_000):
        qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)


class _Catcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_model_output_is_rendered_inert(qtbot: Any, window: Any, fake: FakeServer, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LOCAL-FILE")
    add_fake_endpoint(window, fake)
    open_file(qtbot, window)
    d = summarize(qtbot, window)
    d.summary = (
        f'<b>bold</b> <img src="file://{secret}"> [x](file://{secret}) '
        '<a href="https://example.org/">site</a>'
    )
    window.digest_view.show_digest(d)
    browser = window.digest_view.summary
    text = browser.toPlainText()
    assert "<b>bold</b>" in text and "<img" in text  # shown as text, not markup
    assert "TOP-SECRET" not in text
    catcher = _Catcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")
    QDesktopServices.setUrlHandler("file", catcher, "open")
    try:
        before = browser.toHtml()
        browser.anchorClicked.emit(QUrl(f"file://{secret}"))
        browser.anchorClicked.emit(QUrl("javascript:alert(1)"))
        assert browser.toHtml() == before and catcher.urls == []
        browser.anchorClicked.emit(QUrl("https://example.org/"))
        assert catcher.urls == ["https://example.org/"]
    finally:
        QDesktopServices.unsetUrlHandler("https")
        QDesktopServices.unsetUrlHandler("file")
    assert browser.loadResource(2, QUrl.fromLocalFile(str(secret))) is None


def test_low_confidence_verdict_is_shown_and_cleared(qtbot: Any, window: Any, fake: FakeServer) -> None:
    """A digest that the checks find unreliable says so above the tabs and in the summary;
    a good one shows no verdict."""
    add_fake_endpoint(window, fake)
    open_file(qtbot, window)
    same = list(range(1, 9))
    fake.answer = lambda messages: {
        "summary": "這篇文章在討論遠端工作以及大家對於",  # cut mid-sentence
        "viewpoints": [
            {"title": "看法", "statement": "s", "floors": same, "quotes": []},
            {"title": "看法", "statement": "s", "floors": same, "quotes": []},
        ],
        "off_topic": [],
    }
    summarize(qtbot, window)
    dv = window.digest_view
    assert dv.verdict.isVisible()
    assert dv.verdict.textFormat() == Qt.TextFormat.PlainText
    # the banner speaks the interface's language (English here), copies the digest's
    assert "Low confidence" in dv.verdict.text() and "stops mid-sentence" in dv.verdict.text()
    from threadgist.digest.html import full_html

    assert "信心低" in full_html(dv.digest)  # and in what Copy all puts on the clipboard
    dv.clear()
    assert not dv.verdict.isVisible()


def test_the_bundled_model_is_said_to_be_too_small(qtbot: Any, window: Any) -> None:
    """Before the first run, the panel says that the bundled tiny model is not for real
    digests and what to use instead."""
    from threadgist.services.estimate import Estimate

    e = Estimate(
        "Built-in (local)", "local", 1, 1, 1000, 1024, False, None, None, "zh-TW", [], small_model=True
    )
    window.run_panel.set_estimate(e)
    assert "far too small for reliable digests" in window.run_panel.info.text()
    window.run_panel.set_estimate(Estimate("fake", "m", 1, 1, 1000, 1024, True, None, None, "zh-TW", []))
    assert "too small" not in window.run_panel.info.text()


def test_labels_that_show_data_are_plain_text(window: Any) -> None:
    """An endpoint or model name that looks like HTML is shown as typed, never rendered."""
    from PySide6.QtWidgets import QLabel

    data_labels = [
        window.digest_view.status,
        window.endpoint_label,
        window.cache_label,
        window.run_panel.info,
        window.run_panel.stage,
        window.digest_view.verdict,
        window.comments.filter_label,
        window.comments.count_label,
    ]
    for label in data_labels:
        assert isinstance(label, QLabel)
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()


def test_a_digest_made_over_several_runs_says_what_the_last_one_spent(
    qtbot: Any, window: Any, fake: FakeServer
) -> None:
    """The footer counts the whole digest's calls and tokens; when earlier runs made part
    of it, what the last run spent follows."""
    add_fake_endpoint(window, fake)
    open_file(qtbot, window)
    d = summarize(qtbot, window)
    assert "in the last run" not in window.digest_view.status.text()
    resumed = dataclasses.replace(
        d,
        usage=dataclasses.replace(
            d.usage,
            calls=12,
            prompt_tokens=30_000,
            completion_tokens=4_000,
            run_calls=5,
            run_prompt_tokens=9_000,
            run_completion_tokens=1_000,
        ),
    )
    window.digest_view.show_digest(resumed)
    assert window.digest_view.status.text().endswith(
        "· 12 calls, 34,000 tokens (5 calls, 10,000 tokens in the last run)"
    )
    settings = window.controller.settings
    window.apply_settings(dataclasses.replace(settings, ui_lang="zh_TW"))
    QApplication.processEvents()  # LanguageChange is a posted event
    try:
        assert window.digest_view.status.text().endswith(
            "12 次呼叫，34,000 個詞元（最後一次執行：5 次呼叫，10,000 個詞元）"
        )
    finally:
        window.apply_settings(dataclasses.replace(settings, ui_lang="en"))
        QApplication.processEvents()


def test_waiting_for_another_run_is_shown_as_such(qtbot: Any, window: Any) -> None:
    """A part another Threadgist run is summarizing is shown as waited for, not as a call
    nor as a reason for more calls, in the interface's language."""
    panel = window.run_panel
    panel.set_running(True)
    panel.show_progress(
        Progress(
            "map",
            5,
            15,
            0,
            0,
            waiting=msg(
                "parts {parts} are being summarized by another Threadgist run: waiting for them", parts="5–7"
            ),
        )
    )
    text = panel.stage.text()
    assert text.endswith("\nparts 5–7 are being summarized by another Threadgist run: waiting for them")
    assert "More calls" not in text
    settings = window.controller.settings
    window.apply_settings(dataclasses.replace(settings, ui_lang="zh_TW"))
    QApplication.processEvents()
    try:
        assert panel.stage.text().endswith("另一個 Threadgist 執行正在摘要第 5–7 段：等待它們完成")
    finally:
        window.apply_settings(dataclasses.replace(settings, ui_lang="en"))
        QApplication.processEvents()
        panel.set_running(False)


def test_the_run_panel_lists_each_call(qtbot: Any, window: Any, fake: FakeServer) -> None:
    """One row per call as it happens — step, the floors it covers, tokens, state — kept
    after the run until another run or another thread."""
    from threadgist.llm.profiles import EndpointProfile

    p = EndpointProfile.from_preset(
        "fake", "custom", base_url=fake.base_url, model="fake-model", context_window=1900, concurrency=2
    )
    window.controller.services.profiles.add(p, make_default=True)
    window.controller.reload_profiles()
    window.controller.set_endpoint("fake")
    window.controller.settings.ask_calls = 0  # no "a big run" question first
    open_file(qtbot, window)
    panel = window.run_panel
    assert not panel.calls.isVisible()
    fake.latency = 0.3
    during: list[list[str]] = []
    window.controller.progress.connect(
        lambda _p: during.append([panel.calls.item(i).text() for i in range(panel.calls.count())])
    )
    summarize(qtbot, window)
    rows = [panel.calls.item(i).text() for i in range(panel.calls.count())]
    assert panel.calls.isVisible() and len(rows) == len(fake.chat_requests) >= 4
    maps = [r for r in rows if ". Read · " in r]
    assert rows[0].startswith("1. Condense · done · the article · ")  # long for 1,900 tokens
    assert maps[0].startswith("2. Read · done · part 1 of ") and ": floors 1–" in maps[0]
    merges = [r for r in rows if ". Merge · " in r]
    assert merges[-1].split(". ", 1)[1].startswith(f"Merge · done · parts 1–{len(maps)} · ")
    # then every part's comments sorted into the merged groups: one call per part, last
    sorts = rows[-len(maps) :]
    assert all(". Sort · done · floors " in r for r in sorts) and rows[-1].startswith(f"{len(rows)}. ")
    assert all(r.split(" · ")[1] == "done" and r.endswith(" tokens") for r in rows)
    seen = {r.split(" · ")[1] for snapshot in during for r in snapshot}
    assert {"waiting", "reading the prompt", "answering", "done"} <= seen, seen
    assert panel.calls.height() < 7 * panel.fontMetrics().lineSpacing()  # a fixed few rows
    open_file(qtbot, window)  # another thread: the list goes
    assert not panel.calls.isVisible() and panel.calls.count() == 0

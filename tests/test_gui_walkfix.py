"""Findings of a new user's walk of the app (issue 25's bar): the long-run question fits
its text, no call into the first-run panel once it closed, the newest-N choice only when
it is faster, one line for an empty thread, partial digests say what they cover in every
copy, no English in the zh-TW texts, and the run panel's rows belong to their run."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QLabel

LANGS = ("en", "zh_TW")


def _long_estimate(**changes: Any) -> Any:
    from threadgist.services.estimate import Estimate

    base = Estimate("builtin", "qwen2.5-1.5b-instruct-q4_k_m", 1, 1, 4431, 1024, True, None, None, "en", [])
    return dataclasses.replace(base, minutes=12.0, **changes)


@pytest.mark.parametrize("lang", LANGS)
def test_long_run_question_shows_all_its_text(qtbot: Any, window: Any, lang: str) -> None:
    from threadgist.gui.confirm_run import ConfirmRun
    from threadgist.gui.run_limits import Faster

    settings = window.controller.settings
    window.apply_settings(dataclasses.replace(settings, ui_lang=lang))
    QApplication.processEvents()
    try:
        dlg = ConfirmRun(_long_estimate(), 70, window, Faster(server="", model="", cloud=True))
        dlg.show()
        qtbot.waitExposed(dlg)
        QApplication.processEvents()
        labels = [label for label in dlg.findChildren(QLabel) if label.isVisible() and label.text()]
        assert labels
        for label in labels:
            need = label.heightForWidth(label.width())
            assert label.height() >= need, (lang, label.text()[:40], label.height(), need)
            top_left = label.mapTo(dlg, QPoint(0, 0))
            assert top_left.y() >= 0 and top_left.x() >= 0, (lang, label.text()[:40], top_left)
            assert top_left.y() + label.height() <= dlg.height(), (lang, label.text()[:40], dlg.height())
            assert top_left.x() + label.width() <= dlg.width()
        dlg.close()
    finally:
        window.apply_settings(dataclasses.replace(settings, ui_lang="en"))
        QApplication.processEvents()


def test_no_call_into_the_first_run_panel_after_it_closed(qtbot: Any, home: Any) -> None:
    from PySide6.QtCore import QEvent

    from threadgist.gui.main_window import MainWindow
    from threadgist.llm.capabilities import Capabilities
    from threadgist.llm.catalog_fit import Speed
    from threadgist.llm.speedtest import remember
    from threadgist.store.paths import cache_dir
    from threadgist.store.settings import Settings

    from .guihelpers import open_file

    remember(Capabilities(cache_dir() / "endpoints.json"), Speed(184.0, 47.5, 0.135))
    window = MainWindow(Settings(ui_lang="en"))
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: window.first_run is not None, timeout=5_000)
        window.first_run.dismissed.emit()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert window.first_run is None
        with qtbot.captureExceptions() as raised:
            open_file(qtbot, window)  # an estimate arrives
            window.controller.estimated.emit(window.controller.last_estimate)
            QApplication.processEvents()
        assert not raised, raised
    finally:
        window.shutdown()


@pytest.mark.parametrize(("comments", "offered"), [(70, True), (3000, True), (12, False)])
def test_the_newest_choice_only_when_it_is_faster(qtbot: Any, comments: int, offered: bool) -> None:
    from threadgist.gui.confirm_run import ConfirmRun

    dlg = ConfirmRun(_long_estimate(), comments)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.part_button.isVisible() is offered and dlg.newest.isVisible() is offered
    assert ("only the newest" in dlg.plan.text()) is offered
    if offered:
        assert dlg.newest.value() <= comments // 2 and dlg.newest.maximum() < comments
        assert dlg.newest.value() == min(500, comments // 2)


def test_a_thread_without_comments_says_so_once(qtbot: Any, window: Any, tmp_path: Any) -> None:
    from .conftest import SAMPLE
    from .guihelpers import open_file

    lines = SAMPLE.read_text("utf-8").splitlines()
    article = tmp_path / "no-comments.txt"
    end = lines.index("※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 114.32.18.77 (臺灣)") + 2
    article.write_text("\n".join(lines[:end]) + "\n")
    with qtbot.waitSignal(window.controller.thread_changed, timeout=10_000):
        window.open_path(str(article))
    qtbot.waitUntil(lambda: not window.digest_view.looking, timeout=10_000)
    QApplication.processEvents()
    panel, status = window.run_panel, window.digest_view.status
    assert "no comments" in panel.info.text() and not panel.go.isEnabled()
    assert not status.isVisible() or not status.text(), status.text()
    open_file(qtbot, window)  # a thread with comments: "not summarized … press Summarize"
    qtbot.waitUntil(lambda: not window.digest_view.looking, timeout=10_000)
    assert status.isVisible() and "Summarize" in status.text()


def _partial_digest(lang: str, *, newest: bool) -> Any:
    from threadgist.digest.meta import DigestMeta, NewSince
    from threadgist.digest.model import Digest, Usage, Verification
    from threadgist.messages import msg

    note = msg(
        "only the newest {newest:,} of {total:,} comments (floors {first}–{last}) were summarized",
        newest=500,
        total=20_000,
        first=19_501,
        last=20_000,
    )
    meta = DigestMeta(endpoint="fast", model="fake-model", lang=lang, created_at=1.8e9)
    if not newest:
        meta.new_since = NewSince(19_000, 1_000)
    return Digest(
        "合併摘要。", [], [], {}, {}, Verification(), Usage(), meta, warnings=[note] if newest else []
    )


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
@pytest.mark.parametrize("newest", [True, False])
def test_every_copy_of_a_partial_digest_says_what_it_covers(qtbot: Any, lang: str, newest: bool) -> None:
    from PySide6.QtGui import QGuiApplication

    from threadgist.digest.markdown import summary_markdown
    from threadgist.digest.plaintext import summary_text, to_ptt_text
    from threadgist.gui.export import copy_summary

    digest = _partial_digest(lang, newest=newest)
    said = ("500" if lang == "zh-TW" else "newest 500 of 20,000") if newest else "1,000"
    copy_summary(digest, "big.txt")
    mime = QGuiApplication.clipboard().mimeData()
    copies = {
        "markdown": summary_markdown(digest),
        "text": summary_text(digest, "big.txt"),
        "ptt": to_ptt_text(digest, "big.txt"),
        "clipboard text": mime.text(),
        "clipboard html": mime.html(),
    }
    for name, text in copies.items():
        assert said in text, (name, text)
        assert ("最新" in text or "之後" in text) if lang == "zh-TW" else "comments" in text, (name, text)


def _big_digest(lang: str) -> Any:
    from threadgist.digest.meta import DigestMeta
    from threadgist.digest.model import Digest, Usage, Verification

    totals = {"push": 10_040, "boo": 1_668, "arrow": 8_292, "net": 8_372, "comments": 20_000, "users": 6_336}
    shares = {"on_topic": 1.0, "off_topic": 0.0, "unassigned": 0.0}
    usage = Usage(prompt_tokens=440_000, completion_tokens=7_951, calls=74, run_calls=74)
    meta = DigestMeta(endpoint="fast", model="fake-model", lang=lang, created_at=1.8e9)
    return Digest("摘要。", [], [], totals, shares, Verification(checked=20_006), usage, meta)


def test_a_chinese_digest_has_no_english_and_one_number_format(qtbot: Any) -> None:
    from PySide6.QtGui import QGuiApplication

    from threadgist.digest.html import checks_html, full_html
    from threadgist.digest.markdown import to_markdown
    from threadgist.gui.export import copy_all

    digest = _big_digest("zh-TW")
    copy_all(digest)
    mime = QGuiApplication.clipboard().mimeData()
    for name, text in {
        "markdown": to_markdown(digest),
        "html": full_html(digest),
        "clipboard": mime.text(),
    }.items():
        for english in ("call(s)", "tokens", "; "):
            assert english not in text, (name, english, text)
        for shown in (
            "推 10,040",
            "噓 1,668",
            "+8,372",
            "20,000 則留言",
            "6,336 人",
            "檢查了 20,006 筆引用；全部有效",
        ):
            assert shown in text, (name, shown, text)
        assert "74 次呼叫" in text and "440,000+7,951 個詞元" in text, (name, text)
    assert "檢查了 20,006 筆引用；全部有效" in checks_html(digest)
    english = to_markdown(_big_digest("en"))
    assert "20,006 citations checked; all valid" in english and "74 call(s), 440,000+7,951 tokens" in english


def test_the_plan_line_names_the_built_in_model_in_the_interface_language(window: Any) -> None:
    settings = window.controller.settings
    estimate = dataclasses.replace(_long_estimate(), endpoint="Built-in (local)", model="local", minutes=None)
    window.apply_settings(dataclasses.replace(settings, ui_lang="zh_TW"))
    QApplication.processEvents()
    try:
        window.run_panel.set_estimate(estimate)
        text = window.run_panel.info.text()
        assert "local" not in text and "本機模型" in text, text
    finally:
        window.apply_settings(dataclasses.replace(settings, ui_lang="en"))


def test_the_thread_header_groups_the_net_score(qtbot: Any, window: Any) -> None:
    from threadgist.thread.model import PUSH, Comment, Thread

    comments = [Comment(floor=i, author=f"u{i}", text="推", tag=PUSH) for i in range(1, 1_201)]
    window.header.set_thread(Thread("ptt", "ptt", "utf-8", "t", "body", comments))
    assert "+1,200" in window.header.totals.text(), window.header.totals.text()


def _call(number: int, phase: Any) -> Any:
    from threadgist.digest.calls import CallState, CallStep
    from threadgist.messages import msg

    covers = msg("part {n}", n=number)
    return CallState(number, CallStep.MAP, covers, 3_000, 0, phase, 0, 0, True, 1.0)


def test_the_calls_under_way_stay_in_view(qtbot: Any, window: Any) -> None:
    from threadgist.digest.calls import CallPhase

    panel = window.run_panel
    panel.reset_calls()
    ended = [_call(i, CallPhase.DONE) for i in range(1, 41)]
    running = [_call(i, CallPhase.ANSWERING) for i in range(41, 43)]
    waiting = [_call(i, CallPhase.WAITING) for i in range(43, 147)]
    panel.calls.show_calls(tuple(ended + running + waiting))
    QApplication.processEvents()
    view = panel.calls.viewport().rect()
    for row in (40, 41):  # the calls answering, not the last ones waiting
        assert view.intersects(panel.calls.visualItemRect(panel.calls.item(row))), row
    assert not view.intersects(panel.calls.visualItemRect(panel.calls.item(145)))


def test_another_endpoint_does_not_show_this_runs_calls(qtbot: Any, window: Any, fake: Any) -> None:
    from .guihelpers import add_fake_endpoint, open_file, summarize

    add_fake_endpoint(window, fake, name="other")
    add_fake_endpoint(window, fake, name="fake")
    open_file(qtbot, window)
    summarize(qtbot, window)
    panel = window.run_panel
    assert panel.calls.count() > 0  # the run's rows, under its digest
    window.controller.set_endpoint("other")
    QApplication.processEvents()
    assert panel.calls.count() == 0 and not panel.calls.isVisible()


def test_a_cancelled_run_leaves_no_rows_under_the_digest_from_before(qtbot: Any, window: Any) -> None:
    from PySide6.QtCore import Qt

    from .fakeserver import Behavior, FakeServer
    from .guihelpers import add_fake_endpoint, open_file, summarize

    with FakeServer(chunk_chars=4) as slow:
        add_fake_endpoint(window, slow)
        open_file(qtbot, window)
        before = summarize(qtbot, window)
        slow.script.append(Behavior(gap=0.05))  # the next run: a long, slow stream
        panel = window.run_panel
        with qtbot.waitSignal(window.controller.started):
            qtbot.mouseClick(panel.again, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.calls.count() > 0, timeout=10_000)
        with qtbot.waitSignal(window.controller.cancelled, timeout=5_000):
            qtbot.mouseClick(panel.stop, Qt.MouseButton.LeftButton)
        assert window.digest_view.digest is before  # the digest from before is shown…
        assert panel.calls.count() == 0  # …without the cancelled run's rows


def test_the_long_run_question_keeps_a_readable_width(qtbot: Any) -> None:
    from threadgist.gui.confirm_run import ConfirmRun

    dlg = ConfirmRun(_long_estimate(), 70)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.minimumWidth() >= 40 * dlg.fontMetrics().averageCharWidth()

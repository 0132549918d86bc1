"""The drift timeline in the window (gui/timeline.py) on a scripted digest of the bundled
sample: the onset said, hover naming a group and its count, a click filtering the comment
list to that group's comments in that stretch, floor order and time, and the copies."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QToolTip

from threadgist.digest.drift_model import DIGRESSION

from .driftdata import LUNCH, TRAFFIC, sample_drift_answer
from .fakeserver import FakeServer
from .guihelpers import add_fake_endpoint, open_file, summarize


def timeline_of(qtbot: Any, window: Any, fake: FakeServer, answer: Any = sample_drift_answer) -> Any:
    fake.answer = answer
    add_fake_endpoint(window, fake)
    open_file(qtbot, window)
    summarize(qtbot, window)
    view = window.digest_view
    view.tabs.setCurrentWidget(view.timeline)
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: view.timeline.isVisible() and view.timeline.plot_rect().height() > 40)
    return view.timeline


def centre(rect: Any) -> QPoint:
    return rect.center().toPoint()


def test_the_timeline_says_where_the_thread_drifted(qtbot: Any, window: Any, fake: FakeServer) -> None:
    timeline = timeline_of(qtbot, window, fake)
    assert window.digest_view.tabs.tabText(3) == "Timeline"
    made = timeline.drift
    assert made is not None and not made.by_time  # a burst, then a trickle: floor order
    assert made.onset is not None and made.onset.floor == TRAFFIC[0]
    assert timeline.line.text() == (
        "Off topic from 12/30 21:18 (floor 15): 32% of what followed"
        " · It began with tealgrove, mostly into “內湖交通與政治口水”"
    )
    # over time the first bar holds 46 of the 70 comments, and no lasting drift shows
    assert timeline.floor_order.isVisible() and timeline.floor_order.isChecked()
    timeline.floor_order.click()
    assert timeline.drift.by_time and timeline.drift.bins[0].total == 46
    assert timeline.line.text() == "No lasting drift off topic"
    timeline.floor_order.click()
    assert not timeline.drift.by_time


def test_hover_names_the_group_and_click_filters_the_comments(
    qtbot: Any, window: Any, fake: FakeServer
) -> None:
    timeline = timeline_of(qtbot, window, fake)
    made = timeline.drift
    # the onset's bar: floors 13–15, two of the second viewpoint's, one of the traffic quarrel's
    index = made.onset.bin
    traffic = next(
        i for i, g in enumerate(made.groups) if g.kind == DIGRESSION and g.title.startswith("內湖交通")
    )
    assert made.bins[index].members[traffic] == (15,)
    spot = centre(timeline.segment_rect(index, traffic))
    qtbot.mouseMove(timeline, spot)
    qtbot.waitUntil(lambda: timeline.hovered == (index, traffic))
    assert timeline.hover_text == "內湖交通與政治口水: 1 of 3 comments, #13–15"
    assert QToolTip.text() == "<qt>內湖交通與政治口水: 1 of 3 comments, #13–15</qt>"
    # the bar after it is all traffic: click it
    index += 1
    assert made.bins[index].members[traffic] == (16, 17, 18)
    with qtbot.waitSignal(timeline.span_clicked) as clicked:
        qtbot.mouseClick(
            timeline, Qt.MouseButton.LeftButton, pos=centre(timeline.segment_rect(index, traffic))
        )
    assert clicked.args == [[16, 17, 18], TRAFFIC, "內湖交通與政治口水 · #16–18"]
    comments = window.comments
    assert comments.visible_floors() == [16, 17, 18]
    assert comments.model.highlighted == set(TRAFFIC)  # as the digression's own link does
    assert (
        comments.span_label.isVisible()
        and comments.span_label.text() == "Timeline: 內湖交通與政治口水 · #16–18"
    )
    assert comments.count_label.text() == "3 of 70"
    comments.clear_button.click()
    assert len(comments.visible_floors()) == 70 and not comments.span_label.isVisible()


def test_a_stretch_over_time_filters_to_its_span(qtbot: Any, window: Any, fake: FakeServer) -> None:
    timeline = timeline_of(qtbot, window, fake)
    timeline.floor_order.click()  # over time: 3-hour bars
    made = timeline.drift
    lunch = next(i for i, g in enumerate(made.groups) if g.title == "內湖午餐")
    first = made.bins[0]
    assert first.members[lunch] == tuple(LUNCH)  # all in the first evening's bar
    with qtbot.waitSignal(timeline.span_clicked):
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=centre(timeline.segment_rect(0, lunch)))
    assert window.comments.visible_floors() == LUNCH
    assert window.comments.span_label.text() == "Timeline: 內湖午餐 · 12/30 21:06–12/31 00:06"
    # a click off the bars changes nothing
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(timeline.width() - 3, 3))
    assert window.comments.visible_floors() == LUNCH


def test_titles_are_data_in_the_timeline_and_its_copy(qtbot: Any, window: Any, fake: FakeServer) -> None:
    def answer(messages: list[dict[str, str]]) -> Any:
        doc = sample_drift_answer(messages)
        doc["off_topic"][0]["title"] = "<b>bold</b> <img src=x>"
        return doc

    timeline = timeline_of(qtbot, window, fake, answer)
    assert timeline.line.textFormat() == Qt.TextFormat.PlainText
    assert "“<b>bold</b> <img src=x>”" in timeline.line.text()
    made = timeline.drift
    index = made.onset.bin + 1
    group = next(i for i, g in enumerate(made.groups) if g.title.startswith("<b>"))
    qtbot.mouseMove(timeline, centre(timeline.segment_rect(index, group)))
    qtbot.waitUntil(lambda: timeline.hovered == (index, group))
    assert QToolTip.text() == "<qt>&lt;b&gt;bold&lt;/b&gt; &lt;img src=x&gt;: 3 of 3 comments, #16–18</qt>"
    window.act_copy_all.trigger()
    mime = QGuiApplication.clipboard().mimeData()
    html = mime.html()
    assert "<img src=x>" not in html and "&lt;b&gt;bold&lt;/b&gt; &lt;img src=x&gt;" in html
    assert "離題時間軸" in html and "從 12/30 21:18（第 15 樓）起離題：之後的留言有 32% 離題" in html
    assert "## 離題時間軸" in mime.text() and "| #13–15 | 2 | 1 | 0 | ◀ 開始離題 |" in mime.text()


def test_the_markdown_export_carries_the_timeline(
    qtbot: Any, window: Any, fake: FakeServer, tmp_path: Any
) -> None:
    from threadgist.gui.export import write_export

    timeline_of(qtbot, window, fake)
    path = tmp_path / "digest.md"
    said = write_export(window, window.controller.digest, str(path), "md", window.controller.current)
    assert said == f"Saved {path}"
    text = path.read_text(encoding="utf-8")
    assert "## 離題時間軸" in text and "◀ 開始離題" in text
    assert text.index("## 離題時間軸") > text.index("## 離題內容")


def test_the_timeline_speaks_the_interfaces_language(qtbot: Any, window: Any, fake: FakeServer) -> None:
    from threadgist.store.settings import Settings

    timeline = timeline_of(qtbot, window, fake)
    window.comments.show_span([16, 17, 18], TRAFFIC, "內湖交通與政治口水 · #16–18")
    window.apply_settings(Settings(ui_lang="zh_TW", welcome_done=True))
    QApplication.processEvents()  # LanguageChange is a posted event
    try:
        assert window.digest_view.tabs.tabText(3) == "時間軸"
        assert timeline.floor_order.text() == "依樓層順序"
        assert window.comments.span_label.text() == "時間軸：內湖交通與政治口水 · #16–18"
        assert timeline.line.text().startswith("從 12/30 21:18（第 15 樓）起離題：之後的留言有 32% 離題")
    finally:
        window.apply_settings(Settings(ui_lang="en", welcome_done=True))
        QApplication.processEvents()

"""The window with a thread: opening (path, drop, bad files, multi-article), the header,
the comment list and its filters."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from threadgist.gui.comment_model import USER

from .conftest import REPO, SAMPLE
from .guihelpers import open_file


def test_open_by_path_shows_header_article_and_comments(qtbot: Any, window: Any) -> None:
    open_file(qtbot, window)
    h = window.header
    assert h.title.text() == "[討論] 公司宣布明年起取消遠端上班，大家怎麼看？"
    assert "Tech_Job" in h.meta.text() and "mistcrane" in h.meta.text()
    assert "推 32" in h.totals.text() and "噓 4" in h.totals.text() and "net +28" in h.totals.text()
    assert h.body.toPlainText().startswith("各位板友好")
    assert window.comments.model.rowCount() == 70
    assert window.comments.count_label.text() == "70 comments"
    assert window.windowTitle().startswith("[討論] 公司宣布")
    assert window.run_panel.go.isEnabled()
    e = window.run_panel.estimate
    assert e.calls == 1 and e.prompt_tokens > 1000
    assert str(SAMPLE) in window.controller.settings.recent


def test_open_by_drop(qtbot: Any, window: Any) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SAMPLE))])
    # as a real drag does: enter (the window accepts local files), then drop
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # QDragEnterEvent takes a QPoint
        enter = QDragEnterEvent(
            QPoint(100, 100),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(100, 100),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.controller.thread_changed, timeout=10_000):
        QApplication.sendEvent(window, event)
    assert window.comments.model.rowCount() == 70


def test_bad_file_shows_a_message_and_keeps_the_open_thread(qtbot: Any, window: Any, tmp_path: Path) -> None:
    open_file(qtbot, window)
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with qtbot.waitSignal(window.controller.load_failed, timeout=10_000):
        window.open_path(str(bad))
    box = window.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text() == "photo.txt cannot be opened as a thread."
    assert "photo.txt" in box.informativeText() and "binary" in box.informativeText()
    assert "Traceback" not in box.informativeText()
    box.close()
    assert window.comments.model.rowCount() == 70  # nothing the user had is lost
    with qtbot.waitSignal(window.controller.load_failed, timeout=10_000):
        window.open_path(str(tmp_path / "missing.html"))
    assert "missing.html" in window.dialog.text()


def test_multi_article_file_lets_the_user_pick(qtbot: Any, window: Any, corpus: Path) -> None:
    path = corpus / "ptt/json/PublicServan-1-2.jwlin-crawler-old-message_conut.json"
    open_file(qtbot, window, path)
    h = window.header
    assert h.picker.isVisibleTo(window) and h.article_combo.count() == 39
    first = window.controller.current
    with qtbot.waitSignal(window.controller.thread_changed, timeout=5000):
        h.article_combo.setCurrentIndex(4)
    assert window.controller.current is not first
    assert window.controller.current is window.controller.result.threads[4]
    assert window.comments.model.rowCount() == len(window.controller.current.comments)


def test_tag_user_and_text_filters(qtbot: Any, window: Any) -> None:
    open_file(qtbot, window)
    cv = window.comments
    qtbot.mouseClick(cv.tag_buttons["噓"], Qt.MouseButton.LeftButton)
    boo = [cv.model.comments[f - 1] for f in cv.visible_floors()]
    assert len(boo) == 4 and all(c.tag == "噓" for c in boo)
    assert cv.count_label.text() == "4 of 70"
    qtbot.mouseClick(cv.clear_button, Qt.MouseButton.LeftButton)
    assert len(cv.visible_floors()) == 70

    cv.text_edit.setText("內湖")  # CJK via setText: QTest's keyClicks only maps ASCII
    qtbot.waitUntil(lambda: len(cv.visible_floors()) < 70, timeout=3000)
    assert cv.visible_floors() and all("內湖" in cv.model.comments[f - 1].text for f in cv.visible_floors())
    cv.clear_filters()

    # the per-user view: click an id
    row = next(i for i, c in enumerate(cv.model.comments) if c.author == "duskwren")
    idx = cv.proxy.mapFromSource(cv.model.index(row, USER))
    rect = cv.table.visualRect(idx)
    with qtbot.waitSignal(cv.user_selected, timeout=2000) as blocker:
        qtbot.mouseClick(cv.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["duskwren"]
    floors = cv.visible_floors()
    assert floors and {cv.model.comments[f - 1].author for f in floors} == {"duskwren"}
    assert cv.user_edit.text() == "duskwren"


def test_twenty_thousand_rows_use_one_model(qtbot: Any, window: Any, tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    from threadgen import html_thread

    path = tmp_path / "big.html"
    path.write_text(html_thread(20_000), encoding="utf-8")
    open_file(qtbot, window, path)
    cv = window.comments
    assert cv.model.rowCount() == 20_000
    # a model/view: only a screenful of rows is ever painted, no widget per comment
    assert len(cv.table.findChildren(type(cv.table.viewport()))) < 100
    assert cv.scroll_to_floor(19_990)
    assert cv.table.rowAt(cv.table.viewport().height() // 2) > 19_000


def test_window_state_and_recent_files_persist(qtbot: Any, home: Path) -> None:
    from threadgist.gui.main_window import MainWindow
    from threadgist.store.settings import Settings, load_settings

    w = MainWindow(Settings(ui_lang="en", welcome_done=True))
    qtbot.addWidget(w)
    w.show()
    open_file(qtbot, w)
    w.resize(781, 543)  # within the offscreen screen, which restoreGeometry clamps to
    w.splitter.setSizes([400, 381])
    w.close()
    saved = load_settings()
    assert saved.recent == [str(SAMPLE)] and saved.window_geometry and saved.splitter_state
    w2 = MainWindow(saved)
    qtbot.addWidget(w2)
    w2.show()
    assert (w2.width(), w2.height()) == (781, 543)
    w2._fill_recent()
    assert [a.text() for a in w2.menu_recent.actions()] == [str(SAMPLE)]
    with qtbot.waitSignal(w2.controller.thread_changed, timeout=10_000):
        w2.menu_recent.actions()[0].trigger()
    w2.shutdown()


def test_digest_language_setting_changes_the_plan(qtbot: Any, window: Any) -> None:
    from threadgist.gui.settings_dialog import SettingsDialog

    open_file(qtbot, window)
    assert window.run_panel.estimate.lang == "zh-TW"  # "auto" follows the thread
    window.open_settings()
    dlg = window.dialog
    assert isinstance(dlg, SettingsDialog)
    dlg.output.setCurrentIndex(2)  # English
    with qtbot.waitSignal(window.controller.estimated, timeout=5000) as blocker:
        dlg.accept()
    assert blocker.args[0].lang == "en"
    assert window.controller.settings.output_lang == "en"


def test_opening_asks_the_filter_about_each_row_once(qtbot: Any, window: Any, monkeypatch: Any) -> None:
    """Qt calls the filter's Python method for every row whenever it refilters (20,000
    calls for a big thread): opening a thread refilters once, "Show all" with nothing
    set not at all, and a filter still narrows the rows."""
    from threadgist.gui.comment_model import CommentFilter

    calls = [0]
    original = CommentFilter.filterAcceptsRow

    def counted(self: CommentFilter, row: int, parent: Any) -> bool:
        calls[0] += 1
        return original(self, row, parent)

    monkeypatch.setattr(CommentFilter, "filterAcceptsRow", counted)
    open_file(qtbot, window)
    cv = window.comments
    assert cv.model.rowCount() == 70 and 0 < calls[0] <= 70
    calls[0] = 0
    cv.clear_filters()
    assert calls[0] == 0
    cv.show_user("duskwren")
    assert calls[0] == 70 and {cv.model.comments[f - 1].author for f in cv.visible_floors()} == {"duskwren"}
    cv.clear_filters()
    assert len(cv.visible_floors()) == 70

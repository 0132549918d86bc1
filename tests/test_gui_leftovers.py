"""Language and layout leftovers (issue 25, item 6): Qt's own dialogs translated, unique
mnemonics in both languages, dialogs that fit 1280×800, the model box's path elided in
the middle, a digest of at least ten lines at the window's minimum size, File → Open in
the last folder, and no Summarize for a thread without comments."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QMenu,
    QTabWidget,
    QWidget,
)

LANGS = ("en", "zh_TW")


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' ("&&" is a literal ampersand), lower-cased."""
    match = re.search(r"(?<!&)&([^&\s])", text.replace("&&", ""))
    return match.group(1).lower() if match else None


def _inside_menu(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QMenu):
            return True
        parent = parent.parentWidget()
    return False


def scope_texts(top: QWidget) -> Iterator[str]:
    """What carries a mnemonic in one window or dialog: its buttons, group boxes, labels
    with a buddy and tabs (a dialog nested in it is a scope of its own)."""
    for widget in top.findChildren(QWidget):
        if _inside_menu(widget) or (isinstance(widget, QDialog) and widget is not top):
            continue
        owner = widget.window()
        if owner is not top:
            continue
        if isinstance(widget, QAbstractButton) and widget.text():
            yield widget.text()
        elif isinstance(widget, QGroupBox):
            yield widget.title()
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            yield widget.text()
        elif isinstance(widget, QTabWidget):
            yield from (widget.tabText(i) for i in range(widget.count()))


def duplicates(texts: list[str]) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    for text in texts:
        key = mnemonic(text)
        if key:
            seen.setdefault(key, []).append(text)
    return {key: found for key, found in seen.items() if len(found) > 1}


def window_scopes(window: Any) -> dict[str, list[str]]:
    """Every scope of the main window: the window itself with its menu bar's titles, and
    each menu."""
    bar = window.menuBar()
    scopes = {"window": [action.text() for action in bar.actions()] + list(scope_texts(window))}
    for action in bar.actions():
        menu = action.menu()
        if menu is not None:
            scopes[menu.title()] = [entry.text() for entry in menu.actions() if not entry.isSeparator()]
    return scopes


@pytest.mark.parametrize("lang", LANGS)
def test_mnemonics_are_unique_in_every_menu_and_dialog(qtbot: Any, window: Any, lang: str) -> None:
    from threadgist.gui.confirm_run import ConfirmRun
    from threadgist.gui.endpoint_dialog import EndpointDialog
    from threadgist.gui.settings_dialog import SettingsDialog
    from threadgist.services.estimate import Estimate

    estimate = Estimate("fake", "m", 40, 1, 90_000, 1024, True, (0.1, 0.2), None, "zh-TW", [])
    settings = window.controller.settings
    window.apply_settings(dataclasses.replace(settings, ui_lang=lang))
    QApplication.processEvents()
    try:
        scopes = window_scopes(window)
        dialogs = {
            "endpoints": EndpointDialog(window.controller, window),
            "settings": SettingsDialog(window.controller.settings, window),
            "big run": ConfirmRun(estimate, 3000, window),
        }
        for name, dialog in dialogs.items():
            dialog.show()
            QApplication.processEvents()
            scopes[name] = list(scope_texts(dialog))
            dialog.close()
        found = {name: dup for name, texts in scopes.items() if (dup := duplicates(texts))}
        assert not found, found
        from PySide6.QtWidgets import QToolButton

        shown = [button.text() for button in window.toolbar.findChildren(QToolButton) if button.text()]
        assert len(shown) >= 4 and not [text for text in shown if re.search(r"[(（&]", text)], shown
        assert len(scopes) == 10 and sum(len(texts) for texts in scopes.values()) > 40  # all walked
    finally:
        window.apply_settings(dataclasses.replace(settings, ui_lang="en"))
        QApplication.processEvents()


def test_the_duplicate_finder_finds_duplicates() -> None:
    assert mnemonic("產生摘要(&S)") == "s" and mnemonic("Fish && &Chips") == "c"
    assert mnemonic("A && B") is None
    assert duplicates(["產生摘要(&S)", "複製摘要(&S)", "&Open"]) == {"s": ["產生摘要(&S)", "複製摘要(&S)"]}


def test_qts_file_dialog_speaks_chinese(qtbot: Any, window: Any) -> None:
    from PySide6.QtWidgets import QFileDialog

    settings = window.controller.settings
    window.apply_settings(dataclasses.replace(settings, ui_lang="zh_TW"))
    try:
        dialog = QFileDialog(window, "x")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.show()
        QApplication.processEvents()
        words = [label.text() for label in dialog.findChildren(QLabel)]
        words += [button.text() for button in dialog.findChildren(QAbstractButton)]
        words += [widget.toolTip() for widget in dialog.findChildren(QWidget)]
        assert len(words) > 10
        english = [word for word in words if re.search(r"[A-Za-z]{2,}", word)]
        assert not english, english
        dialog.close()
    finally:
        window.apply_settings(dataclasses.replace(settings, ui_lang="en"))
        QApplication.processEvents()


def test_the_builtin_endpoint_dialog_fits_a_small_screen(qtbot: Any, window: Any) -> None:
    """The built-in engine's form (its model box and catalog) scrolls; the dialog is no
    taller than the screen and its Close button is in view."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QScrollArea

    from threadgist.gui.endpoint_dialog import EndpointDialog

    dialog = EndpointDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    assert dialog.local.isVisible()  # the built-in engine's profile is shown
    room = dialog.screen().availableGeometry()
    assert dialog.height() <= room.height() - 60 and dialog.width() <= room.width()
    assert dialog.minimumSizeHint().height() < 500  # it can be made smaller still
    close = dialog.buttons.buttons()[0]
    corner = close.mapTo(dialog, QPoint(close.width(), close.height()))
    assert dialog.rect().contains(corner)
    assert dialog.findChild(QScrollArea, "form-scroll") is not None


def test_the_model_box_elides_a_path_in_the_middle(qtbot: Any, window: Any, tmp_path: Any) -> None:
    from threadgist.gui.endpoint_dialog import EndpointDialog

    path = "/home/someone/a-rather-long-folder-name/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    dialog = EndpointDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.show()
    box = dialog.local
    box.set_model(path)
    box.file_edit.resize(260, box.file_edit.height())
    QApplication.processEvents()
    shown = box.file_edit.text()
    assert shown != path and "…" in shown
    assert shown.startswith("/home") and shown.endswith(".gguf")  # both ends in view
    assert box.file_edit.toolTip() == path and box.file_edit.full_text() == path


@pytest.mark.parametrize("lang", LANGS)
def test_the_digest_shows_ten_lines_at_the_smallest_window(
    qtbot: Any, window: Any, fake: Any, lang: str
) -> None:
    from .guihelpers import add_fake_endpoint, open_file, summarize

    add_fake_endpoint(window, fake)
    open_file(qtbot, window)
    summarize(qtbot, window)
    settings = window.controller.settings
    window.apply_settings(dataclasses.replace(settings, ui_lang=lang))
    try:
        window.digest_view.verdict.setText("⚠ " + "a long verdict line " * 12)
        window.digest_view.verdict.show()  # the tallest state: a verdict above the tabs
        window.resize(200, 200)  # as small as it goes
        QApplication.processEvents()
        smallest = window.size()
        assert smallest.width() <= 900 and smallest.height() <= 640, smallest
        browser = window.digest_view.summary
        lines = browser.viewport().height() / browser.fontMetrics().lineSpacing()
        assert lines >= 10, (smallest, lines)
    finally:
        window.apply_settings(dataclasses.replace(settings, ui_lang="en"))


def test_open_starts_in_the_last_folder(
    qtbot: Any, window: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from PySide6.QtWidgets import QFileDialog

    from threadgist.store.settings import load_settings

    from .conftest import SAMPLE

    folder = tmp_path / "threads"
    folder.mkdir()
    copy = folder / SAMPLE.name
    shutil.copy(SAMPLE, copy)
    asked: list[str] = []

    def choose(_parent: Any, _title: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return str(copy), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(choose))
    with qtbot.waitSignal(window.controller.thread_changed, timeout=10_000):
        window.act_open.trigger()
    window.act_open.trigger()  # the second time it starts where the first found the file
    assert asked[1] == str(folder)
    qtbot.waitUntil(lambda: load_settings().open_folder == str(folder), timeout=5000)


def test_a_thread_without_comments_cannot_be_summarized_and_says_why(
    qtbot: Any, window: Any, fake: Any, tmp_path: Any
) -> None:
    from .conftest import SAMPLE
    from .guihelpers import add_fake_endpoint, open_file

    add_fake_endpoint(window, fake)
    lines = SAMPLE.read_text("utf-8").splitlines()
    article = tmp_path / "no-comments.txt"
    article.write_text(
        "\n".join(lines[: lines.index("※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 114.32.18.77 (臺灣)") + 2])
        + "\n"
    )
    with qtbot.waitSignal(window.controller.thread_changed, timeout=10_000):
        window.open_path(str(article))
    assert window.controller.current is not None and not window.controller.current.comments
    panel = window.run_panel
    assert not panel.go.isEnabled() and not panel.again.isEnabled()
    assert not window.act_summarize.isEnabled()
    assert "no comments" in panel.go.toolTip() and "no comments" in panel.info.text()
    window.request_summarize()
    assert not window.controller.running and not fake.chat_requests
    settings = window.controller.settings
    window.apply_settings(dataclasses.replace(settings, ui_lang="zh_TW"))
    QApplication.processEvents()
    try:
        assert re.search(r"[\u4e00-\u9fff]", panel.go.toolTip()) and "comments" not in panel.info.text()
    finally:
        window.apply_settings(dataclasses.replace(settings, ui_lang="en"))
    open_file(qtbot, window)  # a thread with comments: Summarize again
    assert (
        panel.go.isEnabled() and window.act_summarize.isEnabled() and "no comments" not in panel.info.text()
    )


@pytest.mark.parametrize("lang", LANGS)
def test_every_dialog_fits_1280_by_800(qtbot: Any, window: Any, lang: str) -> None:
    from threadgist.gui.confirm_run import ConfirmRun
    from threadgist.gui.endpoint_dialog import EndpointDialog
    from threadgist.gui.settings_dialog import SettingsDialog
    from threadgist.services.estimate import Estimate

    estimate = Estimate("fake", "m", 40, 1, 90_000, 1024, True, (0.1, 0.2), None, "zh-TW", [])
    settings = window.controller.settings
    window.apply_settings(dataclasses.replace(settings, ui_lang=lang))
    QApplication.processEvents()
    try:
        for dialog in (
            EndpointDialog(window.controller, window),
            SettingsDialog(window.controller.settings, window),
            ConfirmRun(estimate, 3000, window),
        ):
            dialog.show()
            QApplication.processEvents()
            smallest = dialog.minimumSizeHint()
            assert smallest.width() <= 1200 and smallest.height() <= 700, (type(dialog).__name__, smallest)
            assert dialog.width() <= 1280 and dialog.height() <= 760, (type(dialog).__name__, dialog.size())
            dialog.close()
    finally:
        window.apply_settings(dataclasses.replace(settings, ui_lang="en"))
        QApplication.processEvents()

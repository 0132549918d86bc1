"""The app and a damaged endpoints.json (a dialog at start, once, naming the file and
what was kept), and a key in a base URL typed in the endpoint dialog (refused)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from threadgist.gui.endpoint_dialog import EndpointDialog

from .fakeserver import FakeServer


@pytest.fixture()
def damaged_window(home: Path, qtbot: Any, fake: FakeServer) -> Iterator[Any]:
    """The window on a home whose endpoints.json holds a readable profile and one of a
    preset this version does not know (the default)."""
    from threadgist.gui.main_window import MainWindow
    from threadgist.store.settings import Settings

    path = home / "config" / "endpoints.json"
    path.parent.mkdir(parents=True)
    future = {"name": "future", "preset": "newer-preset", "base_url": "http://127.0.0.1:9/v1", "model": "m"}
    good = {"name": "good", "preset": "custom", "base_url": fake.base_url, "model": "fake-model"}
    path.write_text(json.dumps({"version": 1, "default": "future", "profiles": [future, good]}))
    w = MainWindow(Settings(ui_lang="en", welcome_done=True))
    qtbot.addWidget(w)
    w.show()
    yield w
    w.shutdown()


def test_a_damaged_endpoint_list_is_said_once_in_a_dialog(
    qtbot: Any, damaged_window: Any, home: Path
) -> None:
    window = damaged_window
    qtbot.waitUntil(lambda: window.endpoint_damage.box is not None and window.endpoint_damage.box.isVisible())
    box = window.endpoint_damage.box
    text = box.text()
    assert box.icon() == QMessageBox.Icon.Warning and box.textFormat() == Qt.TextFormat.PlainText
    assert str(home / "config" / "endpoints.json") in text and "1 endpoint(s) could not be read" in text
    assert "“future”: its preset “newer-preset” is unknown" in text and "1 loaded" in text
    assert "Until the file is fixed, summaries use" in text
    box.accept()
    # the list loaded again with the same damage: not said again
    window.controller.reload_profiles()
    qtbot.wait(50)
    assert window.endpoint_damage.box is box and not box.isVisible()
    # the readable profile is there; the unreadable one stays in the file
    assert window.endpoint_bar.endpoints.findData("good") >= 0
    saved = json.loads((home / "config" / "endpoints.json").read_text())
    assert [profile["name"] for profile in saved["profiles"]] == ["future", "good"]


def test_a_key_in_the_base_url_is_refused_by_the_endpoint_dialog(qtbot: Any, window: Any, home: Path) -> None:
    window.manage_endpoints()
    dlg = window.dialog
    assert isinstance(dlg, EndpointDialog)
    dlg.new_profile()
    dlg.name.setText("proxy")
    dlg.preset.setCurrentIndex(dlg.preset.findData("custom"))
    dlg.base_url.setText("http://127.0.0.1:9/v1?api-key=SEKRIT")
    dlg.model.setEditText("m")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    report = dlg.report.toPlainText()
    assert "keeps no keys" in report and "SEKRIT" not in report
    assert not dlg.list.findItems("proxy", Qt.MatchFlag.MatchExactly)
    assert not (home / "config" / "endpoints.json").exists()
    dlg.reject()


def test_an_unreadable_endpoint_list_is_said_and_moved_aside_on_save(
    qtbot: Any, home: Path, fake: FakeServer
) -> None:
    from threadgist.gui.main_window import MainWindow
    from threadgist.store.settings import Settings

    path = home / "config" / "endpoints.json"
    path.parent.mkdir(parents=True)
    path.write_text("{garbage")
    window = MainWindow(Settings(ui_lang="en", welcome_done=True))
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(
            lambda: window.endpoint_damage.box is not None and window.endpoint_damage.box.isVisible()
        )
        text = window.endpoint_damage.box.text()
        assert str(path) in text and "no endpoint was loaded" in text
        window.endpoint_damage.box.accept()
        assert path.read_text() == "{garbage"
        window.manage_endpoints()
        dlg = window.dialog
        dlg.new_profile()
        dlg.name.setText("fresh")
        dlg.preset.setCurrentIndex(dlg.preset.findData("custom"))
        dlg.base_url.setText(fake.base_url)
        dlg.model.setEditText("fake-model")
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
        assert "moved aside" in dlg.report.toPlainText()
        assert (path.parent / "endpoints.json.corrupt").read_text() == "{garbage"
        assert [profile["name"] for profile in json.loads(path.read_text())["profiles"]] == ["fresh"]
        dlg.reject()
        qtbot.wait(50)  # the list loaded again, now undamaged: no dialog
        assert not window.endpoint_damage.box.isVisible()
    finally:
        window.shutdown()

"""The built-in engine's model in the endpoint dialog: model facts from the GGUF header,
a broken file, downloads against a local HTTP server (checksum, cancel)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from threadgist.gui.endpoint_dialog import EndpointDialog

from .conftest import SHARED
from .fileserver import FileServer

TINY = SHARED / "models" / "llama-2-tiny-random.gguf"


@pytest.fixture()
def tiny() -> bytes:
    if not TINY.is_file():
        pytest.skip(f"{TINY} is not there")
    return TINY.read_bytes()


@pytest.fixture()
def builtin_dialog(qtbot: Any, window: Any) -> Iterator[EndpointDialog]:
    window.manage_endpoints()
    dlg = window.dialog
    assert isinstance(dlg, EndpointDialog)
    items = dlg.list.findItems("Built-in (local)", Qt.MatchFlag.MatchExactly)
    assert items, "the built-in engine is offered when it is installed"
    dlg.list.setCurrentItem(items[0])
    assert dlg.local.isVisible()
    yield dlg
    dlg.local.cancel_download()
    dlg.reject()


def test_bundled_model_facts(qtbot: Any, builtin_dialog: EndpointDialog) -> None:
    box = builtin_dialog.local
    # read in the background, behind whatever else the task runner has queued (30 s: the
    # clean-clone run, both cores busy, missed 10 s twice)
    qtbot.waitUntil(lambda: "context" in box.info.text(), timeout=30_000)
    assert "135M" in box.info.text() and "8,192" in box.info.text() and "MB" in box.info.text()
    assert "tiny" in box.note.text() and "Chinese" in box.note.text()


def test_broken_gguf_is_refused_with_a_reason(
    qtbot: Any, builtin_dialog: EndpointDialog, tmp_path: Path, monkeypatch: Any
) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"<html>404 not found</html>")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(broken), "")))
    qtbot.mouseClick(builtin_dialog.local.browse, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "cannot be used" in builtin_dialog.local.info.text(), timeout=5000)
    assert "not a GGUF" in builtin_dialog.local.info.text()


def test_download_with_checksum_then_save(
    qtbot: Any, builtin_dialog: EndpointDialog, tiny: bytes, home: Path
) -> None:
    srv = FileServer(tiny, name="tiny-model.gguf")
    try:
        box = builtin_dialog.local
        box.url_edit.setText(srv.url)
        box.sha_edit.setText(hashlib.sha256(tiny).hexdigest())
        qtbot.mouseClick(box.download_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "tiny-model · " in box.info.text(), timeout=20_000)
        target = home / "data" / "models" / "tiny-model.gguf"
        assert box.path == str(target) and target.read_bytes() == tiny
        assert "4,096" in box.info.text()
        qtbot.mouseClick(builtin_dialog.save_button, Qt.MouseButton.LeftButton)
        saved = builtin_dialog.controller.profile_store.get("Built-in (local)")
        assert saved is not None and saved.model == str(target)
    finally:
        srv.close()


def test_wrong_checksum_and_cancel(
    qtbot: Any, builtin_dialog: EndpointDialog, tiny: bytes, home: Path
) -> None:
    srv = FileServer(tiny, name="tiny-model.gguf")
    try:
        box = builtin_dialog.local
        box.url_edit.setText(srv.url)
        box.sha_edit.setText("0" * 64)
        qtbot.mouseClick(box.download_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Download failed" in box.info.text(), timeout=20_000)
        assert not (home / "data" / "models" / "tiny-model.gguf").exists()
    finally:
        srv.close()
    slow = FileServer(tiny, gap=0.05, name="tiny-model.gguf")
    try:
        box.sha_edit.clear()
        box.url_edit.setText(slow.url)
        qtbot.mouseClick(box.download_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: box.bar.value() > 0, timeout=10_000)
        assert box.cancel_button.isVisible()
        qtbot.mouseClick(box.cancel_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "cancelled" in box.info.text(), timeout=10_000)
        assert box.download_button.isEnabled()
        assert list((home / "data" / "models").glob("*.part")), "the partial file is kept"
    finally:
        slow.close()

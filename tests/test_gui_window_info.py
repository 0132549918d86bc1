"""The endpoint dialog shows the window requests run at and where the figure comes from,
asked of the server (an Ollama-shaped scripted one here), in the interface's language."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from threadgist.gui.endpoint_dialog import EndpointDialog

from .fake_local import FakeOllama, OllamaModel


def dialog(window: Any) -> EndpointDialog:
    window.manage_endpoints()
    dlg = window.dialog
    assert isinstance(dlg, EndpointDialog)
    return dlg


def fill(dlg: EndpointDialog, name: str, preset: str, url: str, model: str) -> None:
    dlg.new_profile()
    dlg.name.setText(name)
    dlg.preset.setCurrentIndex(dlg.preset.findData(preset))
    dlg.base_url.setText(url)
    dlg.model.setEditText(model)


def test_the_window_in_use_and_where_it_comes_from(qtbot: Any, window: Any) -> None:
    dlg = dialog(window)
    info = dlg.window_info
    with FakeOllama() as srv, FakeOllama(OllamaModel(modelfile_ctx=12288)) as tuned:
        fill(dlg, "ollama", "ollama", srv.base_url, "qwen2.5:7b")
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Ollama's default" in info.text(), timeout=10_000)
        assert info.text().startswith("4,096 tokens — Ollama's default; model allows 32,768")
        assert "/api/show" in srv.paths
        fill(dlg, "tuned", "ollama", tuned.base_url, "qwen2.5:7b")
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Modelfile" in info.text(), timeout=10_000)
        assert info.text().startswith("12,288 tokens — set in the model's Modelfile (num_ctx)")
        fill(dlg, "mine", "ollama", tuned.base_url, "qwen2.5:7b")
        dlg.context.setValue(20000)
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "set by you" in info.text(), timeout=10_000)
        assert info.text().startswith("20,000 tokens — set by you; model allows 32,768")
    fill(dlg, "cloud", "openai", "https://api.openai.com/v1", "gpt-4o-mini")
    assert info.text() == "128,000 tokens — the preset's assumption (the server did not say)"


def test_the_window_is_told_in_the_interface_language(qtbot: Any, window: Any) -> None:
    import dataclasses

    dlg = dialog(window)
    with FakeOllama() as srv:
        fill(dlg, "ollama", "ollama", srv.base_url, "qwen2.5:7b")
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Ollama's default" in dlg.window_info.text(), timeout=10_000)
    window.apply_settings(dataclasses.replace(window.controller.settings, ui_lang="zh_TW"))
    QApplication.processEvents()
    try:
        assert dlg.window_info.text().startswith("4,096 詞元 — Ollama 的預設值；模型最多可用 32,768")
        assert dlg.labels["ctx_used"].text() == "使用中的視窗："
    finally:
        window.apply_settings(dataclasses.replace(window.controller.settings, ui_lang="en"))
        QApplication.processEvents()

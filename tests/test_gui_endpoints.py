"""The endpoint dialog: profiles from presets, keys in the keyring (or the visible
session-only notice), listing models, Test; the toolbar's model picker."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from threadgist.gui.endpoint_dialog import EndpointDialog
from threadgist.llm.keys import SERVICE

from .fakeserver import FakeServer
from .guihelpers import add_fake_endpoint, open_file


def dialog(qtbot: Any, window: Any) -> EndpointDialog:
    window.manage_endpoints()
    dlg = window.dialog
    assert isinstance(dlg, EndpointDialog) and dlg.isVisible()
    return dlg


def test_the_add_button_starts_a_new_profile(qtbot: Any, window: Any) -> None:
    """Clicking Add, as a person does (clicked() passes a bool a slot must not take for a
    preset: it raised KeyError 'unknown preset False' and nothing happened)."""
    dlg = dialog(qtbot, window)
    qtbot.mouseClick(dlg.add_button, Qt.MouseButton.LeftButton)
    assert dlg.name.text().startswith("endpoint ")
    assert dlg.preset.currentData() == "openai"


def fill(dlg: EndpointDialog, name: str, preset: str, url: str, model: str, key: str = "") -> None:
    dlg.new_profile()
    dlg.name.setText(name)
    dlg.preset.setCurrentIndex(dlg.preset.findData(preset))
    dlg.base_url.setText(url)
    dlg.model.setEditText(model)
    dlg.key.setText(key)


def test_add_profile_with_key_in_keyring_and_switch_to_it(
    qtbot: Any, window: Any, home: Path, fake: FakeServer
) -> None:
    open_file(qtbot, window)
    dlg = dialog(qtbot, window)
    fill(dlg, "my openai", "openai", fake.base_url, "gpt-4o-mini", "sk-test-1234567890abcdef")
    dlg.default.setChecked(True)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "keyring" in dlg.report.toPlainText(), timeout=5000)
    assert keyring.get_password(SERVICE, "my openai") == "sk-test-1234567890abcdef"
    assert not dlg.key_notice.isVisible()
    for f in home.rglob("*"):  # the key is in no file Threadgist wrote
        if f.is_file():
            assert b"sk-test-1234567890abcdef" not in f.read_bytes(), f
    assert dlg.list.findItems("my openai", Qt.MatchFlag.MatchExactly)
    dlg.reject()
    qtbot.waitUntil(lambda: window.endpoint_bar.endpoints.findData("my openai") >= 0)
    combo = window.endpoint_bar.endpoints
    with qtbot.waitSignal(window.controller.estimated, timeout=5000) as blocker:
        combo.activated.emit(combo.findData("my openai"))
    est = blocker.args[0]
    assert est.endpoint == "my openai" and est.key_missing is None
    assert est.cost_usd is not None and est.cost_usd[0] > 0  # the preset knows this price
    assert "US$" in window.run_panel.info.text()


def test_no_keyring_backend_shows_the_session_only_notice(qtbot: Any, window: Any, fake: FakeServer) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    dlg = dialog(qtbot, window)
    fill(dlg, "router", "openrouter", fake.base_url, "openai/gpt-4o-mini", "sk-or-abcdefghijkl")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "this session only" in dlg.report.toPlainText(), timeout=5000)
    assert dlg.key_notice.isVisible() and "session only" in dlg.key_notice.text()
    assert "no system keyring" in dlg.key_notice.text()
    # the key still works for this session
    assert (
        window.controller.services.keys.get(window.controller.services.profiles.get("router")).key
        == "sk-or-abcdefghijkl"
    )


def test_missing_key_is_said_before_running(qtbot: Any, window: Any, fake: FakeServer) -> None:
    open_file(qtbot, window)
    dlg = dialog(qtbot, window)
    fill(dlg, "nokey", "openai", fake.base_url, "gpt-4o-mini")
    dlg.default.setChecked(True)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    dlg.reject()
    with qtbot.waitSignal(window.controller.estimated, timeout=5000):
        window.controller.set_endpoint("nokey")
    assert "No API key" in window.run_panel.info.text()


def test_list_models_and_test_button(qtbot: Any, window: Any, fake: FakeServer) -> None:
    dlg = dialog(qtbot, window)
    fill(dlg, "local vllm", "vllm", fake.base_url, "")
    qtbot.mouseClick(dlg.list_models, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.model.count() == 2, timeout=5000)
    assert [dlg.model.itemText(i) for i in range(2)] == ["fake-model", "other-model"]
    dlg.model.setEditText("fake-model")
    qtbot.mouseClick(dlg.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dlg.test_button.isEnabled() and "answer" in dlg.report.toPlainText(), timeout=10_000
    )
    report = dlg.report.toPlainText()
    assert "✔ reachable" in report and "✔ answer" in report and "✔ model: listed" in report
    fill(dlg, "dead", "custom", "http://127.0.0.1:9/v1", "m")
    qtbot.mouseClick(dlg.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.test_button.isEnabled() and "✘" in dlg.report.toPlainText(), timeout=15_000)


def test_remove_profile(qtbot: Any, window: Any, fake: FakeServer) -> None:
    add_fake_endpoint(window, fake, "gone")
    keyring.set_password(SERVICE, "gone", "k")
    dlg = dialog(qtbot, window)
    dlg.list.setCurrentItem(dlg.list.findItems("gone", Qt.MatchFlag.MatchExactly)[0])
    qtbot.mouseClick(dlg.remove_button, Qt.MouseButton.LeftButton)
    assert not dlg.list.findItems("gone", Qt.MatchFlag.MatchExactly)
    assert window.controller.services.profiles.get("gone") is None
    qtbot.waitUntil(lambda: keyring.get_password(SERVICE, "gone") is None, timeout=3000)


def test_toolbar_model_picker_lists_and_switches_models(qtbot: Any, window: Any, fake: FakeServer) -> None:
    add_fake_endpoint(window, fake)
    models = window.endpoint_bar.models
    qtbot.waitUntil(lambda: models.count() == 2, timeout=5000)
    with qtbot.waitSignal(window.controller.endpoint_changed, timeout=3000) as blocker:
        models.activated.emit(1)
    assert blocker.args[0].model == "other-model"
    assert window.controller.services.profiles.get("fake").model == "other-model"
    assert "other-model" in window.endpoint_label.text()


def test_test_button_uses_the_key_typed_just_now(qtbot: Any, window: Any, fake: FakeServer) -> None:
    dlg = dialog(qtbot, window)
    fill(dlg, "fresh key", "openai", fake.base_url, "fake-model", "sk-typed-0123456789abcdef")
    qtbot.mouseClick(dlg.test_button, Qt.MouseButton.LeftButton)  # saves, then tests
    qtbot.waitUntil(
        lambda: dlg.test_button.isEnabled() and "answer" in dlg.report.toPlainText(), timeout=10_000
    )
    assert "✔ answer" in dlg.report.toPlainText(), dlg.report.toPlainText()
    assert fake.chat_requests[-1].headers.get("authorization") == "Bearer sk-typed-0123456789abcdef"


def test_a_local_server_found_is_one_click_away(
    qtbot: Any, home: Path, fake: FakeServer, monkeypatch: Any
) -> None:
    """Local servers are probed after the first paint and listed in the endpoint box with
    their model; choosing one makes a profile and switches to it."""
    from threadgist.gui.main_window import MainWindow
    from threadgist.llm import discover
    from threadgist.store.settings import Settings

    monkeypatch.setattr(discover, "KNOWN_PORTS", (("ollama", fake.port),))
    window = MainWindow(Settings(ui_lang="en"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.controller.servers_found, timeout=10_000):
        window.show()  # the probe runs after the first paint
    try:
        box = window.endpoint_bar.endpoints
        texts = [box.itemText(i) for i in range(box.count())]
        at = next(i for i, t in enumerate(texts) if "Ollama on this computer · fake-model" in t)
        box.setCurrentIndex(at)
        box.activated.emit(at)
        p = window.controller.profile()
        assert (p.name, p.preset, p.base_url, p.model) == ("Ollama", "ollama", fake.base_url, "fake-model")
        texts = [box.itemText(i) for i in range(box.count())]
        assert not any("on this computer" in t for t in texts)  # it is a profile now
        assert box.currentData() == "Ollama"
    finally:
        window.shutdown()


def test_request_timeout_is_set_saved_and_loaded(qtbot: Any, window: Any, fake: FakeServer) -> None:
    """The request timeout: "Automatic" (0) says what automatic is for the kind of
    endpoint; a value is saved in the profile, shown again, and used by its client."""
    dlg = dialog(qtbot, window)
    fill(dlg, "slow", "custom", fake.base_url, "fake-model")
    assert dlg.timeout.isVisible() and dlg.timeout.value() == 0
    assert dlg.timeout.text() == "Automatic (600 s)"
    tip = dlg.timeout.toolTip()
    assert "600 s for cloud endpoints" in tip and "at most 3,600 s" in tip
    dlg.preset.setCurrentIndex(dlg.preset.findData("ollama"))
    assert dlg.timeout.text() == "Automatic (600–3,600 s, by the prompt)"
    dlg.preset.setCurrentIndex(dlg.preset.findData("custom"))
    dlg.base_url.setText(fake.base_url)
    dlg.timeout.setValue(90)
    assert dlg.timeout.text() == "90 s"
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    services = window.controller.services
    assert services.profiles.get("slow").request_timeout == 90
    services.profiles.load()  # as written to the file
    saved = services.profiles.get("slow")
    assert saved.request_timeout == 90 and services.client(saved).request_limit(0, 1) == 90
    fill(dlg, "other", "openai", fake.base_url, "gpt-4o-mini")
    assert dlg.timeout.value() == 0
    dlg.list.setCurrentRow(-1)
    dlg.list.setCurrentItem(dlg.list.findItems("slow", Qt.MatchFlag.MatchExactly)[0])
    assert dlg.timeout.value() == 90
    dlg.timeout.setValue(0)  # back to automatic
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert services.profiles.get("slow").request_timeout is None
    assert "request_timeout" not in services.profiles.get("slow").to_json()
    window.apply_settings(dataclasses.replace(window.controller.settings, ui_lang="zh_TW"))
    QApplication.processEvents()  # LanguageChange is a posted event
    try:
        assert dlg.labels["timeout"].text() == "請求時限："
        assert dlg.timeout.text() == "自動（600 秒）" and "至少 600 秒" in dlg.timeout.toolTip()
    finally:
        window.apply_settings(dataclasses.replace(window.controller.settings, ui_lang="en"))
        QApplication.processEvents()


def test_saving_keeps_what_the_form_does_not_show(qtbot: Any, window: Any, fake: FakeServer) -> None:
    """Concurrency and the answer reserve are set with the CLI; saving the profile from
    the editor (here: a new model) must not drop them."""
    from threadgist.llm.profiles import EndpointProfile

    services = window.controller.services
    services.profiles.add(
        EndpointProfile.from_preset(
            "tuned", "custom", base_url=fake.base_url, model="fake-model", concurrency=3, output_reserve=2000
        )
    )
    window.controller.reload_profiles()
    dlg = dialog(qtbot, window)
    dlg.list.setCurrentItem(dlg.list.findItems("tuned", Qt.MatchFlag.MatchExactly)[0])
    dlg.model.setEditText("other-model")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    services.profiles.load()
    saved = services.profiles.get("tuned")
    assert (saved.model, saved.concurrency, saved.output_reserve) == ("other-model", 3, 2000)

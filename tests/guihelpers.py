"""Helpers for the GUI tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from threadgist.llm.profiles import EndpointProfile

from .conftest import SAMPLE
from .fakeserver import FakeServer


def add_fake_endpoint(
    window: Any, fake: FakeServer, name: str = "fake", model: str = "fake-model"
) -> EndpointProfile:
    p = EndpointProfile.from_preset(name, "custom", base_url=fake.base_url, model=model)
    window.controller.services.profiles.add(p, make_default=True)
    window.controller.reload_profiles()
    window.controller.set_endpoint(name)
    return p


def open_file(qtbot: Any, window: Any, path: Path | str = SAMPLE) -> None:
    with qtbot.waitSignal(window.controller.thread_changed, timeout=10_000):
        window.open_path(str(path))
    qtbot.waitUntil(lambda: window.run_panel.estimate is not None, timeout=10_000)


def summarize(qtbot: Any, window: Any, *, again: bool = False, timeout: int = 30_000) -> Any:
    button = window.run_panel.again if again else window.run_panel.go
    with qtbot.waitSignal(window.controller.finished, timeout=timeout) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return blocker.args[0]

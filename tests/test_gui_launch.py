"""`threadgist` opens the app; `--self-test` opens, parses, renders and exits (used by
packaging and the start-up benchmark)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from threadgist.launcher import wants_gui

from .conftest import REPO

EXE = [sys.executable, "-m", "threadgist"]


def run(*args: str, home: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    e = {**os.environ, "THREADGIST_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([*EXE, *args], capture_output=True, text=True, env=e, timeout=120)


def test_self_test_opens_the_bundled_sample(tmp_path: Path) -> None:
    p = run("--self-test", home=tmp_path)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout.strip().splitlines()[-1])
    assert doc["ok"] and doc["comments"] == 70 and doc["title"].startswith("[討論]")
    for bad in ("Traceback", "Fatal Python error", "QThread"):
        assert bad not in p.stderr


def test_self_test_reports_an_unreadable_file(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"articles": [')
    p = run("--self-test", str(bad), home=tmp_path)
    assert p.returncode == 3
    assert "x.json" in json.loads(p.stdout.strip().splitlines()[-1])["error"]
    assert "Traceback" not in p.stderr


def test_no_display_says_so_instead_of_crashing(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["THREADGIST_HOME"] = str(tmp_path)
    p = subprocess.run([*EXE, str(REPO / "README.md")], capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode == 2 and "no display" in p.stderr and "threadgist summarize" in p.stderr


def test_commands_still_go_to_the_command_line() -> None:
    assert wants_gui([]) and wants_gui(["thread.html"]) and wants_gui(["--self-test"])
    assert not wants_gui(["parse", "x"]) and not wants_gui(["--version"])
    assert not wants_gui(["--help"])


def test_the_qt_binding_does_not_drop_references_to_none(qapp: object) -> None:
    """PySide6 6.12.0 on Python 3.11 decrements None's refcount once per void call (a
    label's setText, processEvents…): a long session ends in "Fatal Python error:
    none_dealloc" at exit. pyproject.toml excludes that release; this catches the next one."""
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    assert sys.getrefcount(None) > before - 1000


def test_copying_then_quitting_exits_cleanly(tmp_path: Path) -> None:
    """Offscreen, Qt's clipboard outlives Python; the app empties it on the way out."""
    script = tmp_path / "copy_then_quit.py"  # not copy.py: that would shadow the stdlib
    script.write_text(
        "from PySide6.QtWidgets import QWidget\n"
        "from threadgist.gui.app import close_down, make_app\n"
        "from threadgist.gui.export import put_on_clipboard\n"
        "app = make_app(['t'])\n"
        "w = QWidget()\n"
        "w.show()\n"
        "put_on_clipboard('<b>摘要</b>', '摘要')\n"
        "close_down(app, w)\n"
        "print('done')\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "THREADGIST_HOME": str(tmp_path)}
    p = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode == 0 and "done" in p.stdout, (p.returncode, p.stderr[-1000:])


def test_the_log_gets_what_happened_before_it_was_opened(tmp_path: Path) -> None:
    """The log file is opened after the first paint; the file opened at start-up, logged
    before that, still reaches it."""
    from .conftest import SAMPLE

    script = tmp_path / "open_then_close.py"
    script.write_text(
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "import threadgist.gui.app as app_module\n"
        "from threadgist.launcher import main\n"
        "make = app_module.make_app\n"
        "def make_app(argv):\n"
        "    app = make(argv)\n"
        "    QTimer.singleShot(1500, lambda: [w.close() for w in app.topLevelWidgets()\n"
        "                                     if w.isVisible()])\n"
        "    return app\n"
        "app_module.make_app = make_app\n"
        "sys.exit(main([sys.argv[1]]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "THREADGIST_HOME": str(tmp_path / "home")}
    p = subprocess.run(
        [sys.executable, str(script), str(SAMPLE)], capture_output=True, text=True, env=env, timeout=60
    )
    assert p.returncode == 0, p.stderr[-2000:]
    text = (tmp_path / "home" / "log" / "threadgist.log").read_text("utf-8")
    assert "starting (Qt" in text and text.index("starting") < text.index("opened")
    assert f"opened {SAMPLE}" in text  # logged before the log file existed

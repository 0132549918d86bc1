"""The PyInstaller one-folder build: it builds from the repository and the built binary
opens, parses and renders the sample (offscreen), with nothing from the source tree."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

pytestmark = pytest.mark.package


def test_one_folder_build_runs_the_self_test(tmp_path: Path) -> None:
    pyinstaller = Path(sys.executable).parent / "pyinstaller"
    if not pyinstaller.exists():
        pytest.fail("pyinstaller is not installed: run `make test` (it is a dev dependency)")
    dist, work = tmp_path / "dist", tmp_path / "work"
    build = subprocess.run(
        [
            str(pyinstaller),
            str(REPO / "packaging" / "threadgist.spec"),
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            "--noconfirm",
            "--log-level",
            "WARN",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=900,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    app = dist / "threadgist"
    exe = app / "threadgist"
    internal = app / "_internal"
    qt_translations = list(internal.rglob("translations/*.qm"))
    assert {p.name for p in qt_translations} <= {"qtbase_zh_TW.qm", "qt_zh_TW.qm"}
    assert not list(internal.rglob("libqgtk3*")), "the GTK platform theme is left out"
    assert (internal / "threadgist" / "resources" / "i18n" / "threadgist_zh_TW.qm").is_file()
    # run it from elsewhere, with a clean environment: no source tree, no virtualenv
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(QT_QPA_PLATFORM="offscreen", THREADGIST_HOME=str(tmp_path / "home"), PATH="/usr/bin:/bin")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shown = subprocess.run(
        [str(exe), "--self-test"], capture_output=True, text=True, env=env, cwd=elsewhere, timeout=120
    )
    assert shown.returncode == 0, shown.stderr[-3000:]
    doc = json.loads(shown.stdout.strip().splitlines()[-1])
    assert doc["ok"] and doc["comments"] == 70
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env, timeout=60)
    assert version.stdout.startswith("threadgist ")
    dry = subprocess.run(
        [
            str(exe),
            "summarize",
            "--dry-run",
            "--format",
            "json",
            str(REPO / "resources" / "samples" / "Tech_Job_remote-work_copied-web-text.txt"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert dry.returncode == 0, dry.stderr[-2000:]  # tiktoken offline inside the bundle
    assert json.loads(dry.stdout)["calls"] == 1
    size = sum(f.stat().st_size for f in app.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"one-folder build: {size / 1e6:.0f} MB")
    shutil.rmtree(work, ignore_errors=True)

"""The installed wheel carries everything it needs: build it, install it into a
fresh virtualenv outside the source tree and parse the bundled sample with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import REPO


def test_wheel_installs_and_parses_the_bundled_sample(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    wheels = list(dist.glob("threadgist-*.whl"))
    assert len(wheels) == 1
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheels[0])],
        check=True,
        capture_output=True,
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONIOENCODING"] = "utf-8"
    where = subprocess.run(
        [
            str(py),
            "-c",
            "import threadgist, threadgist.bundled as p; print(threadgist.__file__); "
            "print(p.sample_thread())",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    ).stdout.splitlines()
    module_file, sample = Path(where[0]), Path(where[1])
    assert venv in module_file.parents, "the test must use the installed copy"
    assert venv in sample.parents and sample.is_file()
    out = subprocess.run(
        [str(venv / "bin" / "threadgist"), "parse", str(sample), "--json"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    ).stdout
    t = json.loads(out)["threads"][0]
    assert t["board"] == "Tech_Job" and t["stats"]["comments"] == 70
    # desktop integration files land where freedesktop.org desktops look
    app_id = "io.github.threadgist.Threadgist"
    assert (venv / "share" / "applications" / f"{app_id}.desktop").is_file()
    assert (venv / "share" / "metainfo" / f"{app_id}.metainfo.xml").is_file()
    assert (venv / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{app_id}.svg").is_file()
    assert (venv / "share" / "icons" / "hicolor" / "256x256" / "apps" / f"{app_id}.png").is_file()
    # the app itself: opens, parses, renders the sample and exits
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["THREADGIST_HOME"] = str(tmp_path / "home")
    shown = subprocess.run(
        [str(venv / "bin" / "threadgist"), "--self-test"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert json.loads(shown.stdout.strip().splitlines()[-1])["comments"] == 70
    if (REPO / "resources" / "i18n" / "threadgist_zh_TW.qm").is_file():  # built by make
        qm = module_file.parent / "resources" / "i18n" / "threadgist_zh_TW.qm"
        assert qm.is_file(), "the UI translation is in the wheel"

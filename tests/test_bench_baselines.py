"""The start-up benchmark's baselines run and report their first painted frame (they are not
part of the app, but a benchmark that broke silently would report nonsense)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from .conftest import REPO, SAMPLE

BENCH = REPO / "benchmarks"


@pytest.mark.parametrize("argv", [["bare_window.py"], ["floor_window.py", str(SAMPLE)]])
def test_baseline_reports_its_first_painted_frame(argv: list[str]) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "THREADGIST_T0": repr(time.time())}
    p = subprocess.run(
        [sys.executable, str(BENCH / argv[0]), *argv[1:]], capture_output=True, text=True, env=env, timeout=60
    )
    assert p.returncode == 0 and "Traceback" not in p.stderr, p.stderr[-2000:]
    seconds = float(p.stdout.strip().splitlines()[-1])
    assert 0 < seconds < 30

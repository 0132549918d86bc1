"""One batch at a time in an output folder (issue 23): two real processes into one
``--out`` — the second is refused with a clear message and exit 75, the first's index
loses no row; a lock left by a killed run is taken over at once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from threadgist.commands import EXIT_BUSY
from threadgist.services.batch_index import read_index
from threadgist.services.outlock import LOCK_NAME, OutputBusy, OutputLock

from .batchdata import crawler_dump
from .clihelpers import add_fake
from .conftest import REPO
from .fakeserver import FakeServer


def test_the_lock_is_held_once_and_freed_with_its_holder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with OutputLock.acquire(out), pytest.raises(OutputBusy, match=f"pid {os.getpid()}"):
        OutputLock.acquire(out)
    with OutputLock.acquire(out):  # released: taken again
        pass
    # a lock file a killed run left behind (its pid, no lock held): taken at once
    (out / LOCK_NAME).write_text("pid 999999 on elsewhere, since 00:00:00\n")
    with OutputLock.acquire(out) as lock:
        assert f"pid {os.getpid()}" in (out / LOCK_NAME).read_text()
        assert lock.out == out


def test_two_batches_into_one_folder_lose_no_row(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    dump = tmp_path / "board.json"
    dump.write_text(crawler_dump(12), encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "THREADGIST_HOME": str(home), "PYTHONPATH": str(REPO / "desktop")}
    argv = [sys.executable, "-m", "threadgist", "batch", str(dump), "--out", str(out), "--yes"]
    with FakeServer(latency=0.2) as fake:
        add_fake(capsys, fake, "fake", "--concurrency", "1")
        first = subprocess.Popen(argv, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        part = out / "index.jsonl.part"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (part.exists() and part.read_text(encoding="utf-8")):
            time.sleep(0.05)
        assert first.poll() is None, first.communicate()
        second = subprocess.run(argv, env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
        assert second.returncode == EXIT_BUSY, second.stderr
        assert str(out) in second.stderr and f"pid {first.pid}" in second.stderr
        assert len(second.stderr.strip().splitlines()) == 1 and "Traceback" not in second.stderr
        _, stderr = first.communicate(timeout=120)
        assert first.returncode == 0, stderr
        rows = read_index(out)
        assert [row["seq"] for row in rows] == list(range(1, 13))
        # once the first is done, the same command runs: every thread cached, no row lost
        again = subprocess.run(argv, env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stderr
    rows = read_index(out)
    assert [row["seq"] for row in rows] == list(range(1, 13))
    assert {row["status"] for row in rows} == {"cached"}


def test_a_killed_batch_leaves_no_lock_behind(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    dump = tmp_path / "board.json"
    dump.write_text(crawler_dump(6), encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "THREADGIST_HOME": str(home), "PYTHONPATH": str(REPO / "desktop")}
    argv = [sys.executable, "-m", "threadgist", "batch", str(dump), "--out", str(out), "--yes"]
    with FakeServer(latency=0.3) as fake:
        add_fake(capsys, fake, "fake", "--concurrency", "1")
        proc = subprocess.Popen(argv, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (out / LOCK_NAME).exists():
            time.sleep(0.05)
        time.sleep(0.3)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert f"pid {proc.pid}" in (out / LOCK_NAME).read_text()  # the stale lock file
        again = subprocess.run(argv, env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stderr
    assert len(read_index(out)) == 6
    assert json.loads((out / "index.jsonl").read_text(encoding="utf-8").splitlines()[0])["seq"] == 1

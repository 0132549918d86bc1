"""What the second hardening probe found (issue 23): each case fails on the code before it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from threadgist.llm.jsonextract import extract_json
from threadgist.llm.keys import url_secret

from .conftest import SAMPLE


def test_an_answer_nested_thousands_deep_is_invalid_json_not_a_crash() -> None:
    doc, problem = extract_json("[" * 5000 + "]" * 5000)
    assert doc is None and problem == "the JSON is nested too deeply"
    doc, problem = extract_json("note: {" + '"a":[' * 5000 + "]" * 5000 + "}")
    assert doc is None and problem


def test_a_function_key_in_the_address_is_a_secret() -> None:
    assert url_secret("https://example.azurewebsites.net/api/chat?code=abcDEF123456")


def _batch(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "THREADGIST_HOME": str(tmp_path / "home"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    return subprocess.run(
        [sys.executable, "-m", "threadgist", "batch", *args, "--dry-run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_batch_into_a_file_is_exit_6(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("a file")
    done = _batch(tmp_path, str(SAMPLE), "--out", str(out))
    assert done.returncode == 6 and "not a folder" in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_among_the_inputs_does_not_hang_the_batch(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    os.mkfifo(inputs / "pipe.txt")
    (inputs / "a.txt").write_bytes(SAMPLE.read_bytes())
    started = time.monotonic()
    done = _batch(tmp_path, str(inputs), "--out", str(tmp_path / "out"))
    assert time.monotonic() - started < 50
    assert "Traceback" not in done.stderr
    assert "1 thread(s)" in done.stderr and "1 input(s) c" in done.stderr  # the FIFO: not a thread file


def test_a_file_where_the_cache_folder_goes_still_gives_the_digest(tmp_path: Path) -> None:
    """The probe: THREADGIST_HOME/cache a file. The tokenizer's files go to a folder of
    the run's own; the plan (a dry run here: no endpoint needed) is still printed."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "cache").write_text("not a folder")
    env = {
        **os.environ,
        "THREADGIST_HOME": str(home),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    done = subprocess.run(
        [sys.executable, "-m", "threadgist", "summarize", str(SAMPLE), "--dry-run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr
    assert "plan:" in done.stdout and "tokens" in done.stdout, done.stderr

"""The start-up parse: forked before Qt loads (Linux), in a thread otherwise; the same
result or the same error as load_path either way."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from threadgist.prefetch import prefetch
from threadgist.thread import ThreadFileError, load_path

from .conftest import SAMPLE

# In a fresh interpreter (no Qt, one thread) prefetch forks; the script reports whether it
# could, the child's pid differing from ours, and what came back.
SCRIPT = r"""
import json, os, sys
from threadgist import prefetch as pf
can = pf._can_fork()
fut = pf.prefetch(sys.argv[1])
try:
    r = fut.result(timeout=60)
    out = {"ok": True, "format": r.format, "encoding": r.encoding,
           "comments": [[c.floor, c.author, c.text, c.tag] for c in r.threads[0].comments],
           "title": r.threads[0].title, "body": r.threads[0].body}
except Exception as e:
    out = {"ok": False, "type": type(e).__name__, "message": str(e)}
out["forked"] = can
print(json.dumps(out, ensure_ascii=False))
"""


def run_script(path: Path) -> dict[str, object]:
    p = subprocess.run([sys.executable, "-c", SCRIPT, str(path)], capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr
    doc: dict[str, object] = json.loads(p.stdout.strip().splitlines()[-1])
    return doc


@pytest.mark.skipif(sys.platform != "linux", reason="the forked parse is Linux-only")
def test_forked_parse_gives_what_load_path_gives() -> None:
    doc = run_script(SAMPLE)
    assert doc["forked"] is True and doc["ok"] is True
    want = load_path(str(SAMPLE))
    t = want.threads[0]
    assert doc["format"] == want.format and doc["encoding"] == want.encoding
    assert doc["title"] == t.title and doc["body"] == t.body
    assert doc["comments"] == [[c.floor, c.author, c.text, c.tag] for c in t.comments]


@pytest.mark.skipif(sys.platform != "linux", reason="the forked parse is Linux-only")
@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary\x00" * 20, b"{not json"])
def test_forked_parse_of_a_bad_file_raises_the_loaders_error(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    doc = run_script(bad)
    with pytest.raises(ThreadFileError) as want:
        load_path(str(bad))
    assert doc["forked"] is True and doc["ok"] is False
    assert doc["type"] == "ThreadFileError" and doc["message"] == str(want.value)


def test_missing_file_in_a_thread(tmp_path: Path) -> None:
    # in the test process Qt may be loaded and threads running: no fork, a thread
    fut = prefetch(str(tmp_path / "nope.txt"))
    with pytest.raises(ThreadFileError) as e:
        fut.result(timeout=30)
    assert "nope.txt" in str(e.value)


def test_thread_path_gives_what_load_path_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THREADGIST_NO_FORK", "1")
    got = prefetch(str(SAMPLE)).result(timeout=30)
    want = load_path(str(SAMPLE))
    assert got == want

"""The parse command: JSON contract, overview, exit codes and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from threadgist import __version__
from threadgist.cli import build_parser, main

from .clihelpers import run
from .conftest import SAMPLE


def test_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "parse", str(SAMPLE), "--json")
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert list(doc) == ["threads"] and len(doc["threads"]) == 1
    t = doc["threads"][0]
    for key in (
        "format",
        "encoding",
        "site",
        "board",
        "title",
        "author",
        "author_nick",
        "posted_at",
        "url",
        "body",
        "comments",
        "utterances",
        "stats",
        "warnings",
    ):
        assert key in t
    assert (t["format"], t["encoding"], t["site"]) == ("ptt-copied-text", "utf-8", "ptt")
    assert t["posted_at"] == "2025-12-30T21:04:17+08:00"
    c = t["comments"][0]
    assert set(c) == {"floor", "tag", "author", "text", "time", "ip", "parent", "depth"}
    assert (c["floor"], c["tag"], c["author"]) == (1, "推", "bluefinch")
    assert c["time"] == "2025-12-30T21:06:00+08:00" and c["depth"] == 0
    assert t["stats"] == {"push": 32, "boo": 4, "arrow": 34, "comments": 70, "users": 25}
    u = next(u for u in t["utterances"] if u["author"] == "duskwren")
    assert u["floors"] == [12, 14]
    assert sum(u["floors"][1] - u["floors"][0] + 1 for u in t["utterances"]) == 70


def test_overview(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", str(SAMPLE), "--comments", "5")
    assert code == 0
    assert out.startswith("Tech_Job · [討論] 公司宣布明年起取消遠端上班")
    assert "推 32  噓 4  → 34  · net +28 · 70 comments by 25 users" in out
    assert "… (65 more comments)" in out


def test_multi_article_overview(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    path = corpus / "ptt/json/PublicServan-1-2.jwlin-crawler-old-message_conut.json"
    code, out, _ = run(capsys, "parse", str(path))
    assert code == 0 and "=== article 39 of 39 ===" in out


def test_version_and_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"threadgist {__version__}"
    code, _, err = run(capsys, "parse")
    assert code == 2 and "FILE" in err
    code, _, err = run(capsys, "nonsense")
    assert code == 2


def test_launcher_knows_every_subcommand() -> None:
    """The launcher tells commands from files by one list, the one the parser is built from."""
    from threadgist.launcher import wants_gui

    usage = build_parser().format_help()
    for name in ("parse", "summarize", "endpoints", "models", "cache", "eval"):
        assert not wants_gui([name]), name
        assert name in usage
    assert wants_gui(["thread.txt"]) and wants_gui([])


def test_python_dash_m(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    p = subprocess.run(
        [sys.executable, "-m", "threadgist", "parse", str(SAMPLE), "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["threads"][0]["stats"]["comments"] == 70


def _bad(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


BAD_CASES: list[tuple[str, bytes, str]] = [
    ("empty.txt", b"", "the file is empty"),
    ("blank.txt", b"  \n\n \r\n", "the file is empty"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary data"),
    ("undecodable.txt", bytes([0xFF, 0x80]) * 600, "unknown encoding"),
    ("notes.txt", "今天天氣很好\n我們去散步\n".encode(), "neither an article header nor any push"),
    (
        "cut.html",
        "<!DOCTYPE html><html><head><title>[問卦] x - 看板 Gossiping - 批踢踢實業坊"
        '</title></head><body><div id="topbar">'.encode(),
        "no article content",
    ),
    (
        "index.html",
        '<html><body><div class="r-list-container"><div class="r-ent">'
        '<div class="title"><a href="/bbs/Test/M.1.A.1.html">x</a></div></div></div>'
        "批踢踢實業坊</body></html>".encode(),
        "board's article list",
    ),
    (
        "other.html",
        b"<html><head><title>Example</title></head><body>hi</body></html>",
        "not a PTT article page",
    ),
    ("package.json", b'{"name": "x", "dependencies": {}}', "JSON but not a thread"),
    ("broken.json", b'{"articles": [{"article_id": ', "the JSON is invalid at line 1"),
    (
        "reddit.json",
        b'[{"kind": "Listing", "data": {"children": []}}, {"kind": "Listing", "data": {"children": []}}]',
        "no post (t3)",
    ),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = _bad(tmp_path, name, data)
    code, out, err = run(capsys, "parse", str(path))
    assert code == 3
    assert out == ""
    assert message in err
    assert str(path) in err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 2


def test_huge_file_is_refused_before_reading(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with open(path, "wb") as f:
        f.truncate(500 * 1024 * 1024)  # sparse: costs no disk and no reading
    code, _, err = run(capsys, "parse", str(path))
    assert code == 3 and "500 MB" in err and "refused" in err


def test_missing_file_and_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "parse", str(tmp_path / "nope.txt"))
    assert code == 3 and "does not exist" in err
    code, _, err = run(capsys, "parse", str(tmp_path))
    assert code == 3 and "is a folder" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    p = _bad(tmp_path, "secret.txt", b"x")
    p.chmod(0)
    code, _, err = run(capsys, "parse", str(p))
    assert code == 3 and "permission denied" in err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["parse"],
        ["summarize"],
        ["endpoints"],
        ["endpoints", "add"],
        ["endpoints", "test"],
        ["endpoints", "models"],
        ["endpoints", "list"],
        ["endpoints", "remove"],
        ["cache"],
        ["cache", "stats"],
        ["cache", "clear"],
    ],
)
def test_every_command_has_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main([*argv, "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: threadgist") and len(out.splitlines()) >= 5


def test_python_dash_m_and_version() -> None:
    import subprocess
    import sys

    from threadgist import __version__

    p = subprocess.run(
        [sys.executable, "-m", "threadgist", "--version"], capture_output=True, text=True, timeout=60
    )
    assert p.returncode == 0 and p.stdout.strip() == f"threadgist {__version__}"
    p = subprocess.run(
        [sys.executable, "-m", "threadgist", "--help"], capture_output=True, text=True, timeout=60
    )
    assert "desktop app" in p.stdout and "THREADGIST_HOME" in p.stdout and "exit status" in p.stdout


def test_a_fifo_is_refused_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Reading a named pipe would block forever."""
    import os

    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    assert main(["parse", str(fifo)]) == 3
    assert "not a regular file" in capsys.readouterr().err


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`threadgist parse FILE | head` must not end in a BrokenPipe traceback (the output
    is larger than a pipe's buffer, so the writer is still writing when head exits)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from threadgen import copied_text_thread

    big = tmp_path / "big.txt"
    big.write_text(copied_text_thread(5000), encoding="utf-8")
    done = subprocess.run(
        f"{sys.executable} -m threadgist parse {big} --json | head -c 100",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert len(done.stdout) == 100
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr

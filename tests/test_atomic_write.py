"""threadgist.fsutil: a file is replaced whole or not at all, and no partial file stays."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from threadgist.fsutil import atomic_open, atomic_write


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_write_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text("old and longer than the new text", encoding="utf-8")
    atomic_write(path, "新的\n")
    assert path.read_bytes() == "新的\n".encode()
    atomic_write(path, b"\x00\xffbytes")
    assert path.read_bytes() == b"\x00\xffbytes"
    assert leftovers(tmp_path) == []


def test_write_makes_the_folder_and_takes_an_encoding(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "doc.txt"
    atomic_write(str(path), "é", encoding="latin-1")
    assert path.read_bytes() == b"\xe9"


def test_open_writes_text_with_its_newline_and_bytes(tmp_path: Path) -> None:
    with atomic_open(tmp_path / "t.csv", "w", encoding="utf-8-sig", newline="") as text_file:
        text_file.write("a\r\nb\n")
    assert (tmp_path / "t.csv").read_bytes() == b"\xef\xbb\xbfa\r\nb\n"
    with atomic_open(tmp_path / "b.bin", "wb") as binary_file:
        binary_file.write(b"xyz")
    assert (tmp_path / "b.bin").read_bytes() == b"xyz"


def test_a_failure_inside_the_block_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "index.jsonl"
    path.write_text("complete\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(path, "w") as out_file:
        out_file.write("half of the new")
        out_file.flush()
        assert leftovers(tmp_path), "written beside the final name while it runs"
        raise RuntimeError("killed half way")
    assert path.read_text(encoding="utf-8") == "complete\n"
    assert leftovers(tmp_path) == []


def test_a_failed_write_leaves_no_part_and_no_file(tmp_path: Path) -> None:
    path = tmp_path / "new.txt"
    with pytest.raises(UnicodeEncodeError):
        atomic_write(path, "中文", encoding="ascii")
    assert not path.exists()
    assert leftovers(tmp_path) == []


def test_a_failed_rename_removes_the_part(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "inside").write_text("kept", encoding="utf-8")  # a folder in the file's place
    with pytest.raises(OSError):
        atomic_write(target, "text")
    assert (target / "inside").read_text(encoding="utf-8") == "kept"
    assert leftovers(tmp_path) == []


def test_a_failed_sync_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{}", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        atomic_write(path, '{"new": 1}')
    assert path.read_text(encoding="utf-8") == "{}"
    assert leftovers(tmp_path) == []

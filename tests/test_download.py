"""Model download against a local HTTP server: progress, resume, checksum, bad files."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from threadgist.llm.download import DownloadCancelled, DownloadError, download

from .fileserver import FileServer

MODEL = b"GGUF" + os.urandom(300_000)


@pytest.fixture()
def server() -> Iterator[FileServer]:
    s = FileServer(MODEL)
    yield s
    s.close()


def test_download_with_progress_and_checksum(tmp_path: Path, server: FileServer) -> None:
    seen: list[tuple[int, int | None]] = []
    out = download(
        server.url,
        tmp_path / "m.gguf",
        sha256=hashlib.sha256(MODEL).hexdigest(),
        progress=lambda a, b: seen.append((a, b)),
        block=65536,
    )
    assert out.read_bytes() == MODEL
    assert seen[-1] == (len(MODEL), len(MODEL)) and len(seen) > 2


def test_interrupted_download_resumes(tmp_path: Path, server: FileServer) -> None:
    server.drop_after = 100_000
    with pytest.raises(DownloadError) as e:
        download(server.url, tmp_path / "m.gguf", block=4096)
    assert "resume" in str(e.value)
    assert (tmp_path / "m.gguf.part").stat().st_size == 100_000
    out = download(server.url, tmp_path / "m.gguf", sha256=hashlib.sha256(MODEL).hexdigest())
    assert out.read_bytes() == MODEL
    assert server.ranges[-1] == "bytes=100000-"
    assert not (tmp_path / "m.gguf.part").exists()


def test_cancel_keeps_the_part(tmp_path: Path, server: FileServer) -> None:
    stop = threading.Event()

    def prog(a: int, b: int | None) -> None:
        if a >= 50_000:
            stop.set()

    with pytest.raises(DownloadCancelled):
        download(server.url, tmp_path / "m.gguf", progress=prog, cancel=stop, block=10_000)
    assert (tmp_path / "m.gguf.part").exists()


def test_checksum_mismatch_and_not_gguf(tmp_path: Path, server: FileServer) -> None:
    with pytest.raises(DownloadError) as e:
        download(server.url, tmp_path / "m.gguf", sha256="0" * 64)
    assert "checksum" in str(e.value) and not list(tmp_path.iterdir())
    server.payload = b"<html>not a model</html>"
    with pytest.raises(DownloadError) as e:
        download(server.url, tmp_path / "x.gguf")
    assert "not a GGUF model" in str(e.value)
    with pytest.raises(DownloadError):
        download("file:///etc/passwd", tmp_path / "y.gguf")

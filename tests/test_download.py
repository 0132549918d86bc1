"""Model download against a local HTTP server: progress, resume, checksum, bad files."""

from __future__ import annotations

import hashlib
import os
import socket
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


# ---- plain errors (issue 25): the app's own words, resume promised only with a part kept ----
def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_404_says_no_file_and_promises_no_resume(tmp_path: Path, server: FileServer) -> None:
    missing = server.url.rsplit("/", 1)[0] + "/missing.gguf"
    server.missing = True
    with pytest.raises(DownloadError) as e:
        download(missing, tmp_path / "m.gguf")
    text = str(e.value)
    assert "127.0.0.1 has no file at this address (HTTP 404)" in text
    assert "resume" not in text and "urlopen" not in text and "Errno" not in text
    assert not e.value.kept and not list(tmp_path.iterdir())


def test_unreachable_host_in_open_urls_words(tmp_path: Path) -> None:
    with pytest.raises(DownloadError) as e:
        download(f"http://127.0.0.1:{closed_port()}/m.gguf", tmp_path / "m.gguf", timeout=5)
    text = str(e.value)
    assert text == "cannot reach 127.0.0.1 (the connection was refused): check the network connection"
    assert not e.value.kept


def test_unresolvable_name_in_open_urls_words(tmp_path: Path) -> None:
    # .invalid never resolves (RFC 6761): the resolver answers at once, offline too
    with pytest.raises(DownloadError) as e:
        download("http://models.invalid/m.gguf", tmp_path / "m.gguf", timeout=5)
    assert str(e.value) == (
        "cannot reach models.invalid (its name could not be looked up): check the network connection"
    )


def test_a_cut_after_a_part_promises_resume_with_the_size_kept(tmp_path: Path, server: FileServer) -> None:
    server.drop_after = 2 * 65536
    with pytest.raises(DownloadError) as e:
        download(server.url, tmp_path / "m.gguf", block=4096)
    text = str(e.value)
    assert e.value.kept and "the 0.1 MB downloaded so far are kept" in text and "resumes" in text
    assert "urlopen" not in text and "Errno" not in text


def test_unreachable_with_a_part_kept_says_resume(tmp_path: Path) -> None:
    (tmp_path / "m.gguf.part").write_bytes(b"GGUF" + b"x" * 300_000)
    with pytest.raises(DownloadError) as e:
        download(f"http://127.0.0.1:{closed_port()}/m.gguf", tmp_path / "m.gguf", timeout=5)
    assert e.value.kept and "the 0.3 MB downloaded so far are kept, and trying again resumes" in str(e.value)


def test_checksum_mismatch_is_plain_and_deletes(tmp_path: Path, server: FileServer) -> None:
    with pytest.raises(DownloadError) as e:
        download(server.url, tmp_path / "m.gguf", sha256="0" * 64)
    text = str(e.value)
    assert "not the one published (its checksum does not match) and was deleted" in text
    assert "resume" not in text and not e.value.kept and not list(tmp_path.iterdir())


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_disk_is_said_as_such(tmp_path: Path, server: FileServer) -> None:
    # writes to /dev/full fail with ENOSPC: the partial file points there
    (tmp_path / "m.gguf.part").symlink_to("/dev/full")
    with pytest.raises(DownloadError) as e:
        download(server.url, tmp_path / "m.gguf", block=4096)
    text = str(e.value)
    assert text.startswith(f"the disk is full: {tmp_path} has no room for the model")
    assert "resume" not in text and "Errno" not in text

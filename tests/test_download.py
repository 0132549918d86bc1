"""Model download against a local HTTP server: progress, resume, checksum, bad files."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from threadgist.llm.download import DownloadCancelled, DownloadError, download

MODEL = b"GGUF" + os.urandom(300_000)


class Server:
    def __init__(self, payload: bytes):
        self.payload = payload
        self.drop_after: int | None = None  # cut the next response after this many bytes
        self.ranges: list[str | None] = []
        srv = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a: Any) -> None:
                pass

            def do_GET(self) -> None:
                rng = self.headers.get("Range")
                srv.ranges.append(rng)
                start = int(rng.split("=")[1].split("-")[0]) if rng else 0
                body = srv.payload[start:]
                self.send_response(206 if rng else 200)
                if rng:
                    self.send_header("Content-Range",
                                     f"bytes {start}-{len(srv.payload) - 1}/{len(srv.payload)}")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if srv.drop_after is not None:
                    self.wfile.write(body[: srv.drop_after])
                    srv.drop_after = None
                    self.wfile.flush()
                    self.connection.close()
                    return
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/model.gguf"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def server() -> Iterator[Server]:
    s = Server(MODEL)
    yield s
    s.close()


def test_download_with_progress_and_checksum(tmp_path: Path, server: Server) -> None:
    seen: list[tuple[int, int | None]] = []
    out = download(server.url, tmp_path / "m.gguf", sha256=hashlib.sha256(MODEL).hexdigest(),
                   progress=lambda a, b: seen.append((a, b)), block=65536)
    assert out.read_bytes() == MODEL
    assert seen[-1] == (len(MODEL), len(MODEL)) and len(seen) > 2


def test_interrupted_download_resumes(tmp_path: Path, server: Server) -> None:
    server.drop_after = 100_000
    with pytest.raises(DownloadError) as e:
        download(server.url, tmp_path / "m.gguf", block=4096)
    assert "resume" in str(e.value)
    assert (tmp_path / "m.gguf.part").stat().st_size == 100_000
    out = download(server.url, tmp_path / "m.gguf", sha256=hashlib.sha256(MODEL).hexdigest())
    assert out.read_bytes() == MODEL
    assert server.ranges[-1] == "bytes=100000-"
    assert not (tmp_path / "m.gguf.part").exists()


def test_cancel_keeps_the_part(tmp_path: Path, server: Server) -> None:
    stop = threading.Event()

    def prog(a: int, b: int | None) -> None:
        if a >= 50_000:
            stop.set()

    with pytest.raises(DownloadCancelled):
        download(server.url, tmp_path / "m.gguf", progress=prog, cancel=stop, block=10_000)
    assert (tmp_path / "m.gguf.part").exists()


def test_checksum_mismatch_and_not_gguf(tmp_path: Path, server: Server) -> None:
    with pytest.raises(DownloadError) as e:
        download(server.url, tmp_path / "m.gguf", sha256="0" * 64)
    assert "checksum" in str(e.value) and not list(tmp_path.iterdir())
    server.payload = b"<html>not a model</html>"
    with pytest.raises(DownloadError) as e:
        download(server.url, tmp_path / "x.gguf")
    assert "not a GGUF model" in str(e.value)
    with pytest.raises(DownloadError):
        download("file:///etc/passwd", tmp_path / "y.gguf")

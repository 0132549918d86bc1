"""A file server on 127.0.0.1 for download tests: HTTP Range, a connection cut after N
bytes, a pause between blocks (slow downloads), a 404, the Range headers it was asked for."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

BLOCK = 65536


class FileServer:
    def __init__(self, payload: bytes, *, gap: float = 0.0, name: str = "model.gguf"):
        self.payload = payload
        self.gap = gap  # seconds between blocks
        self.drop_after: int | None = None  # cut the next response after this many bytes
        self.ranges: list[str | None] = []
        self.missing = False  # answer 404 Not Found
        srv = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a: Any) -> None:
                pass

            def do_GET(self) -> None:
                rng = self.headers.get("Range")
                srv.ranges.append(rng)
                if srv.missing:
                    self.send_error(404)
                    return
                start = int(rng.split("=")[1].split("-")[0]) if rng else 0
                body = srv.payload[start:]
                self.send_response(206 if rng else 200)
                if rng:
                    self.send_header(
                        "Content-Range", f"bytes {start}-{len(srv.payload) - 1}/{len(srv.payload)}"
                    )
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if srv.drop_after is not None:
                    body, srv.drop_after = body[: srv.drop_after], None
                    self.wfile.write(body)
                    self.wfile.flush()
                    self.connection.close()
                    return
                try:
                    for i in range(0, len(body), BLOCK):
                        self.wfile.write(body[i : i + BLOCK])
                        if srv.gap:
                            time.sleep(srv.gap)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/files/{name}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

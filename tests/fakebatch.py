"""A scripted OpenAI Batch API on 127.0.0.1: ``POST /v1/files`` (multipart, purpose
``batch``), ``POST /v1/batches`` (its metadata kept), ``GET /v1/batches`` (the list,
newest first), ``GET /v1/batches/{id}``, ``GET /v1/files/{id}/content``.
A batch answers every line with the scripted server's grounded digest
(:func:`tests.fakeserver.smart_answer`) once it is released: at once, or when a test sets
``hold = False`` (a batch that takes its time, for restarts). A test may also have every
line answered with an error (``fail_lines``), batches end early (``end``: expired or
cancelled after some answers, with the output and error files OpenAI gives then), or
batches unknown (``lost``, or a batch deleted from ``batches``: 404)."""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .fakeserver import smart_answer

#: the statuses after which a batch does not change
FINAL = ("completed", "failed", "expired", "cancelled")


class FakeBatchAPI:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.hold = False  # batches stay in progress while True
        #: every line answered with a server error (status 500, in the error file)
        self.fail_lines = False
        #: (status, n): a released batch ends as "expired" or "cancelled" (after one poll
        #: as "cancelling") with answers for its first n lines only
        self.end: tuple[str, int] | None = None
        #: every batch unknown (404), as to another organisation's key
        self.lost = False
        #: a batch's status answered with a body that is not JSON (as by a broken proxy)
        self.garbled = False
        self._batch_ids = itertools.count(1)  # a deleted batch's id is not given again
        self.lock = threading.Lock()
        self.uploads = 0
        self.polls = 0
        self.lines_answered = 0
        self.requests: list[str] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                api._get(self)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                api._post(self, self.rfile.read(length))

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FakeBatchAPI:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # ---- handlers ----------------------------------------------------------------------
    @staticmethod
    def _json(h: BaseHTTPRequestHandler, status: int, doc: Any) -> None:
        data = json.dumps(doc, ensure_ascii=False).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def _post(self, h: BaseHTTPRequestHandler, body: bytes) -> None:
        with self.lock:
            self.requests.append(f"POST {h.path}")
        if h.path.rstrip("/").endswith("/files"):
            content = _multipart_file(h.headers.get("Content-Type", ""), body)
            with self.lock:
                self.uploads += 1
                fid = f"file-in-{len(self.files) + 1}"
                self.files[fid] = content
            self._json(
                h,
                200,
                {
                    "id": fid,
                    "object": "file",
                    "bytes": len(content),
                    "created_at": int(time.time()),
                    "filename": "batch.jsonl",
                    "purpose": "batch",
                    "status": "processed",
                },
            )
            return
        if h.path.rstrip("/").endswith("/batches"):
            doc = json.loads(body)
            with self.lock:
                bid = f"batch_{next(self._batch_ids)}"
                self.batches[bid] = {
                    "id": bid,
                    "object": "batch",
                    "endpoint": doc["endpoint"],
                    "input_file_id": doc["input_file_id"],
                    "completion_window": "24h",
                    "status": "validating",
                    "created_at": int(time.time()),
                    "output_file_id": None,
                    "error_file_id": None,
                    "request_counts": {"total": 0, "completed": 0, "failed": 0},
                    "metadata": doc.get("metadata"),
                }
                batch = dict(self.batches[bid])
            self._json(h, 200, batch)
            return
        self._json(h, 404, {"error": {"message": "not found"}})

    def _get(self, h: BaseHTTPRequestHandler) -> None:
        with self.lock:
            self.requests.append(f"GET {h.path}")
        if re.search(r"/batches/?(\?.*)?$", h.path):  # the list, newest first, one page
            with self.lock:
                listed = sorted(self.batches.values(), key=lambda b: (b["created_at"], b["id"]), reverse=True)
                docs = [dict(batch) for batch in listed]
            self._json(h, 200, {"object": "list", "data": docs, "has_more": False})
            return
        m = re.search(r"/batches/([\w-]+)$", h.path)
        if m:
            with self.lock:
                self.polls += 1
                batch = None if self.lost else self.batches.get(m.group(1))
                if batch is not None and not self.hold and batch["status"] not in FINAL:
                    self._run(batch)
                doc = dict(batch) if batch else None
            if self.garbled:
                data = b"<html>Bad gateway</html>"
                h.send_response(200)
                h.send_header("Content-Type", "application/json")
                h.send_header("Content-Length", str(len(data)))
                h.end_headers()
                h.wfile.write(data)
            elif doc is None:
                self._json(h, 404, {"error": {"message": "no such batch"}})
            else:
                if doc["status"] == "validating":
                    doc["status"] = "in_progress"
                self._json(h, 200, doc)
            return
        m = re.search(r"/files/([\w-]+)/content$", h.path)
        if m and m.group(1) in self.files:
            data = self.files[m.group(1)]
            h.send_response(200)
            h.send_header("Content-Type", "application/octet-stream")
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)
            return
        self._json(h, 404, {"error": {"message": "not found"}})

    def _run(self, batch: dict[str, Any]) -> None:
        """Answer the lines of the batch's input (under the lock): every line, or as
        ``fail_lines`` and ``end`` say."""
        if self.end is not None and self.end[0] == "cancelled" and batch["status"] != "cancelling":
            batch["status"] = "cancelling"  # the output comes with "cancelled"
            return
        requests = [json.loads(raw) for raw in self.files[batch["input_file_id"]].decode().splitlines()]
        status, answered = self.end or ("completed", len(requests))
        out, errors = [], []
        for n, req in enumerate(requests):
            if n >= answered:
                errors.append(_unanswered(n, req, f"batch_{status}"))
            elif self.fail_lines:
                errors.append(_server_error(n, req))
            else:
                out.append(_answer(n, req))
        self.lines_answered += len(out)
        batch.update(
            status=status,
            output_file_id=self._save("file-out", out),
            error_file_id=self._save("file-err", errors),
            request_counts={"total": len(requests), "completed": len(out), "failed": len(errors)},
        )

    def _save(self, prefix: str, lines: list[dict[str, Any]]) -> str | None:
        """A file of JSON lines, as the Batch API keeps them; None for no line (OpenAI
        gives no empty file)."""
        if not lines:
            return None
        fid = f"{prefix}-{len(self.files) + 1}"
        self.files[fid] = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()
        return fid


def _answer(n: int, req: dict[str, Any]) -> dict[str, Any]:
    """An output line: the request's grounded digest."""
    answer = json.dumps(smart_answer(req["body"]["messages"]), ensure_ascii=False)
    prompt = sum(len(m["content"]) for m in req["body"]["messages"]) // 2
    return {
        "id": f"batch_req_{n}",
        "custom_id": req["custom_id"],
        "error": None,
        "response": {
            "status_code": 200,
            "request_id": "r",
            "body": {
                "id": "chatcmpl-x",
                "object": "chat.completion",
                "created": 0,
                "model": req["body"]["model"],
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": answer},
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt,
                    "completion_tokens": len(answer) // 2,
                    "total_tokens": prompt + len(answer) // 2,
                },
            },
        },
    }


def _server_error(n: int, req: dict[str, Any]) -> dict[str, Any]:
    """An error line: the request answered with a server error."""
    return {
        "id": f"batch_req_{n}",
        "custom_id": req["custom_id"],
        "error": None,
        "response": {
            "status_code": 500,
            "request_id": "r",
            "body": {"error": {"message": "The server had an error while processing your request."}},
        },
    }


def _unanswered(n: int, req: dict[str, Any], code: str) -> dict[str, Any]:
    """An error line: the request not run before the batch ended (as OpenAI writes it)."""
    return {
        "id": f"batch_req_{n}",
        "custom_id": req["custom_id"],
        "response": None,
        "error": {"code": code, "message": "This request could not be executed before the batch ended."},
    }


def _multipart_file(content_type: str, body: bytes) -> bytes:
    m = re.search(r'boundary="?([^";]+)"?', content_type)
    if not m:
        return b""
    for part in body.split(b"--" + m.group(1).encode()):
        head, _, data = part.partition(b"\r\n\r\n")
        if b'name="file"' in head:
            return data.removesuffix(b"\r\n")
    return b""

"""A scripted OpenAI-compatible server on 127.0.0.1 for fault tests and benchmarks.

By default it answers chat completions with a *grounded* digest computed from the
comment lines in the prompt (so the whole pipeline can run against it). Tests push
behaviours onto ``script`` to inject faults, one per request, in order.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LINE_RE = re.compile(r"^(\d+)(?:-(\d+))?(?:[推噓→]|>\d+:|:)(\w+) (.*)$")
ID_RE = re.compile(r"^([VD]\d+) ", re.M)


@dataclass
class Behavior:
    #: ok | status | drop | error_event | length | hang, and for endpoints that are not
    #: OpenAI-compatible or misbehave: raw (``body`` as is, with ``headers``' content
    #: type: a web page, a plain or cut JSON body), inject (``body``'s bytes written raw
    #: into the middle of the stream: a bad data line), keepalive (an SSE comment every
    #: ``gap`` seconds, never an answer), empty (chunks with no text every ``gap`` seconds,
    #: without end), flood (``text`` streamed ``repeat`` times, then a normal end)
    kind: str = "ok"
    status: int = 200
    body: Any = None
    repeat: int = 1
    headers: dict[str, str] = field(default_factory=dict)
    text: str | None = None  # content to stream instead of the smart answer
    delay: float = 0.0  # before the response starts
    gap: float = 0.0  # between chunks (slow streams)
    usage: bool = True
    prompt_tokens: int | None = None  # reported instead of the computed count
    timings: dict[str, Any] | None = None  # llama.cpp's timings, sent with the usage
    #: llama.cpp's prompt progress, (processed, total) per chunk, sent before the answer
    #: when the request asks for it (return_progress), ``prefill_gap`` seconds apart
    prefill: list[tuple[int, int]] = field(default_factory=list)
    prefill_gap: float = 0.0


@dataclass
class Seen:
    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    at: float


def smart_answer(messages: list[dict[str, str]], *, bad_citations: bool = False) -> dict[str, Any]:
    user = messages[-1]["content"] if messages else ""
    if "<partials>" in user:
        ids = ID_RE.findall(user)
        return {
            "summary": "合併摘要：討論集中在文章主題，也有一些離題。",
            "viewpoints": [
                {
                    "title": "主要觀點",
                    "statement": "多數留言的看法。",
                    "sources": [i for i in ids if i.startswith("V")],
                }
            ],
            "off_topic": [
                {
                    "title": "離題",
                    "description": "與主題無關的閒聊。",
                    "sources": [i for i in ids if i.startswith("D")],
                }
            ],
        }
    if "Condense it" in user:
        return {"condensed": "文章重點：公司宣布調整政策，作者詢問大家的看法。"}
    if "Put each comment of this part in its group" in user:
        return sort_answer(user)
    if "<comments>" not in user:
        return {"answer": "ok"}
    block = user.split("<comments>", 1)[1].split("</comments>", 1)[0]
    lines = []
    for raw in block.strip().splitlines():
        m = LINE_RE.match(raw.strip())
        if m:
            lines.append((int(m.group(1)), m.group(4)))
    half = max(1, len(lines) // 2)
    first, second = lines[:half], lines[half:-1] if len(lines) > 2 else lines[half:]
    off = lines[-1:] if len(lines) > 2 else []
    vps = []
    for title, group in (("觀點一", first), ("觀點二", second)):
        if not group:
            continue
        f0, t0 = group[0]
        vps.append(
            {
                "title": title,
                "statement": f"{title}的說明。",
                "floors": [f for f, _ in group],
                "quotes": [{"floor": f0, "text": t0[:8]}],
            }
        )
    if bad_citations and vps:
        vps[0]["floors"].append(99999)
        vps[0]["quotes"].append({"floor": vps[0]["floors"][0], "text": "這句話根本不在討論串裡"})
    return {
        "summary": f"這部分有 {len(lines)} 則留言。",
        "viewpoints": vps,
        "off_topic": [{"title": "閒聊", "description": "離題的留言。", "floors": [f for f, _ in off]}]
        if off
        else [],
    }


def sort_answer(user: str) -> dict[str, int]:
    """A sort call's answer: the first half of the part's lines in group 1, the rest in the
    last group listed."""
    groups = [int(m.group(1)) for m in re.finditer(r"^(\d+)\. \[", user, re.M)]
    block = user.split("<comments>", 1)[1].split("</comments>", 1)[0]
    floors = [int(m.group(1)) for raw in block.strip().splitlines() if (m := LINE_RE.match(raw.strip()))]
    last = max(groups, default=0)
    half = max(1, len(floors) // 2)
    return {str(floor): 1 if i < half else last for i, floor in enumerate(floors)}


class FakeServer:
    def __init__(self, *, latency: float = 0.0, chunk_chars: int = 40, keep_alive: bool = False):
        """``latency``: seconds before each chat answer starts. ``keep_alive``: answer
        streams in chunked transfer encoding on a connection that serves the next request,
        as real servers do (else each stream ends by closing its connection)."""
        self.script: deque[Behavior] = deque()
        self.seen: list[Seen] = []
        self.latency = latency
        self.keep_alive = keep_alive
        self.chunk_chars = chunk_chars
        self.bad_citations = False
        #: answers chat requests instead of smart_answer (messages → the JSON answer)
        self.answer: Callable[[list[dict[str, str]]], Any] | None = None
        self.models = ["fake-model", "other-model"]
        #: a llama.cpp server's own surface (the run's calibration): /props reports this
        #: window, /tokenize answers this many tokens for a text (None: 404, as other servers)
        self.n_ctx: int | None = None
        self.tokenize: Callable[[str], int] | None = None
        self.lock = threading.Lock()
        self.concurrent = 0
        self.max_concurrent = 0
        self.closed_early = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # a body's pieces go out as written (TCP_NODELAY), as real servers send them:
            # a kept-alive connection's last small piece would otherwise wait for an ACK
            disable_nagle_algorithm = keep_alive

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                server._record(self, {})
                if self.path.rstrip("/").endswith("/props") and server.n_ctx is not None:
                    server._json(self, 200, {"default_generation_settings": {"n_ctx": server.n_ctx}})
                elif self.path.rstrip("/").endswith("/models"):
                    server._json(
                        self,
                        200,
                        {
                            "object": "list",
                            "data": [{"id": m, "object": "model", "owned_by": "fake"} for m in server.models],
                        },
                    )
                else:
                    server._json(self, 404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                server._record(self, body)
                if self.path.rstrip("/").endswith("/tokenize") and server.tokenize is not None:
                    count = server.tokenize(str(body.get("content", "")))
                    server._json(self, 200, {"tokens": list(range(count))})
                    return
                if "/api/" in self.path:  # another server's native API (Ollama's): not here
                    server._json(self, 404, {"error": "404 page not found"})
                    return
                with server.lock:
                    server.concurrent += 1
                    server.max_concurrent = max(server.max_concurrent, server.concurrent)
                self.answering = True  # until the last byte of the answer goes out
                try:
                    server._chat(self, body)
                except (BrokenPipeError, ConnectionResetError):
                    server.closed_early += 1
                finally:
                    server._answered(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FakeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def chat_requests(self) -> list[Seen]:
        return [s for s in self.seen if s.path.endswith("/chat/completions")]

    # ---- internals -------------------------------------------------------------------
    def _answered(self, h: BaseHTTPRequestHandler) -> None:
        """A request stops counting towards ``concurrent`` (once)."""
        if getattr(h, "answering", False):
            h.answering = False  # type: ignore[attr-defined]
            with self.lock:
                self.concurrent -= 1

    def _record(self, h: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        with self.lock:
            self.seen.append(Seen(h.path, body, dict(h.headers), time.monotonic()))

    @staticmethod
    def _json(
        h: BaseHTTPRequestHandler, status: int, doc: Any, headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(doc, ensure_ascii=False).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(data)

    def _chat(self, h: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        with self.lock:
            b = self.script.popleft() if self.script else Behavior()
        if self.latency:
            time.sleep(self.latency)
        if b.delay:
            time.sleep(b.delay)
        if b.kind == "status":
            self._json(h, b.status, b.body if b.body is not None else {"error": {"message": "x"}}, b.headers)
            return
        if b.kind == "hang":
            time.sleep(b.gap or 30)
            return
        if b.kind == "raw":
            self._raw(h, b)
            return
        messages = body.get("messages", [])
        answer = (
            self.answer(messages)
            if self.answer is not None
            else smart_answer(messages, bad_citations=self.bad_citations)
        )
        text = b.text if b.text is not None else json.dumps(answer, ensure_ascii=False)
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        if not self.keep_alive:
            h.send_header("Connection", "close")
            h.end_headers()
            self._stream(h, b, body, text)
            return
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        raw, h.wfile = h.wfile, _Chunked(h.wfile)  # type: ignore[assignment]
        try:
            self._stream(h, b, body, text)
        except BaseException:
            h.close_connection = True
            raise
        finally:
            h.wfile = raw
        try:
            raw.write(b"0\r\n\r\n")  # the body's end: the connection serves the next request
            raw.flush()
        except OSError:  # dropped
            h.close_connection = True

    def _stream(self, h: BaseHTTPRequestHandler, b: Behavior, body: dict[str, Any], text: str) -> None:
        def send(doc: Any) -> None:
            h.wfile.write(f"data: {json.dumps(doc, ensure_ascii=False)}\n\n".encode())
            h.wfile.flush()

        if b.kind in ("keepalive", "empty"):
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:  # until the client goes away
                if b.kind == "keepalive":
                    h.wfile.write(b": keep-alive\n\n")
                    h.wfile.flush()
                else:
                    send(_chunk({"content": ""}, None))
                if b.gap:
                    time.sleep(b.gap)
            return
        if body.get("return_progress"):
            for done, total in b.prefill:
                send(
                    {
                        "id": "x",
                        "object": "chat.completion.chunk",
                        "created": 0,
                        "model": "fake-model",
                        "choices": [],
                        "prompt_progress": {"total": total, "cache": 0, "processed": done, "time_ms": 1.0},
                    }
                )
                if b.prefill_gap:
                    time.sleep(b.prefill_gap)
        pieces = [text[i : i + self.chunk_chars] for i in range(0, len(text), self.chunk_chars)]
        pieces *= b.repeat if b.kind == "flood" else 1
        for i, piece in enumerate(pieces):
            if b.kind == "drop" and i >= len(pieces) // 2:
                h.wfile.flush()
                h.connection.shutdown(socket.SHUT_RDWR)
                return
            if b.kind == "error_event" and i == len(pieces) // 2:
                send({"error": {"message": "upstream model crashed", "type": "server_error"}})
                return
            if b.kind == "inject" and i == len(pieces) // 2:
                h.wfile.write(b.body if isinstance(b.body, bytes) else str(b.body).encode())
                h.wfile.flush()
            send(_chunk({"content": piece}, None))
            if b.gap:
                time.sleep(b.gap)
        send(_chunk({}, "length" if b.kind == "length" else "stop"))
        if b.usage and (body.get("stream_options") or {}).get("include_usage"):
            prompt = (
                b.prompt_tokens
                if b.prompt_tokens is not None
                else sum(len(m.get("content", "")) for m in body.get("messages", [])) // 2
            )
            send(
                {
                    "id": "x",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": body.get("model"),
                    "choices": [],
                    "usage": {
                        "prompt_tokens": prompt,
                        "completion_tokens": len(text) // 2,
                        "total_tokens": prompt + len(text) // 2,
                    },
                    **({"timings": b.timings} if b.timings else {}),
                }
            )
        # the answer is over for the client once [DONE] arrives: it may send its next
        # request before this handler returns, so the request stops counting here
        self._answered(h)
        h.wfile.write(b"data: [DONE]\n\n")
        h.wfile.flush()

    @staticmethod
    def _raw(h: BaseHTTPRequestHandler, b: Behavior) -> None:
        """``b.body`` as it is: what a web server, a proxy's login page or another API
        answers at a wrong base URL."""
        data = b.body if isinstance(b.body, bytes) else str(b.body or "").encode()
        headers = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(data)), **b.headers}
        h.send_response(b.status)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Connection", "close")
        h.end_headers()
        h.wfile.write(data)
        h.wfile.flush()


class _Chunked:
    """Writes a response body in chunked transfer encoding (FakeServer(keep_alive=True))."""

    def __init__(self, raw: Any):
        self.raw = raw

    def write(self, data: bytes) -> int:
        if data:
            self.raw.write(b"%x\r\n%s\r\n" % (len(data), data))
        return len(data)

    def flush(self) -> None:
        self.raw.flush()


def _chunk(delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "x",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "fake-model",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }

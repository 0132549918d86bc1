"""Scripted local servers on 127.0.0.1 shaped like Ollama, LM Studio and llama.cpp, for
the window tests (tests/test_server_window.py).

:class:`FakeOllama` serves ``POST /api/show`` (model_info with the trained context and
the model's shape, Modelfile parameters), ``GET /api/ps`` (the loaded models, with
``context_length`` when ``ps_reports_ctx``), the native ``POST /api/chat`` (JSON lines;
the window is ``options.num_ctx``, else the default) and the OpenAI-compatible
``POST /v1/chat/completions`` (server-sent events; ``num_ctx`` ignored: the Modelfile's
window or the default). A prompt longer than the window is cut the way Ollama cuts it:
the start is dropped, the model answers from the tail it kept, and the counts report
the tokens kept (``prompt_eval_count`` = the window). With ``refuses_overflow`` a native
request that says ``truncate: false`` is refused instead, as newer servers do.

Tokens are counted as UTF-8 bytes / ``bytes_per_token`` (3: one per Han character), a
stand-in tokenizer the app's estimates do not know.

:class:`FakeInfo` answers GET requests with fixed JSON documents (LM Studio's
/api/v0/models, llama.cpp's /props and /v1/models).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .fakeserver import smart_answer


@dataclass
class Chat:
    """One chat request as the fake saw it."""

    route: str  # "native" | "openai"
    window: int
    tokens: int  # the prompt's tokens, before any cut
    kept: int  # the tokens the model read
    refused: bool = False

    @property
    def cut(self) -> bool:
        """The model answered from a prompt whose start it dropped."""
        return not self.refused and self.kept < self.tokens


@dataclass
class OllamaModel:
    name: str = "qwen2.5:7b"
    trained: int = 32_768
    modelfile_ctx: int | None = None
    parameter_size: str = "7.6B"
    #: qwen2.5-7b's shape: 28 layers, 4 KV heads of 128 → 56 KiB per token at f16
    shape: dict[str, int] = field(
        default_factory=lambda: {
            "block_count": 28,
            "attention.head_count": 28,
            "attention.head_count_kv": 4,
            "embedding_length": 3584,
        }
    )


class FakeOllama:
    def __init__(
        self,
        model: OllamaModel | None = None,
        *,
        default_window: int = 4096,
        loaded: int | None = None,
        ps_reports_ctx: bool = True,
        refuses_overflow: bool = False,
        native: bool = True,
        bytes_per_token: float = 3.0,
    ):
        self.model = model or OllamaModel()
        self.default_window = default_window
        self.loaded = loaded  # the window the model is loaded with (None: not loaded)
        self.ps_reports_ctx = ps_reports_ctx
        self.refuses_overflow = refuses_overflow
        self.native = native  # False: /api/* answers 404 (not Ollama, or a very old one)
        self.bytes_per_token = bytes_per_token
        self.chats: list[Chat] = []
        self.paths: list[str] = []
        #: native answers to send instead of the computed one, one per request: the
        #: body's lines as they are (a status of 200; a line b"stall N" waits N seconds
        #: instead), or (status, JSON document)
        self.script: list[list[bytes] | tuple[int, Any]] = []
        self.bodies: list[dict[str, Any]] = []  # every chat request's body
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                server._note(self.path)
                if self.path == "/api/ps" and server.native:
                    _json(self, 200, server._ps())
                elif self.path.rstrip("/").endswith("/v1/models"):
                    _json(
                        self, 200, {"object": "list", "data": [{"id": server.model.name, "object": "model"}]}
                    )
                else:
                    _json(self, 404, {"error": "404 page not found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                server._note(self.path)
                if self.path == "/api/show" and server.native:
                    server._show(self, body)
                elif self.path == "/api/chat" and server.native:
                    server._chat(self, body, native=True)
                elif self.path == "/v1/chat/completions":
                    server._chat(self, body, native=False)
                else:
                    _json(self, 404, {"error": "404 page not found"})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FakeOllama:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # ---- what it knows ---------------------------------------------------------------
    def _note(self, path: str) -> None:
        with self.lock:
            self.paths.append(path)

    def _ps(self) -> dict[str, Any]:
        if self.loaded is None:
            return {"models": []}
        entry: dict[str, Any] = {"name": self.model.name, "model": self.model.name, "size": 6_000_000_000}
        if self.ps_reports_ctx:
            entry["context_length"] = self.loaded
        return {"models": [entry]}

    def _show(self, h: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        if body.get("model") != self.model.name:
            _json(h, 404, {"error": f"model '{body.get('model')}' not found"})
            return
        arch = "qwen2"
        info: dict[str, Any] = {"general.architecture": arch, f"{arch}.context_length": self.model.trained}
        info.update({f"{arch}.{k}": v for k, v in self.model.shape.items()})
        params = 'stop                           "<|im_end|>"'
        if self.model.modelfile_ctx:
            params += f"\nnum_ctx                        {self.model.modelfile_ctx}"
        doc = {
            "modelfile": "# Modelfile",
            "parameters": params,
            "template": "{{ .Prompt }}",
            "details": {
                "family": arch,
                "parameter_size": self.model.parameter_size,
                "quantization_level": "Q4_K_M",
            },
            "model_info": info,
        }
        _json(h, 200, doc)

    def tokens(self, text: str) -> int:
        return int(len(text.encode("utf-8")) / self.bytes_per_token) + 1

    # ---- chat --------------------------------------------------------------------------
    def _window(self, body: dict[str, Any], native: bool) -> int:
        options = body.get("options") if native else None
        asked = options.get("num_ctx") if isinstance(options, dict) else None
        window = asked or self.model.modelfile_ctx or self.default_window
        return min(int(window), self.model.trained)

    def _chat(self, h: BaseHTTPRequestHandler, body: dict[str, Any], *, native: bool) -> None:
        with self.lock:
            self.bodies.append(body)
            scripted = self.script.pop(0) if native and self.script else None
        if isinstance(scripted, tuple):
            _json(h, scripted[0], scripted[1])
            return
        if scripted is not None:
            _chunked(h, "application/x-ndjson")
            for line in scripted:
                if line.startswith(b"stall "):  # nothing more for that many seconds
                    time.sleep(float(line.split()[1]))
                    continue
                _write_chunk(h, line)
            h.wfile.write(b"0\r\n\r\n")
            h.wfile.flush()
            return
        if body.get("model") != self.model.name:
            _json(h, 404, {"error": f'model "{body.get("model")}" not found, try pulling it first'})
            return
        messages = body.get("messages", [])
        window = self._window(body, native)
        text = "\n".join(str(m.get("content", "")) for m in messages)
        total = self.tokens(text)
        kept_messages, kept = messages, total
        if total > window:
            if native and self.refuses_overflow and body.get("truncate") is False:
                with self.lock:
                    self.chats.append(Chat("native", window, total, 0, refused=True))
                _json(h, 400, {"error": f"the input length ({total}) exceeds the context length ({window})"})
                return
            tail = text.encode("utf-8")[-int((window - 1) * self.bytes_per_token) :].decode("utf-8", "ignore")
            if "<comments>" not in tail:  # the block's start was dropped: the model reads what is left
                tail = "<comments>\n" + tail.split("\n", 1)[-1]
            kept_messages, kept = [{"role": "user", "content": tail}], window
        with self.lock:
            self.chats.append(Chat("native" if native else "openai", window, total, kept))
        answer = json.dumps(smart_answer(kept_messages), ensure_ascii=False)
        answer_tokens = self.tokens(answer)
        if native:
            _lines(h, answer, kept, answer_tokens)
        else:
            _events(h, answer, kept, answer_tokens)


def _json(h: BaseHTTPRequestHandler, status: int, doc: Any) -> None:
    data = json.dumps(doc, ensure_ascii=False).encode()
    h.send_response(status)
    h.send_header("Content-Type", "application/json; charset=utf-8")
    h.send_header("Content-Length", str(len(data)))
    h.end_headers()
    h.wfile.write(data)


def _pieces(text: str, size: int = 40) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


def _chunked(h: BaseHTTPRequestHandler, content_type: str) -> None:
    h.send_response(200)
    h.send_header("Content-Type", content_type)
    h.send_header("Transfer-Encoding", "chunked")
    h.send_header("Connection", "close")
    h.end_headers()


def _write_chunk(h: BaseHTTPRequestHandler, data: bytes) -> None:
    h.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
    h.wfile.flush()


def _lines(h: BaseHTTPRequestHandler, answer: str, kept: int, answer_tokens: int) -> None:
    """Ollama's native stream: JSON lines, the counts in the last one."""
    _chunked(h, "application/x-ndjson")
    for piece in _pieces(answer):
        line = {
            "model": "m",
            "created_at": "2026-01-01T00:00:00Z",
            "message": {"role": "assistant", "content": piece},
            "done": False,
        }
        _write_chunk(h, (json.dumps(line, ensure_ascii=False) + "\n").encode())
    last = {
        "model": "m",
        "created_at": "2026-01-01T00:00:01Z",
        "message": {"role": "assistant", "content": ""},
        "done": True,
        "done_reason": "stop",
        "total_duration": 2_000_000_000,
        "prompt_eval_count": kept,
        "prompt_eval_duration": 1_000_000_000,
        "eval_count": answer_tokens,
        "eval_duration": 1_000_000_000,
    }
    _write_chunk(h, (json.dumps(last) + "\n").encode())
    h.wfile.write(b"0\r\n\r\n")
    h.wfile.flush()


def _events(h: BaseHTTPRequestHandler, answer: str, kept: int, answer_tokens: int) -> None:
    """The OpenAI-compatible route: server-sent events, usage before [DONE]."""
    _chunked(h, "text/event-stream")

    def send(doc: Any) -> None:
        _write_chunk(h, f"data: {json.dumps(doc, ensure_ascii=False)}\n\n".encode())

    base = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "m"}
    for piece in _pieces(answer):
        send(base | {"choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
    send(base | {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    usage = {"prompt_tokens": kept, "completion_tokens": answer_tokens, "total_tokens": kept + answer_tokens}
    send(base | {"choices": [], "usage": usage})
    _write_chunk(h, b"data: [DONE]\n\n")
    h.wfile.write(b"0\r\n\r\n")
    h.wfile.flush()


class FakeInfo:
    """GET ``path`` → ``docs[path]`` (JSON), anything else 404."""

    def __init__(self, docs: dict[str, Any]):
        self.docs = docs
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                if self.path in server.docs:
                    _json(self, 200, server.docs[self.path])
                else:
                    _json(self, 404, {"error": "not found"})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FakeInfo:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

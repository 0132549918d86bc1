"""A small HTTP/1.1 client on asyncio streams, for the native routes of local servers
(Ollama's /api/show, /api/ps and /api/chat, LM Studio's /api/v0/models, llama.cpp's
/props) that the openai package does not speak.

Cancelling the task that reads closes the connection at once (the server stops
generating when its client goes away). Nothing the server sends is read past a cap:
a JSON document past ``max_bytes``, a line of a stream past ``max_line``, a header block
past HEADER_BYTES all end the request with :class:`HttpFault`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import ssl
from collections.abc import AsyncIterator, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")

#: the most bytes of a status line and headers
HEADER_BYTES = 64 * 1024
#: the most bytes of a JSON document read by :func:`request_json`
JSON_BYTES = 4 * 1024 * 1024


class HttpFault(Exception):
    """The answer is not HTTP as expected (cut, too large, malformed)."""


class HttpSilent(HttpFault):
    """The server sent nothing for longer than the request allows between bytes."""


@dataclass
class HttpStatus(Exception):
    """An answer with a status other than 2xx; ``text``: the start of its body."""

    status: int
    text: str

    def __str__(self) -> str:
        return f"HTTP {self.status}: {self.text[:200]}"


@dataclass(frozen=True)
class _Target:
    host: str
    port: int
    path: str
    tls: bool
    host_header: str


def _target(url: str) -> _Target:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HttpFault(f"not an http(s) URL: {parts.scheme}://")
    tls = parts.scheme == "https"
    port = parts.port or (443 if tls else 80)
    host = parts.hostname
    shown = f"[{host}]" if ":" in host else host
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(host, port, path, tls, f"{shown}:{port}")


class _Response:
    """One response on an open connection: status, headers and a body reader."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader, self.writer = reader, writer
        self.status = 0
        self.headers: dict[str, str] = {}
        #: the longest wait for the next bytes of the body (None: no limit here)
        self.silence: float | None = None

    async def _quiet(self, read: Coroutine[Any, Any, T]) -> T:
        """``read``, or HttpSilent after ``silence`` seconds without a byte."""
        if self.silence is None:
            return await read
        try:
            return await asyncio.wait_for(read, self.silence)
        except TimeoutError:
            raise HttpSilent(f"no data for {self.silence:.0f} s") from None

    async def read_head(self) -> None:
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except asyncio.LimitOverrunError:
            raise HttpFault("the answer's headers are too long") from None
        except asyncio.IncompleteReadError:
            raise HttpFault("the connection closed before an answer") from None
        lines = head.decode("latin-1").split("\r\n")
        fields = lines[0].split(" ", 2)
        if len(fields) < 2 or not fields[0].startswith("HTTP/") or not fields[1].isdigit():
            raise HttpFault("the answer is not HTTP")
        self.status = int(fields[1])
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                self.headers[name.strip().lower()] = value.strip()

    async def pieces(self) -> AsyncIterator[bytes]:
        """The body as it arrives (chunked transfer encoding undone)."""
        if "chunked" in self.headers.get("transfer-encoding", "").lower():
            while True:
                try:  # a size line past the reader's limit raises ValueError too
                    size_line = await self._quiet(self.reader.readline())
                    size = int(size_line.split(b";", 1)[0].strip() or b"x", 16)
                except ValueError:
                    raise HttpFault("a malformed chunk") from None
                if size == 0:
                    return
                try:
                    data = await self._quiet(self.reader.readexactly(size))
                    await self._quiet(self.reader.readexactly(2))
                except asyncio.IncompleteReadError:
                    raise HttpFault("the connection closed in the middle of the answer") from None
                yield data
        length = self.headers.get("content-length")
        left = int(length) if length and length.isdigit() else None
        while left is None or left > 0:
            data = await self._quiet(self.reader.read(65536 if left is None else min(65536, left)))
            if not data:
                if left:
                    raise HttpFault("the connection closed in the middle of the answer")
                return
            if left is not None:
                left -= len(data)
            yield data


async def _open(method: str, url: str, body: Any, key: str | None) -> _Response:
    target = _target(url)
    context = ssl.create_default_context() if target.tls else None
    reader, writer = await asyncio.open_connection(target.host, target.port, ssl=context, limit=HEADER_BYTES)
    data = b"" if body is None else json.dumps(body, ensure_ascii=False).encode()
    head = [
        f"{method} {target.path} HTTP/1.1",
        f"Host: {target.host_header}",
        "Accept: application/json, application/x-ndjson",
        "Connection: close",
        "User-Agent: threadgist",
    ]
    if body is not None:
        head += ["Content-Type: application/json", f"Content-Length: {len(data)}"]
    if key:
        head.append(f"Authorization: Bearer {key}")
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1", "replace") + data)
    await writer.drain()
    response = _Response(reader, writer)
    await response.read_head()
    return response


async def _close(response: _Response) -> None:
    response.writer.close()
    with contextlib.suppress(OSError, TimeoutError):
        await asyncio.wait_for(response.writer.wait_closed(), 1.0)


async def _body(response: _Response, limit: int) -> bytes:
    parts: list[bytes] = []
    size = 0
    async for piece in response.pieces():
        size += len(piece)
        if size > limit:
            raise HttpFault(f"the answer is larger than {limit // 1024} KB")
        parts.append(piece)
    return b"".join(parts)


async def request_json(
    method: str, url: str, body: Any = None, *, key: str | None = None, max_bytes: int = JSON_BYTES
) -> Any:
    """One request and its JSON answer. Raises HttpStatus (not 2xx), HttpFault (not
    HTTP, too large), ValueError (not JSON) or OSError (not reachable). The caller sets
    the time limit (asyncio.timeout)."""
    response = await _open(method, url, body, key)
    try:
        data = await _body(response, max_bytes)
    finally:
        await _close(response)
    if not 200 <= response.status < 300:
        raise HttpStatus(response.status, data[:2000].decode("utf-8", "replace"))
    return json.loads(data.decode("utf-8"))


async def stream_lines(
    url: str,
    body: Any,
    *,
    key: str | None = None,
    max_line: int,
    max_bytes: int,
    silence: float | None = None,
) -> AsyncIterator[bytes]:
    """POST ``body`` and yield the answer's lines (JSON lines), each without its end.
    A status other than 2xx raises HttpStatus with the body's start; ``silence`` seconds
    without a byte of the body, HttpSilent."""
    response = await _open("POST", url, body, key)
    response.silence = silence
    try:
        if not 200 <= response.status < 300:
            data = await _body(response, 64 * 1024)
            raise HttpStatus(response.status, data[:2000].decode("utf-8", "replace"))
        pending = b""
        total = 0
        async for piece in response.pieces():
            total += len(piece)
            if total > max_bytes:
                raise HttpFault(f"the answer is larger than {max_bytes // 1024} KB")
            pending += piece
            *lines, pending = pending.split(b"\n")
            if len(pending) > max_line:
                raise HttpFault(f"a line is longer than {max_line // 1024} KB")
            for line in lines:
                if line.strip():
                    yield line
        if pending.strip():
            yield pending
    finally:
        await _close(response)

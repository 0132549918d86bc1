"""Reading one answer stream: the text, the finish reason, usage and timings, read no
further than the request's max_tokens allows.

One reader (:class:`StreamReader`) takes each event as its JSON, whatever brought it: the
openai package's server-sent events (:meth:`StreamReader.read`), or Ollama's native lines
(``ollama_chat.py``). What is wrong with a stream is raised as a :class:`Fault`, which the
client words with the endpoint's name (``wording.py``).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from ..messages import Message, msg
from .chat import PrefillSink, TextSink

#: the most answer text read for a request of N tokens: N × ANSWER_BYTES_PER_TOKEN bytes
#: (UTF-8), at least MIN_ANSWER_BYTES; and the most stream events: N × EVENTS_PER_TOKEN +
#: EVENT_SLACK (usage, progress and empty events included). A server that sends more does
#: not respect max_tokens.
ANSWER_BYTES_PER_TOKEN = 16
MIN_ANSWER_BYTES = 64 * 1024
EVENTS_PER_TOKEN = 4
EVENT_SLACK = 4096
#: the most bytes of the whole body read for one request: STREAM_BYTES_PER_ANSWER_BYTE ×
#: the answer cap above, at least MIN_STREAM_BYTES (4 MiB; 1 KiB per token of a large
#: max_tokens). It catches what the answer caps do not see: endless keep-alive comments,
#: huge events without answer text, a giant data line that never ends. Each streamed
#: token costs 150–400 bytes of event framing (id, model, choices, an OpenAI
#: "obfuscation" pad), 10–25 times its share of the answer cap: 64 leaves room for that
#: more than twice over.
STREAM_BYTES_PER_ANSWER_BYTE = 64
MIN_STREAM_BYTES = 4 * 1024 * 1024
#: after [DONE], the rest of a body is read (so that the connection can serve the next
#: request) for this long at most, as the openai package does
DRAIN_SECONDS = 0.1


class Fault(Exception):
    """What was wrong with a stream, said by the client with the endpoint's name."""

    def __init__(self, what: Message):
        super().__init__(str(what))
        self.what = what


class Malformed(Fault):
    pass


class TooLong(Fault):
    pass


class TooBig(Exception):
    """The body passed its byte cap (:attr:`StreamReader.max_body`)."""


class StreamReader:
    """One answer stream as it arrives (see the module's docstring)."""

    def __init__(self, max_tokens: int, on_text: TextSink | None, on_prefill: PrefillSink | None):
        self.on_text, self.on_prefill = on_text, on_prefill
        self.max_events = max_tokens * EVENTS_PER_TOKEN + EVENT_SLACK
        self.max_bytes = max(MIN_ANSWER_BYTES, max_tokens * ANSWER_BYTES_PER_TOKEN)
        self.max_body = max(MIN_STREAM_BYTES, STREAM_BYTES_PER_ANSWER_BYTE * self.max_bytes)
        self.parts: list[str] = []
        self.finish: str | None = None
        self.usage: Any = None
        self.timings: Any = None
        self.events = 0
        self.size = 0
        self.body = 0  # bytes of the body read so far (after any content decoding)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def limit_body(self, response: Any) -> None:
        """Count every byte of ``response``'s body as the stream reads it — comments,
        events without text and unfinished lines included, which no event shows — and end
        the request past ``max_body``. The openai package reads the body through
        ``aiter_bytes`` (decoded: a compressed body counts at its real size); the tests
        check that it still does."""
        read = response.aiter_bytes

        async def counted(*args: Any, **kwargs: Any) -> AsyncIterator[bytes]:
            async for piece in read(*args, **kwargs):
                self.body += len(piece)
                if self.body > self.max_body:
                    raise TooBig
                yield piece

        response.aiter_bytes = counted

    async def read(self, stream: Any) -> None:
        """Read the openai package's answer stream. Each event is decoded here from its
        JSON (its server-sent events, without its typed chunk objects, which cost ten
        times as much: a batch's answers arrive by the thousand and hold the event loop,
        and a request's slot, while they are read); errors are those the package raises.
        A package without its event iterator gives its typed chunks, read as their JSON."""
        if getattr(stream, "_iter_events", None) is None:
            await self._read_typed(stream)
            return
        iterator = stream._iter_events()
        try:
            while (sse := await _next(iterator)) is not _END:
                if sse.data.startswith("[DONE]"):
                    if _reusable(stream.response):
                        await _drain(iterator)
                    return
                try:
                    data = json.loads(sse.data)
                except ValueError:  # json.JSONDecodeError
                    raise Malformed(msg("a data line is not valid JSON")) from None
                if isinstance(data, dict) and data.get("error"):
                    raise _stream_error(data["error"], stream.response.request)
                self.take(data)
        finally:
            await iterator.aclose()

    async def _read_typed(self, stream: Any) -> None:
        from openai.types.chat import ChatCompletionChunk

        chunks = aiter(stream)
        try:
            while (chunk := await _next(chunks)) is not _END:
                if not isinstance(chunk, ChatCompletionChunk):
                    raise Malformed(msg("an event is not a chat completion chunk"))
                self.take(chunk.model_dump())
        finally:
            close = getattr(chunks, "aclose", None)
            if close is not None:
                await close()

    def take(self, data: Any) -> None:
        """One event's JSON: a chat completion chunk."""
        if not isinstance(data, dict):
            raise Malformed(msg("an event is not a chat completion chunk"))
        self.events += 1
        if self.events > self.max_events:
            raise TooLong(msg("more than {count} stream events", count=self.max_events))
        if data.get("usage"):
            self.usage = data["usage"]
        if isinstance(data.get("timings"), dict):
            self.timings = data["timings"]
        if self.on_prefill is not None:
            _report_prefill(data.get("prompt_progress"), self.on_prefill)
        choices = data.get("choices") or []
        if not isinstance(choices, list):
            raise Malformed(msg("an event's choices are not a list"))
        for choice in choices:
            delta = choice.get("delta") if isinstance(choice, dict) else None
            text = delta.get("content") if isinstance(delta, dict) else None
            reason = choice.get("finish_reason") if isinstance(choice, dict) else None
            self._choice(text, reason)

    def _choice(self, text: Any, reason: Any) -> None:
        if not isinstance(text, str | None) or not isinstance(reason, str | None):
            raise Malformed(msg("an event's delta is not text"))
        if text:
            self.size += len(text.encode("utf-8", "surrogatepass"))
            if self.size > self.max_bytes:
                raise TooLong(msg("more than {kb} KB of text", kb=self.max_bytes // 1024))
            self.parts.append(text)
            if self.on_text is not None:
                self.on_text(text)
        if reason:
            self.finish = reason


#: what :func:`_next` returns at the end of a stream
_END = object()


async def _next(items: AsyncIterator[Any]) -> Any:
    """The stream's next item, or ``_END``; what cannot be decoded is :class:`Malformed`."""
    try:
        return await anext(items)
    except StopAsyncIteration:
        return _END
    except UnicodeDecodeError:
        raise Malformed(msg("a data line is not valid UTF-8")) from None
    except ValueError:  # json.JSONDecodeError: the typed chunks are decoded as they come
        raise Malformed(msg("a data line is not valid JSON")) from None


def usage_field(usage: Any, name: str) -> Any:
    """A usage figure from a chunk's JSON."""
    return usage.get(name) if isinstance(usage, dict) else None


def _report_prefill(progress: Any, sink: PrefillSink) -> None:
    """llama.cpp's ``prompt_progress``: {total, cache, processed, time_ms}; ``processed``
    counts the cached prefix too. Anything else is ignored."""
    if not isinstance(progress, dict):
        return
    total, done = progress.get("total"), progress.get("processed")
    if isinstance(total, int) and isinstance(done, int) and 0 <= done <= total and total > 0:
        sink(done, total)


async def _drain(events: AsyncIterator[Any]) -> None:
    """Read what follows [DONE] (usually only the body's end) for a moment; whatever
    happens then does not undo the answer."""
    try:
        async with asyncio.timeout(DRAIN_SECONDS):
            async for _ in events:
                pass
    except Exception:  # the answer is complete: nothing after it can undo it
        pass


def _reusable(response: Any) -> bool:
    """Whether reading on after [DONE] lets the connection serve another request: on
    HTTP/1.1 (an HTTP/2 stream ends by itself, as the openai package knows), and not when
    the server closes the connection (``Connection: close``) — its close may come a moment
    later, and the request's slot would wait for it."""
    if str(getattr(response, "http_version", "HTTP/1.1")) != "HTTP/1.1":
        return False
    return str(response.headers.get("connection", "")).strip().lower() != "close"


def _stream_error(error: Any, request: Any) -> Exception:
    """An error event in the stream, as the openai package raises it."""
    import openai

    message = error.get("message") if isinstance(error, dict) else None
    if not message or not isinstance(message, str):
        message = "An error occurred during streaming"
    return openai.APIError(message=message, request=request, body=error)

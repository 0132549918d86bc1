"""Ollama's native chat route (``POST /api/chat``), the one that takes a window per request.

The OpenAI-compatible route ignores ``num_ctx``; this one runs the model at
``options.num_ctx`` tokens. The answer is a stream of JSON lines: ``message.content``
pieces, then a last line with ``done: true``, ``done_reason`` and the counts
(``prompt_eval_count``: the prompt tokens the model read — after any cut;
``eval_count``: the answer's). Structured output goes in ``format`` (a JSON schema, or
"json"). ``truncate: false`` and ``shift: false`` ask servers that know them to refuse a
prompt that does not fit rather than cut its start, and to stop an answer at the window
rather than push the prompt's start out; older servers ignore them, and the counts are
checked all the same (llm/truncation.py).

It is a transport of :class:`~.client.LLMClient` (``client.transport``): the client's
tiers, retries, repair, deadlines and answer caps apply as on the OpenAI route.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..messages import msg
from .classify import _CTX_RE, _FORMAT_RE, TierRejected
from .errors import ContextExceeded, EndpointError, ErrorKind, OutputTruncated, redact
from .localhttp import HttpFault, HttpSilent, HttpStatus, stream_lines
from .request import Ask, Connection, Raw
from .server_window import server_root
from .stream import Malformed, StreamReader, TooLong
from .wording import ended_early, malformed, too_long

if TYPE_CHECKING:
    from .policy import Deadline

#: the longest JSON line read (one answer piece, or the last line with its counts)
MAX_LINE = 256 * 1024


@dataclass(frozen=True)
class OllamaChat:
    """Requests at ``num_ctx`` tokens of window, on Ollama's /api/chat."""

    num_ctx: int

    def body(self, client: Connection, ask: Ask) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": client.profile.model,
            "messages": ask.messages,
            "stream": True,
            "options": {"num_ctx": self.num_ctx, "num_predict": ask.max_tokens, "temperature": 0},
            "truncate": False,
            "shift": False,
        }
        if ask.tier == "json_schema":
            body["format"] = ask.schema
        elif ask.tier == "json_object":
            body["format"] = "json"
        return body

    async def send(self, client: Connection, ask: Ask, deadline: Deadline) -> Raw:
        reader = StreamReader(ask.max_tokens, ask.hooks.on_text, None)
        timer = asyncio.timeout(max(0.0, deadline.left()))
        if client.activity is not None:
            client.activity.begin()
        try:
            async with timer:
                final = await self._read(client, ask, reader)
        except TimeoutError:
            if not timer.expired():
                raise
            raise deadline.error(client.profile.name, answering=reader.events > 0) from None
        except Malformed as fault:
            raise malformed(client.profile, fault.what) from None
        except TooLong as fault:
            raise too_long(client.profile, fault.what, ask.max_tokens) from None
        except HttpSilent as silent:
            raise EndpointError(
                ErrorKind.TIMEOUT,
                msg(
                    "“{name}” did not answer in time; a local model may need more time for a long "
                    "thread: try again, or choose a smaller model",
                    name=client.profile.name,
                ),
            ) from silent
        except HttpStatus as status:
            raise self._refused(client, ask.tier, status) from None
        except HttpFault as fault:
            raise _broken(client, str(fault)) from None
        except OSError:
            raise _unreachable(client) from None
        finally:
            if client.activity is not None:
                client.activity.end()
        prompt, answer = _count(final.get("prompt_eval_count")), _count(final.get("eval_count"))
        evaluated = client.learn_speed(_timings(final, prompt), prompt, ask.chars)
        if reader.finish == "length":
            raise OutputTruncated(answer)
        return Raw(reader.text, reader.finish or "stop", prompt, answer, 1, evaluated)

    async def _read(self, client: Connection, ask: Ask, reader: StreamReader) -> dict[str, Any]:
        url = f"{server_root(client.profile)}/api/chat"
        lines = stream_lines(
            url,
            self.body(client, ask),
            key=client.api_key,
            max_line=MAX_LINE,
            max_bytes=reader.max_body,
            # before its first token the server reads the whole prompt (the client's wait)
            silence=client.first_token_wait(ask.chars),
        )
        async for line in lines:
            try:
                data = json.loads(line)
            except ValueError:
                raise _broken(client, "a line is not JSON") from None
            if not isinstance(data, dict):
                raise _broken(client, "a line is not a JSON object")
            if data.get("error"):
                raise self._refused(client, ask.tier, HttpStatus(500, str(data["error"])))
            message = data.get("message")
            text = message.get("content") if isinstance(message, dict) else None
            done = data.get("done") is True
            reason = (str(data.get("done_reason") or "stop")) if done else None
            reader.take({"choices": [{"delta": {"content": text}, "finish_reason": reason}]})
            if done:
                return data
        raise ended_early(client.profile)

    def _refused(self, client: Connection, tier: str, status: HttpStatus) -> Exception:
        name = client.profile.name
        text = redact(_error_text(status.text), [client.api_key])[:300]
        if _CTX_RE.search(text):
            return ContextExceeded(
                msg("the prompt is larger than the context window of “{name}”", name=name),
                n_ctx=self.num_ctx,
            )
        if status.status == 404:
            return EndpointError(
                ErrorKind.MODEL_NOT_FOUND,
                msg(
                    "“{name}” has no model “{model}” (404): pick one of the endpoint's models "
                    "(threadgist endpoints models {name}), or check the base URL",
                    name=name,
                    model=client.profile.model_label,
                ),
            )
        if (
            tier in ("json_schema", "json_object")
            and status.status in (400, 500)
            and (_FORMAT_RE.search(text) or "format" in text.lower())
        ):
            return TierRejected(text)
        if status.status >= 500:
            return EndpointError(
                ErrorKind.SERVER,
                msg(
                    "“{name}” had a server error ({status}): {server}",
                    name=name,
                    status=str(status.status),
                    server=text,
                ),
            )
        return EndpointError(
            ErrorKind.SERVER,
            msg(
                "“{name}” refused the request ({status}): {server}",
                name=name,
                status=str(status.status),
                server=text,
            ),
        )


def _error_text(body: str) -> str:
    """Ollama's {"error": "..."}, or the body as it is."""
    try:
        doc = json.loads(body)
    except ValueError:
        return body
    error = doc.get("error") if isinstance(doc, dict) else None
    if isinstance(error, dict):
        error = error.get("message")
    return error if isinstance(error, str) else body


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _timings(final: dict[str, Any], prompt: int | None) -> dict[str, Any] | None:
    """The prefill speed in llama.cpp's terms (prompt_n, prompt_per_second)."""
    nanos = final.get("prompt_eval_duration")
    if prompt is None or not isinstance(nanos, int) or nanos <= 0:
        return None
    return {"prompt_n": prompt, "prompt_per_second": prompt / (nanos / 1e9)}


def _unreachable(client: Connection) -> EndpointError:
    profile = client.profile
    return EndpointError(
        ErrorKind.UNREACHABLE,
        msg(
            "cannot connect to “{name}” at {url}: {hint}",
            name=profile.name,
            url=profile.base_url,
            hint=profile.kind.start_hint,
        ),
    )


def _broken(client: Connection, what: str) -> EndpointError:
    return EndpointError(
        ErrorKind.BAD_OUTPUT,
        msg(
            "“{name}” sent a malformed answer on Ollama's native API ({what})",
            name=client.profile.name,
            what=what,
        ),
    )

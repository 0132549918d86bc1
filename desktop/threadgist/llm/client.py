"""One client for every OpenAI-compatible endpoint, on the official ``openai`` package.

Structured output in three tiers (json_schema → json_object → instructions only), each
answer validated; the tiers, the max-tokens parameter and streamed usage an endpoint
supports are remembered. Streams count as complete only when a finish_reason arrives.
Everything is async so that cancelling a task stops a request at once, even while a
local model is still reading the prompt.

Nothing an endpoint sends is trusted to end by itself: every request has a deadline (its
retries included), a run can have one (``LLMClient.run_deadline``), and an answer is read
only up to a size that follows from the request's max_tokens. Answers that are not an
OpenAI answer stream (a web page, a JSON document, malformed events) end in one message
that names the endpoint.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from ..messages import Message, msg
from .capabilities import Capabilities, EndpointCaps
from .chat import CallEvent, Completion, EventSink, PrefillSink, Retry, RunEnd, TextSink, Validator
from .classify import ParamRejected, TierRejected, classify
from .errors import RETRYABLE, EndpointError, ErrorKind, OutputTruncated, redact
from .presets import is_reasoning_model
from .profiles import EndpointProfile
from .repair import with_repair
from .truncation import check_counts

if TYPE_CHECKING:
    import openai

    from .server_window import ServerWindow

ALL_TIERS = ("json_schema", "json_object", "prompt")
#: what a request parameter the endpoint rejected teaches about it
_WITHOUT = {
    "max_tokens": EndpointCaps(max_tokens_param="max_completion_tokens"),
    "max_completion_tokens": EndpointCaps(max_tokens_param="max_tokens"),
    "stream_options": EndpointCaps(stream_usage=False),
    "temperature": EndpointCaps(temperature=False),
    "return_progress": EndpointCaps(return_progress=False),
}


#: before anything is measured: a generous guess at tokens per character of a prompt
#: (CJK text on a small model's tokenizer) and the slowest prefill worth waiting for
DEFAULT_TOKENS_PER_CHAR = 1.5
SLOWEST_PREFILL = 10.0  # tokens per second
MAX_FIRST_TOKEN_WAIT = 3600.0

#: how long one request may take, its retries included (seconds). Local servers get more
#: when the prompt is long: the first-token wait plus the answer at SLOWEST_ANSWER,
#: never more than MAX_REQUEST_TIMEOUT. A request_timeout that is set applies as it is.
DEFAULT_REQUEST_TIMEOUT = 600.0
MAX_REQUEST_TIMEOUT = 3600.0
SLOWEST_ANSWER = 4.0  # tokens per second
#: listing an endpoint's models takes at most this long
LIST_MODELS_TIMEOUT = 60.0
#: a retry is made only when this much of the deadline would be left after the wait
MIN_RETRY_TIME = 1.0
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


class Activity(Protocol):
    """Told when a request starts and ends (the built-in engine's idle clock)."""

    def begin(self) -> None: ...

    def end(self) -> None: ...


class Transport(Protocol):
    """Another way to send a request than the OpenAI-compatible route (Ollama's native
    /api/chat: llm/ollama_chat.py)."""

    async def send(self, client: LLMClient, ask: _Ask, deadline: _Deadline) -> _Raw: ...


class LLMClient:
    def __init__(
        self,
        profile: EndpointProfile,
        api_key: str | None,
        caps: Capabilities | None = None,
        *,
        read_timeout: float = 300.0,
        max_attempts: int = 4,
        max_wait: float = 60.0,
        activity: Activity | None = None,
        request_timeout: float | None = None,
        run_deadline: float | None = None,
    ):
        """``read_timeout``: the longest silence within a request (before the first token
        on local servers it grows with the prompt). ``request_timeout``: the longest a
        request may take, its retries included (None: the profile's, else
        DEFAULT_REQUEST_TIMEOUT, scaled for local servers). ``run_deadline``: a
        time.monotonic() time after which no request runs (None: none)."""
        self.profile = profile
        self.activity = activity
        self.read_timeout = read_timeout
        chosen = request_timeout if request_timeout is not None else profile.request_timeout
        self.request_timeout: float | None = (
            float(chosen) if isinstance(chosen, int | float) and chosen > 0 else None
        )
        #: time.monotonic() after which requests stop (the run's time limit); whoever runs
        #: a digest may set it, and ``run_limit`` (seconds) for its message
        self.run_deadline = run_deadline
        self.run_limit: float | None = None
        self._key = api_key
        self.caps = caps or Capabilities(None)
        self.caps_key = profile.caps_key
        self.max_attempts = max_attempts
        self.max_wait = max_wait
        #: the server's real window (llm/server_window.py), once asked: prompt counts that
        #: fill it are cut prompts (llm/truncation.py); and how requests are sent when not
        #: on the OpenAI-compatible route (None: on it)
        self.window: ServerWindow | None = None
        self.transport: Transport | None = None
        import openai  # ~0.4 s: imported by the first client (off the GUI thread), not at start-up

        timeout = openai.Timeout(connect=10.0, read=read_timeout, write=60.0, pool=10.0)
        key = api_key or "no-key"
        self._client: openai.AsyncOpenAI
        if profile.kind.deployments:
            self._client = openai.AsyncAzureOpenAI(
                azure_endpoint=profile.base_url,
                api_version=profile.api_version or "2024-10-21",
                azure_deployment=profile.deployment or None,
                api_key=key,
                max_retries=0,
                timeout=timeout,
            )
        else:
            self._client = openai.AsyncOpenAI(
                base_url=profile.base_url, api_key=key, max_retries=0, timeout=timeout
            )

    @property
    def api_key(self) -> str | None:
        return self._key

    @property
    def run_end(self) -> RunEnd | None:
        return None if self.run_deadline is None else RunEnd(self.run_deadline, self.run_limit)

    def set_run_end(self, end: RunEnd | None) -> None:
        self.run_deadline = None if end is None else end.at
        self.run_limit = None if end is None else end.seconds

    def fit_window(self, found: ServerWindow, need: int) -> ServerWindow:
        """Fit ``found`` to the thread's ``need`` and set the client up for it: the window
        its prompt counts are checked against, and Ollama's native API where the window
        goes with each request."""
        from .ollama_chat import OllamaChat

        fitted = found.fit(need)
        if fitted.native:
            self.transport = OllamaChat(fitted.window)
        self.window = fitted
        return fitted

    @property
    def sdk(self) -> openai.AsyncOpenAI:
        """The openai package's client, for the endpoint's other APIs (files, batches)."""
        return self._client

    async def aclose(self) -> None:
        await self._client.close()

    # ---- capabilities -------------------------------------------------------------
    def learnt(self) -> EndpointCaps:
        """What this endpoint+model was found to do so far."""
        return self.caps.endpoint(self.caps_key)

    def learn(self, learnt: EndpointCaps) -> None:
        self.caps.learn(self.caps_key, learnt)

    def tiers(self) -> list[str]:
        known = self.learnt().tiers
        if known:
            return [tier for tier in ALL_TIERS if tier in known]
        return list(self.profile.kind.tiers)

    def max_tokens_param(self) -> str:
        """The name this endpoint takes the answer's token limit under."""
        remembered = self.learnt().max_tokens_param
        if remembered is not None:
            return remembered
        if self.profile.kind.openai_params and is_reasoning_model(self.profile.model_label):
            return "max_completion_tokens"
        return "max_tokens"

    def prefill_speed(self) -> float | None:
        speed = self.learnt().prefill_per_second
        return speed if speed is not None and speed > 0 else None

    def tokenizer_factor(self) -> float | None:
        return self.learnt().tokenizer_factor

    def learn_tokenizer_factor(self, factor: float) -> None:
        self.learn(EndpointCaps(tokenizer_factor=factor))

    # ---- the main call ------------------------------------------------------------
    async def complete_json(
        self,
        messages: list[dict[str, str]],
        *,
        schema_name: str,
        schema: dict[str, Any],
        validate: Validator,
        max_tokens: int,
        on_text: TextSink | None = None,
        on_prefill: PrefillSink | None = None,
        on_event: EventSink | None = None,
    ) -> Completion:
        """Ask for JSON matching ``schema``; returns the parsed, validated document.
        ``on_prefill`` hears how much of the prompt the server has read (where it says),
        ``on_event`` each extra request (a retry, a repair)."""
        tiers = self.tiers()
        last: TierRejected | None = None
        for i, tier in enumerate(tiers):
            try:
                return await self._with_tier(
                    tier,
                    messages,
                    _Hooks(on_text, on_prefill, on_event),
                    schema_name,
                    schema,
                    validate,
                    max_tokens,
                )
            except TierRejected as e:
                last = e
                self.learn(EndpointCaps(tiers=tuple(tiers[i + 1 :])))
        raise EndpointError(
            ErrorKind.BAD_OUTPUT,
            msg("this endpoint accepts no structured-output request we know ({server})", server=last.detail)
            if last
            else msg("this endpoint accepts no structured-output request we know"),
        )

    async def _with_tier(
        self,
        tier: str,
        messages: list[dict[str, str]],
        hooks: _Hooks,
        schema_name: str,
        schema: dict[str, Any],
        validate: Validator,
        max_tokens: int,
    ) -> Completion:
        msgs = list(messages)
        if tier != "json_schema":
            msgs = _with_json_instruction(msgs, schema)
        started = time.monotonic()
        ask = _Ask(tier, msgs, schema_name, schema, max_tokens, hooks)

        async def send(conversation: list[dict[str, str]]) -> _Raw:
            return await self._request(dataclasses.replace(ask, messages=conversation))

        repaired = await with_repair(send, validate, msgs, hooks.on_event)
        if repaired.problems:
            raise EndpointError(
                ErrorKind.BAD_OUTPUT,
                msg(
                    "the model ({model}) did not return the requested JSON even after one "
                    "correction ({problems}); try a larger model",
                    model=self.profile.model_label,
                    problems="; ".join(repaired.problems[:3]),
                ),
            )
        result, data = repaired.answer, repaired.data
        calls = sum(answer.calls for answer in repaired.answers)
        return Completion(
            data,
            result.text,
            result.finish,
            tier,
            result.prompt_tokens,
            result.completion_tokens,
            time.monotonic() - started,
            calls,
            result.prompt_evaluated,
        )

    async def _request(self, ask: _Ask) -> _Raw:
        attempt = 0
        calls = 0
        chars = sum(len(message.get("content", "")) for message in ask.messages)
        deadline = self._deadline(chars, ask.max_tokens)
        while True:
            attempt += 1
            calls += 1
            if deadline.left() <= 0:
                raise deadline.error(self.profile.name, answering=False)
            try:
                if self.transport is not None:
                    raw = await self.transport.send(self, ask, deadline)
                else:
                    raw = await self._stream_once(ask, deadline)
                check_counts(self.profile, self.window, raw.prompt_tokens, raw.completion_tokens)
                raw.calls = calls
                return raw
            except ParamRejected as rejected:
                self._adapt(rejected)
                if attempt >= self.max_attempts:
                    raise EndpointError(
                        ErrorKind.SERVER, msg("the endpoint rejected {param}", param=rejected.param)
                    ) from None
                continue
            except EndpointError as e:
                if e.kind not in RETRYABLE or attempt >= self.max_attempts:
                    raise
                if e.kind == ErrorKind.UNREACHABLE and self.profile.kind.local:
                    raise
                wait = e.retry_after if e.retry_after is not None else min(8.0, 0.5 * 2**attempt)
                if wait > self.max_wait or deadline.left() - wait < MIN_RETRY_TIME:
                    raise  # no retry past the deadline
                ask.hooks.event(Retry(e.kind))
                await asyncio.sleep(wait)

    def _deadline(self, chars: int, max_tokens: int) -> _Deadline:
        """The request's deadline, or the run's when that comes first."""
        limit = self.request_limit(chars, max_tokens)
        ends_at = time.monotonic() + limit
        if self.run_deadline is not None and self.run_deadline < ends_at:
            return _Deadline(self.run_deadline, self.run_limit, run=True)
        return _Deadline(ends_at, limit, run=False)

    def request_limit(self, chars: int, max_tokens: int) -> float:
        """How long one request of ``chars`` prompt characters may take, retries included."""
        if self.request_timeout is not None:
            return self.request_timeout
        if not self.profile.kind.local:
            return DEFAULT_REQUEST_TIMEOUT
        return min(
            MAX_REQUEST_TIMEOUT,
            max(DEFAULT_REQUEST_TIMEOUT, self._first_token_wait(chars) + max_tokens / SLOWEST_ANSWER),
        )

    def _adapt(self, rejected: ParamRejected) -> None:
        learnt = _WITHOUT.get(rejected.param)
        if learnt is not None:
            self.learn(learnt)

    async def _stream_once(self, ask: _Ask, deadline: _Deadline) -> _Raw:
        tier, on_text, on_prefill = ask.tier, ask.hooks.on_text, ask.hooks.on_prefill
        caps = self.learnt()
        kwargs: dict[str, Any] = {
            "model": self.profile.model or self.profile.deployment or "default",
            "messages": ask.messages,
            "stream": True,
            self.max_tokens_param(): ask.max_tokens,
        }
        if caps.stream_usage is not False:
            kwargs["stream_options"] = {"include_usage": True}
        if caps.temperature is not False and not is_reasoning_model(self.profile.model_label):
            kwargs["temperature"] = 0
        if tier == "json_schema":
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": ask.schema_name, "schema": ask.schema, "strict": True},
            }
        elif tier == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        if on_prefill is not None and self.profile.kind.llama_server and caps.return_progress is not False:
            kwargs["extra_body"] = {"return_progress": True}
        chars = sum(len(message.get("content", "")) for message in ask.messages)
        reader = _Reader(ask.max_tokens, on_text, on_prefill)
        content_type = ""
        if self.activity is not None:
            self.activity.begin()
        timer = asyncio.timeout(max(0.0, deadline.left()))
        try:
            async with timer:
                stream = await self._client.chat.completions.create(
                    **_untyped(kwargs), timeout=self._timeout_for(chars)
                )
                async with stream:
                    content_type = _media_type(stream.response.headers.get("content-type"))
                    self._check_media_type(content_type)
                    reader.limit_body(stream.response)
                    await reader.read(stream)
        except TimeoutError:
            if not timer.expired():
                raise
            raise deadline.error(self.profile.name, answering=reader.events > 0) from None
        except _Malformed as malformed:
            raise self._malformed(malformed.what) from None
        except _TooBig:
            raise self._too_big(reader.max_body, ask.max_tokens) from None
        except _TooLong as too_long:
            raise self._too_long(too_long.what, ask.max_tokens) from None
        except _openai_error() as e:
            raise classify(e, self.profile, tier, secrets=[self._key]) from None
        finally:
            if self.activity is not None:
                self.activity.end()
        text, finish, usage = "".join(reader.parts), reader.finish, reader.usage
        if finish is None:
            if reader.events == 0:
                raise self._no_stream(content_type)
            raise EndpointError(
                ErrorKind.SERVER,
                msg(
                    "the answer stream of “{name}” ended before the model finished (no "
                    "finish_reason); the connection may have dropped",
                    name=self.profile.name,
                ),
            )
        completion_tokens = _field(usage, "completion_tokens")
        prompt_tokens = _field(usage, "prompt_tokens")
        evaluated = self._learn_speed(reader.timings, prompt_tokens, chars)
        if finish == "length":
            raise OutputTruncated(completion_tokens)
        return _Raw(
            text=text,
            finish=finish,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            calls=1,
            prompt_evaluated=evaluated,
        )

    # ---- answers that are not an answer stream --------------------------------------
    def _where(self) -> Message:
        return msg("“{name}” at {url}", name=self.profile.name, url=_shown_url(self.profile.base_url))

    def _check_url_hint(self) -> Message:
        if self.profile.kind.deployments:
            return msg("check the endpoint's base URL")
        return msg("check the base URL (it usually ends in /v1)")

    def _check_media_type(self, media: str) -> None:
        """A web page or a JSON document is not read as a stream (it may be large)."""
        if media in ("text/html", "application/xhtml+xml"):
            raise EndpointError(
                ErrorKind.CONFIG,
                msg(
                    "{where} answered with a web page, not an OpenAI-compatible API: {hint}",
                    where=self._where(),
                    hint=self._check_url_hint(),
                ),
            )
        if media == "application/json" or media.endswith("+json"):
            raise EndpointError(
                ErrorKind.CONFIG,
                msg(
                    "{where} answered with a JSON document, not an answer stream: it is "
                    "not an OpenAI-compatible chat API, or it does not stream; {hint}",
                    where=self._where(),
                    hint=self._check_url_hint(),
                ),
            )

    def _no_stream(self, media: str) -> EndpointError:
        if media == "text/event-stream":
            return EndpointError(
                ErrorKind.SERVER,
                msg(
                    "“{name}” ended the answer stream without sending anything; the "
                    "connection may have dropped",
                    name=self.profile.name,
                ),
            )
        if media:
            return EndpointError(
                ErrorKind.CONFIG,
                msg(
                    "{where} answered with a {media} document, not an OpenAI answer stream: {hint}",
                    where=self._where(),
                    media=media,
                    hint=self._check_url_hint(),
                ),
            )
        return EndpointError(
            ErrorKind.CONFIG,
            msg(
                "{where} answered with a body of no declared type, not an OpenAI answer stream: {hint}",
                where=self._where(),
                hint=self._check_url_hint(),
            ),
        )

    def _malformed(self, what: Message) -> EndpointError:
        return EndpointError(
            ErrorKind.BAD_OUTPUT,
            msg(
                "“{name}” sent a malformed answer stream ({what}): the server is not "
                "fully OpenAI-compatible, or something between altered the answer; "
                "{hint} and any proxy",
                name=self.profile.name,
                what=what,
                hint=self._check_url_hint(),
            ),
        )

    def _too_long(self, what: Message, max_tokens: int) -> EndpointError:
        return EndpointError(
            ErrorKind.BAD_OUTPUT,
            msg(
                "“{name}” sent {what} for an answer of at most {max_tokens} tokens: "
                "the server does not respect the output limit (max_tokens), so the "
                "answer was not read further; choose another endpoint or server",
                name=self.profile.name,
                what=what,
                max_tokens=max_tokens,
            ),
        )

    def _too_big(self, limit: int, max_tokens: int) -> EndpointError:
        return EndpointError(
            ErrorKind.BAD_OUTPUT,
            msg(
                "“{name}” sent more than {mib} MB without finishing an answer of at "
                "most {max_tokens} tokens (keep-alive comments, events without answer "
                "text or a data line that does not end), so the stream was not read "
                "further; check the server and any proxy, or choose another "
                "endpoint or server",
                name=self.profile.name,
                mib=f"{limit / 2**20:g}",
                max_tokens=max_tokens,
            ),
        )

    # ---- waiting for the first token ------------------------------------------------
    def _timeout_for(self, chars: int) -> Any:
        """The read timeout of one request: the client's, except before the first token
        of a local server (``_first_token_wait``)."""
        import openai

        read = self._first_token_wait(chars) if self.profile.kind.local else self.read_timeout
        return openai.Timeout(connect=10.0, read=read, write=60.0, pool=10.0)

    def _first_token_wait(self, chars: int) -> float:
        """Before its first token a server reads the whole prompt, which on a CPU takes
        minutes for long prompts: for local servers the wait grows with the prompt and the
        prefill speed measured on earlier requests (llama.cpp's timings), never below the
        client's read timeout nor above an hour."""
        caps = self.learnt()
        per_char = caps.tokens_per_char
        tokens = chars * (per_char if per_char is not None else DEFAULT_TOKENS_PER_CHAR)
        floor = self.prefill_speed() or SLOWEST_PREFILL
        return min(MAX_FIRST_TOKEN_WAIT, max(self.read_timeout, 2 * tokens / floor + 30))

    def _learn_speed(self, timings: Any, prompt_tokens: int | None, chars: int) -> int | None:
        """Remember tokens per character and the prefill speed; the tokens evaluated."""
        per_char = round(prompt_tokens / chars, 4) if isinstance(prompt_tokens, int) and chars > 200 else None
        speed: float | None = None
        evaluated: int | None = None
        if isinstance(timings, dict):
            prompt_n, per_second = timings.get("prompt_n"), timings.get("prompt_per_second")
            if isinstance(prompt_n, int):
                evaluated = prompt_n
            if isinstance(per_second, (int, float)) and isinstance(prompt_n, int) and prompt_n >= 64:
                speed = round(float(per_second), 2)
        self.learn(EndpointCaps(tokens_per_char=per_char, prefill_per_second=speed))
        return evaluated

    # ---- auxiliary ---------------------------------------------------------------
    async def list_models(self) -> list[str]:
        limit = min(LIST_MODELS_TIMEOUT, self.request_limit(0, 0))
        try:
            async with asyncio.timeout(limit):
                page = await self._client.models.list()
        except TimeoutError:
            raise EndpointError(
                ErrorKind.TIMEOUT,
                msg(
                    "“{name}” did not list its models within {seconds} s",
                    name=self.profile.name,
                    seconds=_seconds(limit),
                ),
            ) from None
        except _openai_error() as e:
            raise classify(e, self.profile, None, secrets=[self._key]) from None
        return sorted(model.id for model in page.data)

    def redact(self, text: str) -> str:
        return redact(text, [self._key])


@dataclass(frozen=True)
class _Hooks:
    """Who hears about a request while it runs."""

    on_text: TextSink | None = None
    on_prefill: PrefillSink | None = None
    on_event: EventSink | None = None

    def event(self, what: CallEvent) -> None:
        if self.on_event is not None:
            self.on_event(what)


@dataclass
class _Ask:
    """One structured-output request, as sent (retries and the repair reuse it)."""

    tier: str
    messages: list[dict[str, str]]
    schema_name: str
    schema: dict[str, Any]
    max_tokens: int
    hooks: _Hooks


def _report_prefill(progress: Any, sink: PrefillSink) -> None:
    """llama.cpp's ``prompt_progress``: {total, cache, processed, time_ms}; ``processed``
    counts the cached prefix too. Anything else is ignored."""
    if not isinstance(progress, dict):
        return
    total, done = progress.get("total"), progress.get("processed")
    if isinstance(total, int) and isinstance(done, int) and 0 <= done <= total and total > 0:
        sink(done, total)


class _Fault(Exception):
    """What was wrong with a stream, said by the client with the endpoint's name."""

    def __init__(self, what: Message):
        super().__init__(str(what))
        self.what = what


class _Malformed(_Fault):
    pass


class _TooLong(_Fault):
    pass


class _TooBig(Exception):
    """The body passed its byte cap (``_Reader.max_body``)."""


class _Reader:
    """One answer stream as it arrives: the text, the finish reason, usage and timings,
    read no further than the request's max_tokens allows."""

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
                    raise _TooBig
                yield piece

        response.aiter_bytes = counted

    async def read(self, stream: Any) -> None:
        """Read the answer stream's events. Each is decoded here from its JSON (the openai
        package's server-sent events, without its typed chunk objects, which cost ten
        times as much: a batch's answers arrive by the thousand and hold the event loop,
        and a request's slot, while they are read); errors are those the package raises."""
        events = getattr(stream, "_iter_events", None)
        if events is None:  # an openai package without it: its typed chunks
            await self._read_typed(stream)
            return
        import json

        iterator = events()
        try:
            while True:
                try:
                    sse = await anext(iterator)
                except StopAsyncIteration:
                    return
                except UnicodeDecodeError:
                    raise _Malformed(msg("a data line is not valid UTF-8")) from None
                if sse.data.startswith("[DONE]"):
                    if _reusable(stream.response):
                        await _drain(iterator)
                    return
                try:
                    data = json.loads(sse.data)
                except ValueError:  # json.JSONDecodeError
                    raise _Malformed(msg("a data line is not valid JSON")) from None
                if isinstance(data, dict) and data.get("error"):
                    raise _stream_error(data["error"], stream.response.request)
                self.take_data(data)
        finally:
            await iterator.aclose()

    def take_data(self, data: Any) -> None:
        """One event's JSON: a chat completion chunk, as :meth:`take` reads it."""
        if not isinstance(data, dict):
            raise _Malformed(msg("an event is not a chat completion chunk"))
        self.events += 1
        if self.events > self.max_events:
            raise _TooLong(msg("more than {count} stream events", count=self.max_events))
        if data.get("usage"):
            self.usage = data["usage"]
        if isinstance(data.get("timings"), dict):
            self.timings = data["timings"]
        if self.on_prefill is not None:
            _report_prefill(data.get("prompt_progress"), self.on_prefill)
        choices = data.get("choices") or []
        if not isinstance(choices, list):
            raise _Malformed(msg("an event's choices are not a list"))
        for choice in choices:
            delta = choice.get("delta") if isinstance(choice, dict) else None
            text = delta.get("content") if isinstance(delta, dict) else None
            reason = choice.get("finish_reason") if isinstance(choice, dict) else None
            self._choice(text, reason)

    async def _read_typed(self, stream: Any) -> None:
        chunk_type = _chunk_type()
        chunks = aiter(stream)
        try:
            while True:
                try:
                    chunk = await anext(chunks)
                except StopAsyncIteration:
                    return
                except UnicodeDecodeError:
                    raise _Malformed(msg("a data line is not valid UTF-8")) from None
                except ValueError:  # json.JSONDecodeError
                    raise _Malformed(msg("a data line is not valid JSON")) from None
                if not isinstance(chunk, chunk_type):
                    raise _Malformed(msg("an event is not a chat completion chunk"))
                self.take(chunk)
        finally:
            close = getattr(chunks, "aclose", None)
            if close is not None:
                await close()

    def take(self, chunk: Any) -> None:
        self.events += 1
        if self.events > self.max_events:
            raise _TooLong(msg("more than {count} stream events", count=self.max_events))
        if getattr(chunk, "usage", None):
            self.usage = chunk.usage
        extra = getattr(chunk, "model_extra", None)
        if isinstance(extra, dict):
            if isinstance(extra.get("timings"), dict):
                self.timings = extra["timings"]
            if self.on_prefill is not None:
                _report_prefill(extra.get("prompt_progress"), self.on_prefill)
        choices = getattr(chunk, "choices", None) or []
        if not isinstance(choices, list):
            raise _Malformed(msg("an event's choices are not a list"))
        for choice in choices:
            delta = getattr(choice, "delta", None)
            self._choice(
                getattr(delta, "content", None) if delta else None, getattr(choice, "finish_reason", None)
            )

    def _choice(self, text: Any, reason: Any) -> None:
        if not isinstance(text, str | None) or not isinstance(reason, str | None):
            raise _Malformed(msg("an event's delta is not text"))
        if text:
            self.size += len(text.encode("utf-8", "surrogatepass"))
            if self.size > self.max_bytes:
                raise _TooLong(msg("more than {kb} KB of text", kb=self.max_bytes // 1024))
            self.parts.append(text)
            if self.on_text is not None:
                self.on_text(text)
        if reason:
            self.finish = reason


@dataclass(frozen=True)
class _Deadline:
    """When a request must have ended: its own deadline, or the run's."""

    at: float  # time.monotonic()
    seconds: float | None  # the limit, for messages
    run: bool

    def left(self) -> float:
        return self.at - time.monotonic()

    def error(self, name: str, *, answering: bool) -> EndpointError:
        limit = msg(" ({seconds} s)", seconds=_seconds(self.seconds)) if self.seconds is not None else ""
        if self.run:
            return EndpointError(
                ErrorKind.TIMEOUT,
                msg(
                    "the run's time limit{limit} ran out while waiting for “{name}”: "
                    "run the same command again to resume (finished parts are kept), "
                    "or allow more time",
                    limit=limit,
                    name=name,
                ),
            )
        if answering:
            return EndpointError(
                ErrorKind.TIMEOUT,
                msg(
                    "“{name}” did not finish its answer within the time limit of one "
                    "request{limit}: try again, choose a smaller or faster model, or "
                    "raise the endpoint's request timeout",
                    name=name,
                    limit=limit,
                ),
            )
        return EndpointError(
            ErrorKind.TIMEOUT,
            msg(
                "“{name}” did not answer within the time limit of one request{limit}: "
                "try again, choose a smaller or faster model, or raise the endpoint's "
                "request timeout",
                name=name,
                limit=limit,
            ),
        )


def _seconds(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def _media_type(header: str | None) -> str:
    """The media type of a Content-Type header, lower case, or "" (only the characters a
    media type has: the header is the server's text)."""
    media = (header or "").split(";", 1)[0].strip().lower()
    return media if re.fullmatch(r"[a-z0-9.+-]{1,40}/[a-z0-9.+-]{1,60}", media) else ""


def _shown_url(url: str) -> str:
    """A base URL for messages: without user name, password, query or fragment."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return url.split("?", 1)[0]
    if not parts.scheme or not host:
        return url.split("?", 1)[0]
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}{port}{parts.path}"


@dataclass
class _Raw:
    text: str
    finish: str
    prompt_tokens: int | None
    completion_tokens: int | None
    calls: int
    prompt_evaluated: int | None = None


def _with_json_instruction(messages: list[dict[str, str]], schema: dict[str, Any]) -> list[dict[str, str]]:
    """json_object and prompt-only tiers need the word JSON and the shape in the prompt."""
    import json

    note = (
        "\n\nAnswer with one JSON object only (no Markdown, no code fence, no commentary), "
        "matching this JSON Schema:\n" + json.dumps(schema, ensure_ascii=False, separators=(",", ":"))
    )
    out = [dict(message) for message in messages]
    for message in out:
        if message["role"] == "system":
            message["content"] += note
            return out
    return [{"role": "system", "content": note.strip()}, *out]


#: after [DONE], the rest of a body is read (so that the connection can serve the next
#: request) for this long at most, as the openai package does
DRAIN_SECONDS = 0.1


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


def _untyped(kwargs: dict[str, Any]) -> dict[str, Any]:
    """A request's arguments with its body in ``extra_body``: the openai package checks
    every field it knows against its typed definitions before sending (a millisecond a
    request on the event loop, while a batch's other requests wait to go out); this body
    is plain JSON already, so it goes as it is (the same JSON reaches the server)."""
    body = {k: v for k, v in kwargs.items() if k not in ("model", "stream", "extra_body")}
    return {
        "model": kwargs["model"],
        "messages": [],
        "stream": kwargs["stream"],
        "extra_body": body | kwargs.get("extra_body", {}),
    }


def _field(obj: Any, name: str) -> Any:
    """A usage figure, from a chunk's JSON or the openai package's object."""
    if not obj:
        return None
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _stream_error(error: Any, request: Any) -> Exception:
    """An error event in the stream, as the openai package raises it."""
    import openai

    message = error.get("message") if isinstance(error, dict) else None
    if not message or not isinstance(message, str):
        message = "An error occurred during streaming"
    return openai.APIError(message=message, request=request, body=error)


def _openai_error() -> type[Exception]:
    import openai

    return openai.OpenAIError


def _chunk_type() -> type[Any]:
    from openai.types.chat import ChatCompletionChunk

    return ChatCompletionChunk

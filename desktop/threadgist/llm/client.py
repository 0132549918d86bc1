"""One client for every OpenAI-compatible endpoint, on the official ``openai`` package.

Structured output in three tiers (json_schema → json_object → instructions only), each
answer validated; the tiers, the max-tokens parameter and streamed usage an endpoint
supports are remembered. Streams count as complete only when a finish_reason arrives.
Everything is async so that cancelling a task stops a request at once, even while a
local model is still reading the prompt.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from .capabilities import Capabilities
from .classify import ParamRejected, TierRejected, classify
from .errors import BAD_OUTPUT, EndpointError, OutputTruncated, redact
from .jsonextract import extract_json
from .presets import is_reasoning_model
from .profiles import EndpointProfile

if TYPE_CHECKING:
    import openai

Validator = Callable[[Any], list[str]]
TextSink = Callable[[str], None]
#: the prompt read so far: (tokens processed, tokens in all), from llama.cpp's
#: prompt-progress stream
PrefillSink = Callable[[int, int], None]
#: what happened that costs another request: "retry: <why>" or "repair"
EventSink = Callable[[str], None]
#: presets whose server streams its progress through the prompt (llama.cpp's server)
PROMPT_PROGRESS_PRESETS = ("builtin", "llamacpp")

ALL_TIERS = ("json_schema", "json_object", "prompt")
_RETRYABLE = ("rate_limit", "server", "timeout", "unreachable")


@dataclass
class Completion:
    data: Any
    text: str
    finish: str
    tier: str
    prompt_tokens: int | None  # as reported by the server
    completion_tokens: int | None
    seconds: float
    calls: int  # requests made, including retries and the repair attempt
    #: prompt tokens the server really evaluated (llama.cpp's timings.prompt_n: a prompt
    #: prefix it had cached is not evaluated again); None when it does not say
    prompt_evaluated: int | None = None


#: before anything is measured: a generous guess at tokens per character of a prompt
#: (CJK text on a small model's tokenizer) and the slowest prefill worth waiting for
DEFAULT_TOKENS_PER_CHAR = 1.5
SLOWEST_PREFILL = 10.0  # tokens per second
MAX_FIRST_TOKEN_WAIT = 3600.0


class Activity(Protocol):
    """Told when a request starts and ends (the built-in engine's idle clock)."""

    def begin(self) -> None: ...

    def end(self) -> None: ...


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
    ):
        self.profile = profile
        self.activity = activity
        self.read_timeout = read_timeout
        self._key = api_key
        self.caps = caps or Capabilities(None)
        self.caps_key = f"{profile.identity}|{profile.model_label}"
        self.max_attempts = max_attempts
        self.max_wait = max_wait
        import openai  # ~0.4 s: imported by the first client (off the GUI thread), not at start-up

        timeout = openai.Timeout(connect=10.0, read=read_timeout, write=60.0, pool=10.0)
        key = api_key or "no-key"
        self._client: openai.AsyncOpenAI
        if profile.preset == "azure-classic":
            self._client = openai.AsyncAzureOpenAI(
                azure_endpoint=profile.base_url, api_version=profile.api_version or "2024-10-21",
                azure_deployment=profile.deployment or None, api_key=key, max_retries=0,
                timeout=timeout,
            )
        else:
            self._client = openai.AsyncOpenAI(
                base_url=profile.base_url, api_key=key, max_retries=0, timeout=timeout
            )

    @property
    def api_key(self) -> str | None:
        return self._key

    async def aclose(self) -> None:
        await self._client.close()

    # ---- capabilities -------------------------------------------------------------
    def tiers(self) -> list[str]:
        known = self.caps.get(self.caps_key).get("tiers")
        if isinstance(known, list) and known:
            return [t for t in ALL_TIERS if t in known]
        return list(self.profile.kind.tiers)

    def _max_tokens_param(self) -> str:
        remembered = self.caps.get(self.caps_key).get("max_tokens_param")
        if isinstance(remembered, str):
            return remembered
        if self.profile.preset in ("openai", "azure-v1", "azure-classic") and is_reasoning_model(
            self.profile.model_label
        ):
            return "max_completion_tokens"
        return "max_tokens"

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
                    tier, messages, _Hooks(on_text, on_prefill, on_event), schema_name, schema,
                    validate, max_tokens,
                )
            except TierRejected as e:
                last = e
                self.caps.update(self.caps_key, tiers=tiers[i + 1 :])
        raise EndpointError(
            BAD_OUTPUT,
            "this endpoint accepts no structured-output request we know"
            + (f" ({last.detail})" if last else ""),
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
        calls = 0
        ask = _Ask(tier, msgs, schema_name, schema, max_tokens, hooks)
        result = await self._request(ask)
        calls += result.calls
        data, problems = _parse_and_check(result.text, validate)
        if problems:  # one repair attempt
            hooks.event("repair")
            repair = [
                *msgs,
                {"role": "assistant", "content": result.text[:20000]},
                {"role": "user", "content": (
                    "That answer is not valid: " + "; ".join(problems[:8])
                    + ". Reply again with only the corrected JSON object."
                )},
            ]
            result = await self._request(dataclasses.replace(ask, messages=repair))
            calls += result.calls
            data, problems = _parse_and_check(result.text, validate)
            if problems:
                raise EndpointError(
                    BAD_OUTPUT,
                    f"the model ({self.profile.model_label}) did not return the requested JSON "
                    f"even after one correction ({'; '.join(problems[:3])}); try a larger model",
                )
        return Completion(
            data, result.text, result.finish, tier, result.prompt_tokens,
            result.completion_tokens, time.monotonic() - started, calls, result.prompt_evaluated,
        )

    async def _request(self, ask: _Ask) -> _Raw:
        attempt = 0
        calls = 0
        while True:
            attempt += 1
            calls += 1
            try:
                raw = await self._stream_once(ask)
                raw.calls = calls
                return raw
            except ParamRejected as p:
                self._adapt(p)
                if attempt >= self.max_attempts:
                    raise EndpointError("server", f"the endpoint rejected {p.param}") from None
                continue
            except EndpointError as e:
                if e.kind not in _RETRYABLE or attempt >= self.max_attempts:
                    raise
                if e.kind == "unreachable" and self.profile.kind.local:
                    raise
                wait = e.retry_after if e.retry_after is not None else min(8.0, 0.5 * 2 ** attempt)
                if wait > self.max_wait:
                    raise
                ask.hooks.event(f"retry: {e.kind}")
                await asyncio.sleep(wait)

    def _adapt(self, p: ParamRejected) -> None:
        if p.param == "max_tokens":
            self.caps.update(self.caps_key, max_tokens_param="max_completion_tokens")
        elif p.param == "max_completion_tokens":
            self.caps.update(self.caps_key, max_tokens_param="max_tokens")
        elif p.param == "stream_options":
            self.caps.update(self.caps_key, stream_usage=False)
        elif p.param == "temperature":
            self.caps.update(self.caps_key, temperature=False)
        elif p.param == "return_progress":
            self.caps.update(self.caps_key, return_progress=False)

    async def _stream_once(self, ask: _Ask) -> _Raw:
        tier, on_text, on_prefill = ask.tier, ask.hooks.on_text, ask.hooks.on_prefill
        caps = self.caps.get(self.caps_key)
        kwargs: dict[str, Any] = {
            "model": self.profile.model or self.profile.deployment or "default",
            "messages": ask.messages,
            "stream": True,
            self._max_tokens_param(): ask.max_tokens,
        }
        if caps.get("stream_usage", True):
            kwargs["stream_options"] = {"include_usage": True}
        if caps.get("temperature", True) and not is_reasoning_model(self.profile.model_label):
            kwargs["temperature"] = 0
        if tier == "json_schema":
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": ask.schema_name, "schema": ask.schema, "strict": True},
            }
        elif tier == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        if (on_prefill is not None and self.profile.preset in PROMPT_PROGRESS_PRESETS
                and caps.get("return_progress", True)):
            kwargs["extra_body"] = {"return_progress": True}
        parts: list[str] = []
        finish: str | None = None
        usage: Any = None
        timings: Any = None
        chars = sum(len(m.get("content", "")) for m in ask.messages)
        if self.activity is not None:
            self.activity.begin()
        try:
            stream = await self._client.chat.completions.create(
                **kwargs, timeout=self._timeout_for(chars))
            async with stream:
                async for chunk in stream:
                    if getattr(chunk, "usage", None):
                        usage = chunk.usage
                    extra = getattr(chunk, "model_extra", None)
                    if isinstance(extra, dict):
                        if isinstance(extra.get("timings"), dict):
                            timings = extra["timings"]
                        if on_prefill is not None:
                            _report_prefill(extra.get("prompt_progress"), on_prefill)
                    for ch in chunk.choices or []:
                        delta = ch.delta
                        text = getattr(delta, "content", None) if delta else None
                        if text:
                            parts.append(text)
                            if on_text is not None:
                                on_text(text)
                        if ch.finish_reason:
                            finish = ch.finish_reason
        except _openai_error() as e:
            raise classify(e, self.profile, tier, secrets=[self._key]) from None
        finally:
            if self.activity is not None:
                self.activity.end()
        text = "".join(parts)
        if finish is None:
            raise EndpointError(
                "server",
                "the answer stream ended before the model finished (no finish_reason); "
                "the connection may have dropped",
            )
        completion_tokens = getattr(usage, "completion_tokens", None) if usage else None
        prompt_tokens = getattr(usage, "prompt_tokens", None) if usage else None
        evaluated = self._learn_speed(timings, prompt_tokens, chars)
        if finish == "length":
            raise OutputTruncated(completion_tokens)
        return _Raw(
            text=text, finish=finish, prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens, calls=1, prompt_evaluated=evaluated,
        )

    # ---- waiting for the first token ------------------------------------------------
    def _timeout_for(self, chars: int) -> Any:
        """The read timeout of one request. Before its first token a server reads the whole
        prompt, which on a CPU takes minutes for long prompts: for local servers the wait
        grows with the prompt and the prefill speed measured on earlier requests (llama.cpp's
        timings), never below the client's read timeout nor above an hour."""
        import openai

        if not self.profile.kind.local:
            return openai.Timeout(connect=10.0, read=self.read_timeout, write=60.0, pool=10.0)
        caps = self.caps.get(self.caps_key)
        per_char = caps.get("tokens_per_char")
        speed = caps.get("prefill_per_second")
        tokens = chars * (per_char if isinstance(per_char, float) else DEFAULT_TOKENS_PER_CHAR)
        floor = speed if isinstance(speed, float) and speed > 0 else SLOWEST_PREFILL
        read = min(MAX_FIRST_TOKEN_WAIT, max(self.read_timeout, 2 * tokens / floor + 30))
        return openai.Timeout(connect=10.0, read=read, write=60.0, pool=10.0)

    def _learn_speed(self, timings: Any, prompt_tokens: int | None, chars: int) -> int | None:
        """Remember tokens per character and the prefill speed; the tokens evaluated."""
        updates: dict[str, float] = {}
        if isinstance(prompt_tokens, int) and chars > 200:
            updates["tokens_per_char"] = round(prompt_tokens / chars, 4)
        evaluated: int | None = None
        if isinstance(timings, dict):
            n, per_second = timings.get("prompt_n"), timings.get("prompt_per_second")
            if isinstance(n, int):
                evaluated = n
            if isinstance(per_second, (int, float)) and isinstance(n, int) and n >= 64:
                updates["prefill_per_second"] = round(float(per_second), 2)
        if updates:
            self.caps.update(self.caps_key, **updates)
        return evaluated

    # ---- auxiliary ---------------------------------------------------------------
    async def list_models(self) -> list[str]:
        try:
            page = await self._client.models.list()
        except _openai_error() as e:
            raise classify(e, self.profile, None, secrets=[self._key]) from None
        return sorted(m.id for m in page.data)

    def redact(self, text: str) -> str:
        return redact(text, [self._key])


@dataclass(frozen=True)
class _Hooks:
    """Who hears about a request while it runs."""

    on_text: TextSink | None = None
    on_prefill: PrefillSink | None = None
    on_event: EventSink | None = None

    def event(self, what: str) -> None:
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


@dataclass
class _Raw:
    text: str
    finish: str
    prompt_tokens: int | None
    completion_tokens: int | None
    calls: int
    prompt_evaluated: int | None = None


def _with_json_instruction(
    messages: list[dict[str, str]], schema: dict[str, Any]
) -> list[dict[str, str]]:
    """json_object and prompt-only tiers need the word JSON and the shape in the prompt."""
    import json

    note = (
        "\n\nAnswer with one JSON object only (no Markdown, no code fence, no commentary), "
        "matching this JSON Schema:\n" + json.dumps(schema, ensure_ascii=False, separators=(",", ":"))
    )
    out = [dict(m) for m in messages]
    for m in out:
        if m["role"] == "system":
            m["content"] += note
            return out
    return [{"role": "system", "content": note.strip()}, *out]


def _parse_and_check(text: str, validate: Validator) -> tuple[Any, list[str]]:
    data, err = extract_json(text)
    if err is not None:
        return None, [err]
    return data, validate(data)


def _openai_error() -> type[Exception]:
    import openai

    return openai.OpenAIError

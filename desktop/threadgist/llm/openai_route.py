"""The OpenAI-compatible route: a request sent, and its answer stream read, through the
official ``openai`` package (Azure's deployments included), its errors classified
(``classify.py``).

The package's typed layer is bypassed where it costs more than it gives: the body goes
as the JSON it already is (``_untyped``), and the events are read as JSON
(``stream.py``). Why the package stays (and what that costs) is measured in
``benchmarks/results/client-http.md``.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from .classify import classify
from .errors import OutputTruncated
from .policy import CONNECT_TIMEOUT, POOL_TIMEOUT, WRITE_TIMEOUT, Deadline
from .presets import is_reasoning_model
from .profiles import EndpointProfile
from .request import Ask, Connection, Raw
from .stream import Malformed, StreamReader, TooBig, TooLong, usage_field
from .wording import check_media_type, ended_early, malformed, media_type, no_stream, too_big, too_long

if TYPE_CHECKING:
    import openai


class OpenAIRoute:
    """Requests on the endpoint's OpenAI-compatible chat API."""

    def __init__(self, profile: EndpointProfile, api_key: str | None, read_timeout: float):
        import openai  # ~0.4 s: imported by the first client (off the GUI thread), not at start-up

        self.read_timeout = read_timeout
        self._secrets = [api_key]
        timeout = _timeout(read_timeout)
        key = api_key or "no-key"
        self.sdk: openai.AsyncOpenAI
        if profile.kind.deployments:
            self.sdk = openai.AsyncAzureOpenAI(
                azure_endpoint=profile.base_url,
                api_version=profile.api_version or "2024-10-21",
                azure_deployment=profile.deployment or None,
                api_key=key,
                max_retries=0,
                timeout=timeout,
            )
        else:
            self.sdk = openai.AsyncOpenAI(
                base_url=profile.base_url, api_key=key, max_retries=0, timeout=timeout
            )

    async def aclose(self) -> None:
        await self.sdk.close()

    def body(self, conn: Connection, ask: Ask) -> dict[str, Any]:
        """The request's arguments, as the openai package takes them."""
        profile, learnt = conn.profile, conn.learnt()
        kwargs: dict[str, Any] = {
            "model": profile.model or profile.deployment or "default",
            "messages": ask.messages,
            "stream": True,
            conn.max_tokens_param(): ask.max_tokens,
        }
        if learnt.stream_usage is not False:
            kwargs["stream_options"] = {"include_usage": True}
        if learnt.temperature is not False and not is_reasoning_model(profile.model_label):
            kwargs["temperature"] = 0
        if ask.tier == "json_schema":
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": ask.schema_name, "schema": ask.schema, "strict": True},
            }
        elif ask.tier == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        progress = ask.hooks.on_prefill is not None and learnt.return_progress is not False
        if progress and profile.kind.llama_server:
            kwargs["extra_body"] = {"return_progress": True}
        return kwargs

    async def send(self, conn: Connection, ask: Ask, deadline: Deadline) -> Raw:
        reader = StreamReader(ask.max_tokens, ask.hooks.on_text, ask.hooks.on_prefill)
        profile = conn.profile
        media = ""
        read = conn.first_token_wait(ask.chars) if profile.kind.local else self.read_timeout
        if conn.activity is not None:
            conn.activity.begin()
        timer = asyncio.timeout(max(0.0, deadline.left()))
        try:
            async with timer:
                stream = await self.sdk.chat.completions.create(
                    **_untyped(self.body(conn, ask)), timeout=_timeout(read)
                )
                async with stream:
                    media = media_type(stream.response.headers.get("content-type"))
                    check_media_type(profile, media)
                    reader.limit_body(stream.response)
                    await reader.read(stream)
        except TimeoutError:
            if not timer.expired():
                raise
            raise deadline.error(profile.name, answering=reader.events > 0) from None
        except Malformed as fault:
            raise malformed(profile, fault.what) from None
        except TooBig:
            raise too_big(profile, reader.max_body, ask.max_tokens) from None
        except TooLong as fault:
            raise too_long(profile, fault.what, ask.max_tokens) from None
        except _openai_error() as e:
            raise classify(e, profile, ask.tier, secrets=self._secrets) from None
        finally:
            if conn.activity is not None:
                conn.activity.end()
        return _raw(conn, ask, reader, media)

    async def list_models(self, profile: EndpointProfile) -> list[str]:
        try:
            page = await self.sdk.models.list()
        except _openai_error() as e:
            raise classify(e, profile, None, secrets=self._secrets) from None
        return sorted(model.id for model in page.data)


def _raw(conn: Connection, ask: Ask, reader: StreamReader, media: str) -> Raw:
    """The answer a finished stream holds; a stream that did not finish is an error."""
    if reader.finish is None:
        if reader.events == 0:
            raise no_stream(conn.profile, media)
        raise ended_early(conn.profile)
    completion_tokens = usage_field(reader.usage, "completion_tokens")
    prompt_tokens = usage_field(reader.usage, "prompt_tokens")
    evaluated = conn.learn_speed(reader.timings, prompt_tokens, ask.chars)
    if reader.finish == "length":
        raise OutputTruncated(completion_tokens)
    return Raw(reader.text, reader.finish, prompt_tokens, completion_tokens, 1, evaluated)


def _timeout(read: float) -> openai.Timeout:
    import openai

    return openai.Timeout(connect=CONNECT_TIMEOUT, read=read, write=WRITE_TIMEOUT, pool=POOL_TIMEOUT)


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


def _openai_error() -> type[Exception]:
    import openai

    return openai.OpenAIError

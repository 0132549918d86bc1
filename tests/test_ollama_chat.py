"""Ollama's native /api/chat as a transport of the client (llm/ollama_chat.py), against
the Ollama-shaped scripted server: what is sent, what is read, and every way it fails."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from threadgist.digest import schema as S
from threadgist.llm.capabilities import Capabilities
from threadgist.llm.chat import Completion
from threadgist.llm.client import LLMClient
from threadgist.llm.errors import ContextExceeded, EndpointError
from threadgist.llm.ollama_chat import OllamaChat
from threadgist.llm.profiles import EndpointProfile

from .fake_local import FakeOllama

SCHEMA = S._obj({"answer": S._s(200)})


def client(url: str, num_ctx: int = 8192, model: str = "qwen2.5:7b") -> LLMClient:
    profile = EndpointProfile.from_preset("ol", "ollama", base_url=url, model=model)
    c = LLMClient(profile, None, Capabilities(None), max_attempts=1)
    c.transport = OllamaChat(num_ctx)
    return c


def ask(c: LLMClient, text: str = "Say ok in JSON.", **kw: Any) -> Completion:
    async def go() -> Completion:
        try:
            return await c.complete_json(
                [{"role": "user", "content": text}],
                schema_name="a",
                schema=SCHEMA,
                validate=lambda d: S.validate(d, SCHEMA),
                max_tokens=200,
                **kw,
            )
        finally:
            await c.aclose()

    return asyncio.run(go())


def line(doc: Any) -> bytes:
    return (json.dumps(doc) + "\n").encode()


def test_the_request_and_the_counts() -> None:
    with FakeOllama() as srv:
        heard: list[str] = []
        done = ask(client(srv.base_url), on_text=heard.append)
        body = srv.bodies[0]
    assert body["options"]["num_ctx"] == 8192 and body["options"]["num_predict"] == 200
    assert body["format"] == SCHEMA and body["truncate"] is False and body["stream"] is True
    assert done.data == {"answer": "ok"} and "".join(heard) == done.text
    assert done.prompt_tokens == srv.chats[0].kept and done.completion_tokens
    assert done.tier == "json_schema"


def test_failures_are_said() -> None:
    with FakeOllama() as srv:
        with pytest.raises(EndpointError) as e:
            ask(client(srv.base_url, model="missing:1b"))
        assert e.value.kind == "model_not_found"
        srv.script.append((400, {"error": "the input length (9000) exceeds the context length (8192)"}))
        with pytest.raises(ContextExceeded) as ctx:
            ask(client(srv.base_url))
        assert ctx.value.n_ctx == 8192
        srv.script.append([line({"message": {"content": "{"}, "done": False}), b"not json\n"])
        with pytest.raises(EndpointError) as e:
            ask(client(srv.base_url))
        assert e.value.kind == "bad_output" and "not JSON" in e.value.message
        srv.script.append([line({"error": "model runner has unexpectedly stopped"})])
        with pytest.raises(EndpointError) as e:
            ask(client(srv.base_url))
        assert e.value.kind == "server" and "unexpectedly stopped" in e.value.message
        srv.script.append([line({"message": {"content": '{"answer": "o'}, "done": False})])
        with pytest.raises(EndpointError) as e:
            ask(client(srv.base_url))
        assert e.value.kind == "server" and "ended before the model finished" in e.value.message
        srv.script.append(
            [line({"message": {"content": '{"answer": "o'}, "done": True, "done_reason": "length"})]
        )
        with pytest.raises(EndpointError) as e:
            ask(client(srv.base_url))
        assert e.value.kind == "truncated"


def test_a_schema_the_server_rejects_falls_back_to_json() -> None:
    with FakeOllama() as srv:
        srv.script.append((400, {"error": 'invalid format: expected "json" or a valid JSON schema'}))
        done = ask(client(srv.base_url))
        assert done.tier == "json_object" and srv.bodies[-1]["format"] == "json"


def test_unreachable_names_ollama() -> None:
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(EndpointError) as e:
        ask(client(f"http://127.0.0.1:{port}/v1"))
    assert e.value.kind == "unreachable" and "is Ollama running?" in e.value.message


def test_a_server_that_goes_silent_is_not_waited_for() -> None:
    from threadgist.llm.localhttp import HttpSilent, stream_lines

    with FakeOllama() as srv:
        srv.script.append([line({"message": {"content": "{"}, "done": False}), b"stall 5"])

        async def go() -> list[bytes]:
            got: list[bytes] = []
            url = srv.base_url.removesuffix("/v1") + "/api/chat"
            async for piece in stream_lines(url, {}, max_line=1024, max_bytes=65536, silence=0.5):
                got.append(piece)
            return got

        with pytest.raises(HttpSilent):
            asyncio.run(go())

"""The client against a scripted OpenAI-compatible server on 127.0.0.1: fallbacks,
retries, stream completeness, error messages."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest

from threadgist.digest import schema as S
from threadgist.llm.capabilities import Capabilities
from threadgist.llm.chat import CallEvent, Repair, Retry
from threadgist.llm.client import LLMClient
from threadgist.llm.errors import ContextExceeded, EndpointError, ErrorKind, OutputTruncated
from threadgist.llm.profiles import EndpointProfile

from .fakeserver import Behavior, FakeServer

SCHEMA = S._obj({"answer": S._STR})
MSGS = [{"role": "user", "content": 'Reply with {"answer": "ok"}'}]


def client(
    srv: FakeServer,
    preset: str = "custom",
    caps: Capabilities | None = None,
    key: str | None = None,
    **kw: Any,
) -> LLMClient:
    p = EndpointProfile.from_preset("fake", preset, base_url=srv.base_url, model="fake-model")
    return LLMClient(p, key, caps or Capabilities(None), **kw)


def ask(c: LLMClient, **kw: Any) -> Any:
    async def go() -> Any:
        try:
            return await c.complete_json(
                MSGS,
                schema_name="t",
                schema=SCHEMA,
                validate=lambda d: S.validate(d, SCHEMA),
                max_tokens=64,
                **kw,
            )
        finally:
            await c.aclose()

    return asyncio.run(go())


def test_plain_success_streams_and_reports_usage(fake: FakeServer) -> None:
    pieces: list[str] = []
    r = ask(client(fake), on_text=pieces.append)
    assert r.data == {"answer": "ok"} and r.tier == "json_schema" and r.finish == "stop"
    assert r.prompt_tokens is not None and "".join(pieces) == r.text
    body = fake.chat_requests[0].body
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert body["response_format"]["type"] == "json_schema"
    assert "max_tokens" in body and "max_completion_tokens" not in body


def test_429_retry_after_is_honoured(fake: FakeServer) -> None:
    fake.script.append(
        Behavior(
            "status",
            429,
            headers={"Retry-After": "1"},
            body={"error": {"message": "slow down", "type": "rate_limit"}},
        )
    )
    r = ask(client(fake))
    assert r.data == {"answer": "ok"} and r.calls == 2
    t = [s.at for s in fake.chat_requests]
    assert t[1] - t[0] >= 0.95


def test_insufficient_quota_is_final(fake: FakeServer) -> None:
    fake.script.append(
        Behavior(
            "status",
            429,
            body={"error": {"message": "You exceeded your current quota", "code": "insufficient_quota"}},
        )
    )
    with pytest.raises(EndpointError) as e:
        ask(client(fake))
    assert e.value.kind == "quota" and "billing" in e.value.message
    assert len(fake.chat_requests) == 1


def test_500_then_success_and_500_forever(fake: FakeServer) -> None:
    fake.script.append(Behavior("status", 500))
    assert ask(client(fake)).calls == 2
    fake.script.extend([Behavior("status", 500)] * 3)
    with pytest.raises(EndpointError) as e:
        ask(client(fake, max_attempts=3))
    assert e.value.kind == "server" and "(500)" in e.value.message


def test_timeout(fake: FakeServer) -> None:
    fake.script.extend([Behavior("hang", gap=3), Behavior("hang", gap=3)])
    with pytest.raises(EndpointError) as e:
        ask(client(fake, read_timeout=0.5, max_attempts=2))
    assert e.value.kind == "timeout"


@pytest.mark.parametrize("kind", ["drop", "error_event"])
def test_broken_stream_is_retried(fake: FakeServer, kind: str) -> None:
    fake.chunk_chars = 4
    fake.script.append(Behavior(kind))
    r = ask(client(fake))
    assert r.data == {"answer": "ok"} and r.calls == 2


def test_stream_without_finish_reason_is_not_accepted(fake: FakeServer) -> None:
    fake.chunk_chars = 4
    fake.script.extend([Behavior("drop")] * 2)
    with pytest.raises(EndpointError) as e:
        ask(client(fake, max_attempts=2))
    assert "ended before the model finished" in e.value.message


@pytest.mark.parametrize(
    "text",
    [
        '```json\n{"answer": "ok"}\n```',
        '<think>let me think {"answer": "no"}</think>{"answer": "ok"}',
        'Sure! Here it is: {"answer": "ok"} Hope that helps.',
    ],
)
def test_tolerant_extraction(fake: FakeServer, text: str) -> None:
    fake.script.append(Behavior(text=text))
    r = ask(client(fake))
    assert r.data == {"answer": "ok"} and r.calls == 1


@pytest.mark.parametrize("bad", ['{"answer": ', '{"answer": 42}', "no json at all"])
def test_one_repair_attempt(fake: FakeServer, bad: str) -> None:
    fake.script.append(Behavior(text=bad))
    r = ask(client(fake))
    assert r.data == {"answer": "ok"} and r.calls == 2
    repair = fake.chat_requests[1].body["messages"]
    assert repair[-2]["role"] == "assistant" and "not valid" in repair[-1]["content"]


def test_repair_fails_gives_clear_error(fake: FakeServer) -> None:
    fake.script.extend([Behavior(text="{broken"), Behavior(text="{still broken")])
    with pytest.raises(EndpointError) as e:
        ask(client(fake))
    assert e.value.kind == "bad_output" and "even after one correction" in e.value.message


def test_finish_length_is_not_accepted(fake: FakeServer) -> None:
    fake.script.append(Behavior("length"))
    with pytest.raises(OutputTruncated):
        ask(client(fake))


def test_json_schema_rejected_falls_back_and_is_remembered(fake: FakeServer) -> None:
    caps = Capabilities(None)
    fake.script.append(
        Behavior(
            "status",
            400,
            body={
                "error": {
                    "message": "'response_format.type' must be 'json_schema' or 'text'... json_schema is not supported",
                    "type": "invalid_request_error",
                }
            },
        )
    )
    r = ask(client(fake, caps=caps))
    assert r.tier == "json_object"
    assert fake.chat_requests[1].body["response_format"] == {"type": "json_object"}
    assert "JSON" in fake.chat_requests[1].body["messages"][0]["content"]
    ask(client(fake, caps=caps))
    assert fake.chat_requests[2].body["response_format"] == {"type": "json_object"}


def test_all_tiers_rejected_ends_with_prompt_only(fake: FakeServer) -> None:
    reject = {"error": {"message": "response_format is not supported by this model"}}
    fake.script.extend([Behavior("status", 400, body=reject), Behavior("status", 400, body=reject)])
    r = ask(client(fake))
    assert r.tier == "prompt" and "response_format" not in fake.chat_requests[-1].body


def test_max_tokens_rejected_switches_parameter(fake: FakeServer) -> None:
    caps = Capabilities(None)
    fake.script.append(
        Behavior(
            "status",
            400,
            body={
                "error": {
                    "message": "Unsupported parameter: 'max_tokens' is not supported with this model. "
                    "Use 'max_completion_tokens' instead.",
                    "type": "invalid_request_error",
                    "param": "max_tokens",
                    "code": "unsupported_parameter",
                }
            },
        )
    )
    r = ask(client(fake, caps=caps))
    assert r.data == {"answer": "ok"}
    body = fake.chat_requests[1].body
    assert "max_completion_tokens" in body and "max_tokens" not in body
    ask(client(fake, caps=caps))
    assert "max_completion_tokens" in fake.chat_requests[2].body


CONTEXT_ERRORS = {
    "openai": {
        "error": {
            "message": "This model's maximum context length is 8192 tokens. However, "
            "your messages resulted in 9000 tokens.",
            "type": "invalid_request_error",
            "code": "context_length_exceeded",
        }
    },
    "llama.cpp": {
        "error": {
            "code": 400,
            "message": "request (5031 tokens) exceeds the available "
            "context size (2048 tokens), try increasing it",
            "type": "exceed_context_size_error",
            "n_prompt_tokens": 5031,
            "n_ctx": 2048,
        }
    },
    "vllm": {
        "object": "error",
        "message": "This model's maximum context length is 4096 tokens. "
        "However, you requested 5000 tokens (4000 in the messages, 1000 in the completion).",
        "type": "BadRequestError",
        "code": 400,
    },
    "ollama": {
        "error": {"message": "the prompt is longer than the context length currently available to the model"}
    },
    "lmstudio": {
        "error": "Trying to keep the first 5000 tokens when context the overflows. However, "
        "the model is loaded with context length of only 4096 tokens"
    },
}


@pytest.mark.parametrize("provider", list(CONTEXT_ERRORS))
def test_context_exceeded_in_every_wording(fake: FakeServer, provider: str) -> None:
    fake.script.append(Behavior("status", 400, body=CONTEXT_ERRORS[provider]))
    with pytest.raises(ContextExceeded) as e:
        ask(client(fake))
    if provider == "llama.cpp":
        assert (e.value.n_ctx, e.value.n_prompt) == (2048, 5031)
    assert len(fake.chat_requests) == 1


def test_auth_and_model_errors(fake: FakeServer) -> None:
    key = "sk-test-SECRET-abcdefghijklmnop"
    fake.script.append(
        Behavior(
            "status",
            401,
            body={
                "error": {"message": f"Incorrect API key provided: {key}", "type": "invalid_request_error"}
            },
        )
    )
    with pytest.raises(EndpointError) as e:
        ask(client(fake, key=key))
    assert e.value.kind == "auth" and key not in e.value.message and "set the key" in e.value.message
    fake.script.append(Behavior("status", 404, body={"error": {"message": "model 'x' not found"}}))
    with pytest.raises(EndpointError) as e:
        ask(client(fake))
    assert e.value.kind == "model_not_found" and "endpoints models" in e.value.message


def test_connection_refused_names_the_local_server() -> None:
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    p = EndpointProfile.from_preset("ol", "ollama", base_url=f"http://127.0.0.1:{port}/v1")
    c = LLMClient(p, None, Capabilities(None))
    with pytest.raises(EndpointError) as e:
        ask(c)
    assert e.value.kind == "unreachable" and "is Ollama running?" in e.value.message


def test_list_models(fake: FakeServer) -> None:
    c = client(fake)

    async def go() -> list[str]:
        try:
            return await c.list_models()
        finally:
            await c.aclose()

    assert asyncio.run(go()) == ["fake-model", "other-model"]


def test_cancellation_is_prompt_even_before_the_first_byte(fake: FakeServer) -> None:
    fake.script.append(Behavior("hang", gap=10))  # a long prefill: no bytes at all

    async def go() -> float:
        c = client(fake)
        task = asyncio.create_task(
            c.complete_json(
                MSGS, schema_name="t", schema=SCHEMA, validate=lambda d: S.validate(d, SCHEMA), max_tokens=64
            )
        )
        await asyncio.sleep(0.3)
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        dt = loop.time() - t0
        await c.aclose()
        return dt

    assert asyncio.run(go()) < 0.5


def test_reasoning_models_get_max_completion_tokens(fake: FakeServer) -> None:
    p = EndpointProfile.from_preset("oa", "openai", base_url=fake.base_url, model="o3-mini")
    ask(LLMClient(p, "k", Capabilities(None)))
    body = fake.chat_requests[0].body
    assert "max_completion_tokens" in body and "temperature" not in body
    assert "max_tokens" not in body


def test_first_token_wait_grows_with_the_prompt_on_local_servers(fake: FakeServer) -> None:
    """Before its first token a local server reads the whole prompt: the wait follows the
    prefill speed it reported (llama.cpp's timings), not the bare read timeout. Cloud
    endpoints keep their read timeout."""
    caps = Capabilities(None)
    fake.script.extend([Behavior(timings={"prompt_n": 100, "prompt_per_second": 50.0}), Behavior(delay=1.5)])
    local = client(fake, "vllm", caps, read_timeout=0.5, max_attempts=1)
    first = ask(local)
    assert first.prompt_evaluated == 100
    assert caps.get(local.caps_key).get("prefill_per_second") == 50.0
    slow = ask(client(fake, "vllm", caps, read_timeout=0.5, max_attempts=1))
    assert slow.data == {"answer": "ok"}  # 1.5 s before the first byte, within the wait
    fake.script.append(Behavior(delay=1.5))
    with pytest.raises(EndpointError) as e:
        ask(client(fake, "custom", caps, read_timeout=0.5, max_attempts=1))
    assert e.value.kind == "timeout"


def test_prompt_progress_is_asked_of_llamacpp_servers_and_reported(fake: FakeServer) -> None:
    """llama.cpp streams how far it has read a prompt when asked (return_progress): the
    client passes each report on, and asks only servers that are llama.cpp's."""
    fake.script.append(Behavior(prefill=[(0, 900), (512, 900), (900, 900)]))
    seen: list[tuple[int, int]] = []
    r = ask(client(fake, "llamacpp"), on_prefill=lambda d, t: seen.append((d, t)))
    assert r.data == {"answer": "ok"}
    assert seen == [(0, 900), (512, 900), (900, 900)]
    assert fake.chat_requests[0].body.get("return_progress") is True
    ask(client(fake, "vllm"), on_prefill=lambda d, t: seen.append((d, t)))
    assert "return_progress" not in fake.chat_requests[1].body


def test_malformed_prompt_progress_is_ignored(fake: FakeServer) -> None:
    fake.script.append(Behavior(prefill=[(5, 0), (-1, 10), (11, 10), (3, 10)]))
    seen: list[tuple[int, int]] = []
    ask(client(fake, "llamacpp"), on_prefill=lambda d, t: seen.append((d, t)))
    assert seen == [(3, 10)]


def test_a_server_that_rejects_return_progress_is_asked_without_it(fake: FakeServer) -> None:
    caps = Capabilities(None)
    fake.script.append(
        Behavior(
            "status",
            400,
            body={
                "error": {
                    "message": "Unrecognized parameter: return_progress",
                    "type": "invalid_request_error",
                }
            },
        )
    )
    r = ask(client(fake, "llamacpp", caps), on_prefill=lambda d, t: None)
    assert r.data == {"answer": "ok"}
    assert [s.body.get("return_progress") for s in fake.chat_requests] == [True, None]
    assert caps.get(client(fake, "llamacpp", caps).caps_key)["return_progress"] is False


def test_retries_and_repairs_are_told_as_they_happen(fake: FakeServer) -> None:
    fake.script.extend([Behavior("status", 503), Behavior(text='{"wrong": 1}')])
    events: list[CallEvent] = []
    r = ask(client(fake, max_wait=5.0), on_event=events.append)
    assert r.data == {"answer": "ok"} and r.calls == 3
    assert events == [Retry(ErrorKind.SERVER), Repair()]


# ---- endpoints that are not OpenAI answer streams, or never end --------------------------
def timed(c: LLMClient, **kw: Any) -> tuple[EndpointError, float]:
    loop_start = time.monotonic()
    with pytest.raises(EndpointError) as e:
        ask(c, **kw)
    return e.value, time.monotonic() - loop_start


NOT_STREAMS = {
    "web page": (
        Behavior("raw", body="<!doctype html><title>Welcome to nginx!</title>"),
        "answered with a web page, not an OpenAI-compatible API",
    ),
    "JSON document": (
        Behavior("raw", body='{"object": "list", "data": []}', headers={"Content-Type": "application/json"}),
        "answered with a JSON document, not an answer stream",
    ),
    "cut JSON body": (
        Behavior(
            "raw",
            body='{"id": "chatcmpl-1", "choices": [{"mess',
            headers={"Content-Type": "application/json; charset=utf-8"},
        ),
        "answered with a JSON document, not an answer stream",
    ),
    "20 MB web page": (
        Behavior("raw", body=b"<html>" + b"x" * 20_000_000),
        "answered with a web page, not an OpenAI-compatible API",
    ),
    "plain text": (
        Behavior("raw", body="It works!", headers={"Content-Type": "text/plain"}),
        "answered with a text/plain document, not an OpenAI answer stream",
    ),
}


@pytest.mark.parametrize("case", list(NOT_STREAMS))
def test_an_answer_that_is_not_a_stream_names_the_endpoint(fake: FakeServer, case: str) -> None:
    """A wrong base URL answers 200 with a web page or another API's JSON: one message
    naming the endpoint and its URL, said at once (a large body is not read), no retry."""
    behaviour, words = NOT_STREAMS[case]
    fake.script.append(behaviour)
    e, seconds = timed(client(fake))
    assert e.kind == "config" and words in e.message and "\n" not in e.message
    assert e.message.startswith(f"“fake” at {fake.base_url} ")
    assert "check the base URL (it usually ends in /v1)" in e.message
    assert len(fake.chat_requests) == 1 and seconds < 5


def test_an_empty_event_stream_is_a_dropped_connection(fake: FakeServer) -> None:
    fake.script.extend(
        [Behavior("raw", body="data: [DONE]\n\n", headers={"Content-Type": "text/event-stream"})] * 2
    )
    e, _ = timed(client(fake, max_attempts=2))
    assert e.kind == "server" and "without sending anything" in e.message
    assert len(fake.chat_requests) == 2  # worth a retry


@pytest.mark.parametrize(
    ("line", "words"),
    [
        (b'data: {"choices": [}\n\n', "a data line is not valid JSON"),
        (b'data: {"id": "\xff\xfe"}\n\n', "a data line is not valid UTF-8"),
        (b"data: 42\n\n", "an event is not a chat completion chunk"),
        (b'data: {"choices": "none"}\n\n', "an event's choices are not a list"),
        (b'data: {"choices": [{"index": 0, "delta": {"content": 7}}]}\n\n', "an event's delta is not text"),
    ],
)
def test_a_malformed_stream_is_said_in_words(fake: FakeServer, line: bytes, words: str) -> None:
    """Not Python's words (``Expecting value: line 1 column 14``, ``'utf-8' codec can't
    decode byte 0xff``): what the endpoint did."""
    fake.chunk_chars = 4
    fake.script.append(Behavior("inject", body=line))
    e, _ = timed(client(fake))
    assert e.kind == "bad_output" and e.message.startswith("“fake” sent a malformed answer stream")
    assert words in e.message and "Expecting" not in e.message and "codec" not in e.message
    assert len(fake.chat_requests) == 1


def test_an_answer_longer_than_max_tokens_allows_is_not_read(fake: FakeServer) -> None:
    """A server that ignores max_tokens: reading stops at max_tokens × 16 bytes (at least
    64 KB), long before the 3 MB it would send."""
    fake.chunk_chars = 1000
    fake.script.append(Behavior("flood", text='{"answer": "' + "長" * 999, repeat=1000))
    pieces: list[str] = []
    e, seconds = timed(client(fake), on_text=pieces.append)
    assert e.kind == "bad_output" and "more than 64 KB of text" in e.message
    assert "at most 64 tokens" in e.message and "max_tokens" in e.message
    assert len("".join(pieces).encode()) <= 64 * 1024 and seconds < 10
    assert len(fake.chat_requests) == 1


def test_endless_empty_events_are_not_read_forever(fake: FakeServer) -> None:
    fake.script.append(Behavior("empty"))
    e, seconds = timed(client(fake))
    assert e.kind == "bad_output" and f"more than {64 * 4 + 4096} stream events" in e.message
    assert seconds < 10


def test_a_slow_drip_ends_at_the_request_deadline(fake: FakeServer) -> None:
    """One piece every 0.3 s never trips the read timeout: the request's deadline ends it,
    and no retry starts after the deadline."""
    fake.chunk_chars = 1
    fake.script.append(Behavior(gap=0.3))
    pieces: list[str] = []
    e, seconds = timed(client(fake, request_timeout=1.5), on_text=pieces.append)
    assert e.kind == "timeout" and pieces
    assert e.message == (
        "“fake” did not finish its answer within the time limit of one "
        "request (1.5 s): try again, choose a smaller or faster model, or raise "
        "the endpoint's request timeout"
    )
    assert 1.4 < seconds < 3 and len(fake.chat_requests) == 1


def test_keep_alive_comments_do_not_keep_a_request_open(fake: FakeServer) -> None:
    fake.script.append(Behavior("keepalive", gap=0.2))
    e, seconds = timed(client(fake, request_timeout=1.0))
    assert e.kind == "timeout" and "“fake” did not answer within the time limit" in e.message
    assert seconds < 3


_SSE = {"Content-Type": "text/event-stream"}
_PAD = {
    "id": "x",
    "object": "chat.completion.chunk",
    "created": 0,
    "model": "fake-model",
    "choices": [],
    "padding": "p" * 100_000,
}
BIG_BODIES = {
    # a stream of comments a server sends within its deadline, faster than any timeout
    "keep-alive comments": b": keep-alive\n\n" * 400_000,
    # one data line that does not end: never an event, so no event cap sees it
    "a giant data line": b'data: {"choices": [{"delta": {"content": "' + b"x" * 5_000_000,
    # events without answer text, each far below the event count cap
    "huge events without text": b"".join(f"data: {json.dumps(_PAD)}\n\n".encode() for _ in range(50)),
}


@pytest.mark.parametrize("case", list(BIG_BODIES))
def test_a_body_past_its_byte_cap_is_not_read_further(fake: FakeServer, case: str) -> None:
    """What the answer caps do not see is capped by bytes: 4 MiB for a request of 64
    tokens (64 × its answer cap, at least 4 MiB); one line naming the endpoint, no retry."""
    body = BIG_BODIES[case]
    assert len(body) > 4 * 1024 * 1024
    fake.script.append(Behavior("raw", body=body, headers=_SSE))
    c = client(fake)
    e, seconds = timed(c)
    assert e.kind == "bad_output" and "\n" not in e.message and seconds < 10
    assert e.message.startswith("“fake” sent more than 4 MB without finishing an answer of at most 64 tokens")
    assert len(fake.chat_requests) == 1


def test_a_long_answer_within_its_caps_is_read_whole(fake: FakeServer) -> None:
    """The byte cap leaves room for a real stream: an answer at its text cap, one event
    per token in a frame of about 360 bytes, is read."""
    frame = {
        "id": "chatcmpl-" + "a" * 29,
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": "fake-model-2024-07-18",
        "system_fingerprint": "fp_0123456789",
        "obfuscation": "o" * 60,
        "choices": [{"index": 0, "delta": {"content": "x"}, "logprobs": None, "finish_reason": None}],
    }
    start = dict(frame, choices=[{"index": 0, "delta": {"content": '{"answer": "'}, "finish_reason": None}])
    end = dict(frame, choices=[{"index": 0, "delta": {"content": '"}'}, "finish_reason": "stop"}])
    one = f"data: {json.dumps(frame)}\n\n".encode()
    assert 300 <= len(one) <= 400
    tokens = 4096
    body = (
        f"data: {json.dumps(start)}\n\n".encode()
        + one * (tokens - 8)
        + f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode()
    )
    fake.script.append(Behavior("raw", body=body, headers=_SSE))
    c = client(fake)

    async def go() -> Any:
        try:
            return await c.complete_json(
                MSGS,
                schema_name="t",
                schema=SCHEMA,
                validate=lambda d: S.validate(d, SCHEMA),
                max_tokens=tokens,
            )
        finally:
            await c.aclose()

    r = asyncio.run(go())
    assert r.data == {"answer": "x" * (tokens - 8)} and len(body) > 1024 * 1024


def test_a_silent_server_is_retried_only_within_the_deadline(fake: FakeServer) -> None:
    """Four attempts of a read timeout each were 4 × 300 s: retries share the request's
    deadline, so a silent server costs the deadline at most."""
    fake.script.extend([Behavior("hang", gap=10)] * 4)
    e, seconds = timed(client(fake, read_timeout=0.4, request_timeout=3.0))
    assert e.kind == "timeout" and seconds < 3.5
    assert len(fake.chat_requests) == 2  # 0.4 s, 1 s back-off, 0.4 s, then 2 s is too long
    fake.script.extend([Behavior("hang", gap=10)] * 4)
    e, seconds = timed(client(fake, read_timeout=30, request_timeout=1.0))
    assert e.kind == "timeout" and "did not answer within the time limit of one request (1 s)" in e.message
    assert seconds < 2 and len(fake.chat_requests) == 3


def test_the_run_deadline_stops_requests(fake: FakeServer) -> None:
    fake.script.append(Behavior("hang", gap=10))
    c = client(fake)
    c.run_deadline, c.run_limit = time.monotonic() + 1.0, 1.0
    e, seconds = timed(c)
    assert e.kind == "timeout" and seconds < 2
    assert e.message.startswith("the run's time limit (1 s) ran out while waiting for “fake”")
    late = client(fake, run_deadline=time.monotonic() - 1)
    e, _ = timed(late)
    assert e.kind == "timeout" and len(fake.chat_requests) == 1  # no request made


def test_request_limits_and_where_they_are_set(fake: FakeServer) -> None:
    """600 s for cloud endpoints; local servers get the first-token wait for a long prompt
    plus time to answer, at most an hour; a set value applies as it is (the profile's field
    is stored with the profile)."""
    assert client(fake).request_limit(100_000, 4096) == 600
    local = client(fake, "vllm")
    assert local.request_limit(100, 1024) == 600
    assert local.request_limit(2_000, 1024) == 2 * 3_000 / 10 + 30 + 1024 / 4
    assert local.request_limit(10_000_000, 1024) == 3600
    assert client(fake, "vllm", request_timeout=5).request_limit(10_000_000, 1024) == 5
    p = EndpointProfile.from_preset("t", "custom", base_url=fake.base_url, request_timeout=42)
    p = EndpointProfile.from_json(p.to_json())
    assert p.request_timeout == 42 and LLMClient(p, None).request_timeout == 42
    assert LLMClient(p, None, request_timeout=7).request_timeout == 7
    assert (
        EndpointProfile.from_json(
            {"name": "x", "preset": "custom", "base_url": "u", "model": ""}
        ).request_timeout
        is None
    )


def test_base_urls_in_messages_lose_credentials() -> None:
    from threadgist.llm.wording import shown_url

    assert shown_url("https://user:pw@example.com:8443/v1?key=abc") == "https://example.com:8443/v1"
    assert shown_url("engine://local") == "engine://local"

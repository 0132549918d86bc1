"""Local servers at their real window, never truncated silently: against scripted servers
shaped like Ollama (native routes, and prompts cut the way Ollama cuts them), LM Studio
and llama.cpp (tests/fake_local.py)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from threadgist.digest.model import Digest
from threadgist.digest.pipeline import Summarizer
from threadgist.digest.tokens import TokenCounter
from threadgist.llm.capabilities import Capabilities
from threadgist.llm.client import LLMClient
from threadgist.llm.hardware import Machine
from threadgist.llm.ollama_window import memory_window, read_model
from threadgist.llm.profiles import EndpointProfile
from threadgist.llm.server_window import ServerWindow, WindowSource, server_window
from threadgist.thread import Thread, load_path

from .conftest import SAMPLE
from .fake_local import FakeInfo, FakeOllama, OllamaModel

GIB = 2**30
#: a computer with room: 16 GiB, 8 available
ROOMY = Machine(16 * GIB, 8 * GIB, 4)
#: a computer without room for more than Ollama's default window
TIGHT = Machine(8 * GIB, int(4.3 * GIB), 2)
MODEL = "qwen2.5:7b"


def long_thread(times: int = 3) -> Thread:
    """The sample thread's comments `times` over: ~6,600 estimated tokens at 3."""
    t = load_path(str(SAMPLE)).threads[0]
    comments = [replace(c, floor=i) for i, c in enumerate(t.comments * times, 1)]
    return replace(t, comments=comments, notes=[])


def profile(url: str, preset: str = "ollama", **kw: Any) -> EndpointProfile:
    return EndpointProfile.from_preset("local", preset, base_url=url, model=kw.pop("model", MODEL), **kw)


def summarizer(url: str, thread: Thread, **kw: Any) -> Summarizer:
    client = LLMClient(profile(url, **kw), None, Capabilities(None))
    return Summarizer(thread, client, TokenCounter.for_model(MODEL), lang="zh-TW")


def run(s: Summarizer, machine: Machine = ROOMY) -> Digest:
    async def go() -> Digest:
        try:
            await s.prepare(None, machine=machine)
            return await s.run()
        finally:
            await s.client.aclose()

    return asyncio.run(go())


def every_floor_cited(d: Digest, t: Thread) -> bool:
    cited = {f for group in [*d.viewpoints, *d.off_topic] for f in group.floors}
    return cited == {c.floor for c in t.comments}


def ask(p: EndpointProfile, machine: Machine = ROOMY) -> ServerWindow:
    return asyncio.run(server_window(p, None, machine=machine))


# ---- Ollama ------------------------------------------------------------------------------
def test_a_6000_token_thread_runs_at_the_window_the_model_allows() -> None:
    t = long_thread()
    with FakeOllama() as srv:
        s = summarizer(srv.base_url, t)
        at_default = s.plan()
        assert s.budget.context == 4096 and len(at_default.chunks) >= 3
        d = run(s)
        assert s.client.window is not None and s.client.window.native
        assert s.client.window.source == WindowSource.OLLAMA_NATIVE
        window = s.budget.context
        assert 6000 < window <= 16_384  # what the thread needs, not all 32,768
        assert len(s.plan().chunks) < len(at_default.chunks)
        assert "/api/show" in srv.paths and "/api/ps" in srv.paths
        assert srv.chats and all(c.route == "native" and c.window == window for c in srv.chats)
        assert not any(c.cut for c in srv.chats)
    assert d.usage.calls == 1 and every_floor_cited(d, t)


def test_a_computer_without_memory_for_more_says_why() -> None:
    t = long_thread()
    with FakeOllama() as srv:
        s = summarizer(srv.base_url, t)
        parts = len(s.plan().chunks)
        d = run(s, TIGHT)
        assert s.budget.context == 4096 and len(s.plan().chunks) == parts
        # the window is sent all the same: the default is a guess, num_ctx is not
        assert all(c.route == "native" and c.window == 4096 for c in srv.chats)
    assert d.usage.map_calls >= 3 and every_floor_cited(d, t)
    said = " ".join(str(w) for w in d.warnings)
    assert "model allows 32,768" in said and "memory allows" in said


def test_memory_figure() -> None:
    show = {
        "model_info": {
            "general.architecture": "llama",
            "llama.context_length": 131072,
            "llama.block_count": 32,
            "llama.attention.head_count": 32,
            "llama.attention.head_count_kv": 8,
            "llama.embedding_length": 4096,
        },
        "details": {"parameter_size": "8.0B"},
    }
    model = read_model(show, {"models": []}, "llama3.1:8b")
    assert model.trained == 131072 and model.kv_bytes_per_token == 32 * 8 * 256 * 2
    # half of what 8 GiB leave beside the 8B weights (4.8 GB), at 128 KiB a token: 14,336
    expected = int((8 * GIB - 8e9 * 0.6) / 2 // (128 * 1024)) // 1024 * 1024
    assert memory_window(model, ROOMY) == expected == 14336
    loaded = read_model(show, {"models": [{"name": "llama3.1:8b", "size": 6 * GIB}]}, "llama3.1:8b")
    assert memory_window(loaded, ROOMY) == 4 * GIB // (128 * 1024)  # 32,768: weights already in
    assert memory_window(model, TIGHT) == 4096  # never below Ollama's default


def test_what_ollama_reports_is_used() -> None:
    with FakeOllama(loaded=8192) as srv:
        found = ask(profile(srv.base_url))
        assert (found.window, found.source, found.trained) == (8192, WindowSource.OLLAMA_LOADED, 32768)
        assert str(found.describe()).startswith("8,192 tokens — as Ollama has the model loaded (/api/ps)")
    with FakeOllama() as srv:
        found = ask(profile(srv.base_url))
        assert (found.window, found.source) == (4096, WindowSource.OLLAMA_DEFAULT)
        text = str(found.describe())
        assert text.startswith("4,096 tokens — Ollama's default; model allows 32,768")
        assert found.allowed is not None and found.allowed > 4096
    with FakeOllama(OllamaModel(modelfile_ctx=12288)) as srv:
        found = ask(profile(srv.base_url))
        assert (found.window, found.source) == (12288, WindowSource.OLLAMA_MODELFILE)
        # set by you: sent natively, since the OpenAI-compatible route would ignore it
        found = ask(profile(srv.base_url, context_window=20000))
        assert (found.window, found.source, found.native) == (20000, WindowSource.USER, True)
        assert str(found.describe()).startswith("20,000 tokens — set by you")


def test_a_prompt_ollama_cut_is_never_a_digest_native() -> None:
    # the server's tokenizer counts three times what the estimate expects: the planned
    # prompts overflow num_ctx, Ollama keeps their end and reports the kept tokens
    t = long_thread()
    with FakeOllama(bytes_per_token=1.0) as srv:
        s = summarizer(srv.base_url, t)
        d = run(s, TIGHT)
        cut = [c for c in srv.chats if c.cut]
        assert cut and all(c.kept == c.window for c in cut)
    assert every_floor_cited(d, t)  # no part's answer came from a cut prompt
    assert any("split in two" in str(change) for change in d.meta.changes)


def test_a_refused_overflow_resplits() -> None:
    t = long_thread()
    with FakeOllama(bytes_per_token=1.0, refuses_overflow=True) as srv:
        s = summarizer(srv.base_url, t)
        d = run(s, TIGHT)
        assert any(c.refused for c in srv.chats) and not any(c.cut for c in srv.chats)
    assert every_floor_cited(d, t)


def test_the_openai_route_cut_is_noticed() -> None:
    # no native API (404): the OpenAI-compatible route at Ollama's default, which cuts
    t = long_thread()
    with FakeOllama(native=False, bytes_per_token=1.0) as srv:
        s = summarizer(srv.base_url, t)
        d = run(s)
        assert all(c.route == "openai" for c in srv.chats)
        assert any(c.cut for c in srv.chats)
    assert every_floor_cited(d, t)


# ---- LM Studio, llama.cpp -----------------------------------------------------------------
def test_lm_studio_loaded_context_length() -> None:
    listing = {
        "object": "list",
        "data": [
            {"id": "other", "state": "not-loaded", "max_context_length": 8192},
            {
                "id": "qwen2.5-7b-instruct",
                "state": "loaded",
                "max_context_length": 32768,
                "loaded_context_length": 6144,
            },
        ],
    }
    with FakeInfo({"/api/v0/models": listing}) as srv:
        found = ask(profile(srv.base_url, "lmstudio", model="qwen2.5-7b-instruct"))
        assert (found.window, found.source, found.trained) == (6144, WindowSource.LMSTUDIO, 32768)
        found = ask(profile(srv.base_url, "lmstudio", model=""))  # the server's loaded model
        assert found.window == 6144
        found = ask(profile(srv.base_url, "lmstudio", model="other"))  # not loaded: unknown
        assert (found.window, found.source) == (8192, WindowSource.PRESET)


def test_llama_cpp_props() -> None:
    props = {"default_generation_settings": {"n_ctx": 2048}}
    models = {"data": [{"id": "m", "meta": {"n_ctx_train": 8192}}]}
    with FakeInfo({"/props": props, "/v1/models": models}) as srv:
        found = ask(profile(srv.base_url, "llamacpp", model="m"))
        assert (found.window, found.source, found.trained) == (2048, WindowSource.LLAMACPP, 8192)
        assert str(found.describe()).startswith("2,048 tokens — from the server's /props")
        # a window set larger than the server runs is not believed
        found = ask(profile(srv.base_url, "llamacpp", model="m", context_window=8192))
        assert (found.window, found.source) == (2048, WindowSource.LLAMACPP)


def test_a_server_that_does_not_answer_keeps_the_configured_window() -> None:
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    found = ask(profile(f"http://127.0.0.1:{port}/v1"))
    assert (found.window, found.source, found.native) == (4096, WindowSource.OLLAMA_DEFAULT, False)
    found = ask(profile(f"http://127.0.0.1:{port}/v1", "vllm", model="m"))
    assert (found.window, found.source) == (16384, WindowSource.PRESET)


def test_a_window_the_caller_chose_is_kept() -> None:
    # `threadgist evaluate --context 8192` measures at 8,192: sent to Ollama as num_ctx,
    # not grown to what the thread would need
    t = long_thread()
    with FakeOllama() as srv:
        client = LLMClient(profile(srv.base_url), None, Capabilities(None))
        s = Summarizer(t, client, TokenCounter.for_model(MODEL), lang="zh-TW", context=8192)
        d = run(s)
        assert s.budget.context == 8192
        assert srv.chats and all(c.route == "native" and c.window == 8192 for c in srv.chats)
    assert every_floor_cited(d, t) and not any("needs a window" in str(w) for w in d.warnings)

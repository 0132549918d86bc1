"""One plan, shown with its time (issue 25): the estimate the window shows for the built-in
engine is the plan its run makes once the engine has counted the thread's tokens; the
minutes on this computer come from its measured speed; a long local run asks first and
offers the faster choices the app knows."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from threadgist.digest.pipeline import Summarizer
from threadgist.gui.confirm_run import ConfirmRun
from threadgist.gui.run_limits import ASK_MINUTES, needs_asking
from threadgist.llm.builtin import BUILTIN_NAME
from threadgist.llm.capabilities import Capabilities
from threadgist.llm.catalog_fit import Speed
from threadgist.llm.client import LLMClient
from threadgist.llm.discover import FoundServer
from threadgist.llm.speedtest import remember
from threadgist.services.localtime import calibration_sample
from threadgist.store.paths import cache_dir

from .fakeserver import FakeServer
from .guihelpers import open_file

RECORDED = Path(__file__).parent / "data" / "smollm2-tokenize.json"
#: this project's busy 2-core test machine, measured with the bundled model (tokens/s)
BUSY = Speed(38.9, 1.45, 0.135)
QUICK = Speed(184.0, 47.5, 0.135)


def smollm2_tokens(text: str) -> int:
    """SmolLM2's own count of a text whose count was recorded from the engine's /tokenize."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    for entry in json.loads(RECORDED.read_text(encoding="utf-8"))["texts"]:
        if entry["sha256"] == digest:
            return int(entry["tokens"])
    raise AssertionError("no recorded SmolLM2 count for this text: record it with the engine's /tokenize")


def builtin_window(window: Any, context: int | None = None) -> Any:
    """The window on the built-in engine's profile (the bundled model), never started here."""
    profile = next((p for p in window.controller.profiles() if p.name == BUILTIN_NAME), None)
    if profile is None:
        pytest.skip("the built-in engine (xllamacpp and the bundled model) is not installed")
    if context is not None:
        window.controller.profile_store.add(dataclasses.replace(profile, context_window=context))
        window.controller.reload_profiles()
    window.controller.set_endpoint(BUILTIN_NAME)
    return window.controller.profile()


def run_plan(window: Any, fake: FakeServer, profile: Any) -> Any:
    """The plan the run makes: the run's counter and its calibration against a server that
    answers /props and /tokenize as the built-in engine does (SmolLM2's recorded counts)."""
    fake.n_ctx = profile.effective_context
    fake.tokenize = smollm2_tokens
    services, thread = window.controller.services, window.controller.current
    client = LLMClient(dataclasses.replace(profile, base_url=fake.base_url), None, Capabilities(None))
    summ = Summarizer(thread, client, services.counter(profile, thread), use_cache=False)

    async def prepared() -> None:
        try:
            await summ.prepare()
        finally:
            await client.aclose()

    asyncio.run(prepared())
    # calibrated and its window asked (llm/server_window.py), nothing sent to the model
    paths = [s.path for s in fake.seen]
    assert "/tokenize" in paths and set(paths) <= {"/props", "/tokenize", "/v1/models"}
    return summ.plan()


@pytest.mark.parametrize("context", [None, 4096])
def test_the_estimate_is_the_runs_plan_for_the_bundled_model(
    qtbot: Any, window: Any, fake: FakeServer, context: int | None
) -> None:
    profile = builtin_window(window, context)
    open_file(qtbot, window)
    shown = window.controller.last_estimate
    assert shown.endpoint == BUILTIN_NAME and window.run_panel.estimate is shown
    plan = run_plan(window, fake, profile)
    assert calibration_sample(window.controller.current)  # what the fake server counted
    # the same calls, and prompt tokens within 3 % of what the run counts
    assert shown.calls == plan.calls
    run_prompt = sum(plan.sent_tokens) + plan.reduce_calls * plan.budget.reserve + plan.sort_prompt_tokens
    assert abs(shown.prompt_tokens - run_prompt) <= 0.03 * run_prompt
    assert (shown.reserve, plan.budget.context) == (plan.budget.reserve, profile.effective_context)
    calls = "one call" if plan.calls == 1 else f"{plan.calls} calls"
    assert calls in window.run_panel.info.text()


def test_minutes_on_this_computer_from_its_measured_speed(qtbot: Any, window: Any) -> None:
    remember(Capabilities(cache_dir() / "endpoints.json"), QUICK)
    builtin_window(window)
    open_file(qtbot, window)
    est = window.controller.last_estimate
    expected = (est.prompt_tokens / QUICK.prefill + est.calls * est.reserve / QUICK.generate) / 60
    assert est.minutes == pytest.approx(expected)
    assert "under a minute on this computer" in window.run_panel.info.text()
    assert not needs_asking(est, window.controller.settings.ask_calls, est.minutes)


def test_minutes_follow_a_measurement_made_after_the_estimate(qtbot: Any, window: Any) -> None:
    builtin_window(window)
    open_file(qtbot, window)
    assert window.controller.last_estimate.minutes is None  # not measured yet: no minutes
    assert "on this computer" not in window.run_panel.info.text()
    window.controller.speed = BUSY
    window.controller.measure_speed()  # known: said again, and the estimate gets its time
    minutes = window.controller.last_estimate.minutes
    assert minutes is not None and minutes > ASK_MINUTES
    assert f"about {int(minutes) + 1} min on this computer" in window.run_panel.info.text()


def test_a_long_local_run_asks_first_and_offers_faster_choices(
    qtbot: Any, window: Any, fake: FakeServer
) -> None:
    remember(Capabilities(cache_dir() / "endpoints.json"), BUSY)
    builtin_window(window)
    open_file(qtbot, window)
    est = window.controller.last_estimate
    assert est.calls < window.controller.settings.ask_calls and est.minutes > ASK_MINUTES
    window.controller.found = [FoundServer("ollama", "ollama", fake.base_url, ("qwen2.5:7b",))]
    qtbot.mouseClick(window.run_panel.go, Qt.MouseButton.LeftButton)
    dlg = window.dialog
    assert isinstance(dlg, ConfirmRun) and dlg.isVisible() and not window.controller.running
    assert dlg.windowTitle() == "A long run"
    assert f"takes about {int(est.minutes) + 1} min" in dlg.plan.text()
    assert dlg.server_button.isVisible() and "Ollama" in dlg.server_button.text()
    assert dlg.cloud_button.isVisible()
    # the bundled model is the smallest: no catalog model is quicker here
    assert not dlg.model_button.isVisible()
    qtbot.mouseClick(dlg.server_button, Qt.MouseButton.LeftButton)
    profile = window.controller.profile()
    assert profile.preset == "ollama" and profile.base_url == fake.base_url
    assert not window.controller.running and not dlg.isVisible()


def test_a_slower_local_model_is_offered_a_quicker_catalog_model(qtbot: Any, window: Any) -> None:
    from threadgist.gui.run_limits import faster_choices

    # a 7B model on this computer: about 55x the bundled model's work per token
    choices = faster_choices([], QUICK, (40_000, 8_000, True), minutes=60.0)
    assert choices.server == "" and choices.cloud
    if choices.model:  # a catalog model that fits this computer's memory
        assert choices.model_minutes < 0.8 * 60.0

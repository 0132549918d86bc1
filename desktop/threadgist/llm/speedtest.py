"""How fast this computer runs a model: the bundled one reads a short prompt and writes a
fixed number of tokens on the built-in engine (a few seconds). The figures, scaled by
model size (:func:`catalog.scaled`), tell how long a catalog model would take."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path

from ..messages import Text, msg
from .capabilities import Capabilities
from .catalog_fit import Speed
from .engine import EngineConfig, LocalEngine
from .errors import EndpointError

#: SmolLM2-135M, the bundled model
BUNDLED_PARAMS_BILLION = 0.135
CAPS_KEY = "machine|speed"
_PROMPT = (
    "Summarize the discussion below in one sentence.\n"
    + "推 網友A: 遠端工作的效率其實比較高，通勤時間省下來了。\n"
    + "→ user_b: Remote work saves the commute, but meetings get longer.\n"
) * 12


def engine_for(model: Path, threads: int | None = None) -> LocalEngine:
    """The engine a measurement runs on (not started yet); stopping it from another thread
    ends a measurement at once (the app quitting)."""
    config = EngineConfig(model=model, ctx=2048, idle_timeout=60.0)
    if threads:
        config.threads = threads
    return LocalEngine(config)


def measure(
    model: Path,
    threads: int | None = None,
    params_billion: float = BUNDLED_PARAMS_BILLION,
    engine: LocalEngine | None = None,
) -> Speed:
    """Start the engine on ``model`` (or use ``engine``), time one request (a prompt of
    ~1,000 tokens, 48 answer tokens), stop it. Raises EndpointError when the engine cannot
    start, OSError or ValueError when the request fails or the engine was stopped."""
    busy = load_per_core()  # before the engine adds its own
    engine = engine or engine_for(model, threads)
    try:
        url = engine.base_url()
        body = {
            "model": "local",
            "messages": [{"role": "user", "content": _PROMPT}],
            "max_tokens": 48,
            "temperature": 0,
            "ignore_eos": True,
            "stream": False,
        }
        req = urllib.request.Request(
            url + "/chat/completions",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=120) as response:
            doc = json.loads(response.read(1 << 20))
    finally:
        engine.stop()
    timings = doc.get("timings") if isinstance(doc, dict) else None
    if not isinstance(timings, dict):
        raise ValueError("the engine reported no timings")
    prefill, generate = timings.get("prompt_per_second"), timings.get("predicted_per_second")
    if (
        not isinstance(prefill, (int, float))
        or not isinstance(generate, (int, float))
        or prefill <= 0
        or generate <= 0
    ):
        raise ValueError("the engine reported no speed")
    return Speed(float(prefill), float(generate), params_billion, busy)


def load_per_core() -> float:
    """The 1-minute load average per core: how busy other work keeps this computer (0
    where the system does not say, e.g. Windows)."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return 0.0
    return max(0.0, load / (os.cpu_count() or 1))


def failure_text(error: BaseException) -> Text:
    """Why measuring this computer's speed failed, in the app's words."""
    if isinstance(error, EndpointError):
        return error.detail
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, FileNotFoundError):
        return msg("the bundled model is not installed")
    if isinstance(reason, TimeoutError):
        return msg("the bundled model did not answer in time (is the computer very busy?)")
    return msg("the bundled model could not run ({error})", error=f"{type(error).__name__}: {error}")


def remembered(caps: Capabilities) -> Speed | None:
    entry = caps.get(CAPS_KEY)
    try:
        speed = Speed(float(entry["prefill"]), float(entry["generate"]), float(entry["params"]))
    except (KeyError, TypeError, ValueError):
        return None
    busy = entry.get("busy", 0.0)
    return (
        Speed(speed.prefill, speed.generate, speed.params_billion, float(busy))
        if isinstance(busy, (int, float))
        else speed
    )


def remember(caps: Capabilities, speed: Speed) -> Speed:
    """Keep ``speed`` for next time, unless it was taken on a busy computer and a figure
    taken on a calm one is known already (a busy computer's figure only says how slow it
    was then): the figure kept."""
    known = remembered(caps)
    if known is not None and speed.taken_busy and not known.taken_busy:
        return known
    caps.update(
        CAPS_KEY,
        prefill=round(speed.prefill, 2),
        generate=round(speed.generate, 2),
        params=speed.params_billion,
        busy=round(speed.busy, 2),
    )
    return speed

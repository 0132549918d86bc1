"""Which catalog model fits this computer: the memory each needs against what is free,
how long the open thread would take at the speed measured here (carried over to other
model sizes), the one to recommend and why, in the app's words."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..messages import Message, Text, msg
from .catalog import GB, CatalogModel
from .hardware import Machine


@dataclass(frozen=True)
class Speed:
    """Measured on this computer: prompt tokens read and answer tokens written per second,
    by a model of ``params_billion``; ``busy``: the share of the computer's cores other
    work kept busy when it was measured (the load average per core; 0 where unknown)."""

    prefill: float
    generate: float
    params_billion: float
    busy: float = 0.0

    @property
    def taken_busy(self) -> bool:
        """Measured while other work held half the cores or more: the figures (and the
        minutes scaled from them) are likely too slow."""
        return self.busy >= BUSY_SHARE


#: :attr:`Speed.busy` from which a measurement is said to have been taken on a busy computer
BUSY_SHARE = 0.5


def _work(params_billion: float) -> float:
    """Relative cost per token. On this project's 2-core test machine SmolLM2-135M read
    184 prompt tokens/s and wrote 47.5/s, Qwen2.5-1.5B 45.5 and 11.2: 11.4× the parameters
    for 4.1× the time (an exponent of 0.57); beyond that size a CPU is bound by memory
    bandwidth, so the cost grows with the weights (exponent 1)."""
    knee = 1.5
    if params_billion <= knee:
        return float(params_billion**0.57)
    return float(knee**0.57 * (params_billion / knee))


def scaled(ref: Speed, params_billion: float) -> Speed:
    """``ref`` carried over to a model of another size (an estimate)."""
    factor = _work(ref.params_billion) / _work(params_billion)
    return Speed(ref.prefill * factor, ref.generate * factor, params_billion, ref.busy)


@dataclass(frozen=True)
class Fit:
    model: CatalogModel
    fits: bool  # its memory need is within what this computer has free
    ram_needed: int
    minutes: float | None  # for the open thread, when a speed has been measured
    reason: Text  # why it does not fit ("" when it does)


def assess(
    model: CatalogModel,
    machine: Machine,
    *,
    prompt_tokens: int = 0,
    answer_tokens: int = 0,
    ref: Speed | None = None,
) -> Fit:
    need = model.ram_needed()
    fits = need <= machine.ram_usable
    reason: Text = (
        ""
        if fits
        else msg(
            "needs about {need} GB of memory; {free} GB is free",
            need=f"{need / GB:.1f}",
            free=f"{machine.ram_usable / GB:.1f}",
        )
    )
    minutes = None
    if ref is not None and (prompt_tokens or answer_tokens):
        speed = scaled(ref, model.params_billion)
        minutes = (prompt_tokens / speed.prefill + answer_tokens / speed.generate) / 60
    return Fit(model, fits, need, minutes, reason)


def recommend(fits: list[Fit], *, chinese: bool, max_minutes: float = 20.0) -> Fit | None:
    """The model to suggest: among those that fit (and, when known, finish the open thread
    within ``max_minutes``), the best at the thread's language, then the largest; a
    model that cannot read Chinese is never suggested for a Chinese thread."""
    suitable = [fit for fit in fits if fit.fits and (fit.minutes is None or fit.minutes <= max_minutes)]
    if chinese:
        suitable = [fit for fit in suitable if fit.model.chinese in ("good", "fair")]
        rank = {"good": 0, "fair": 1, "poor": 2, "none": 3}
        suitable.sort(key=lambda fit: (rank[fit.model.chinese], -fit.model.params_billion))
    else:
        suitable.sort(key=lambda fit: -fit.model.params_billion)
    return suitable[0] if suitable else None


def why_recommended(
    fits: list[Fit], machine: Machine, *, chinese: bool, max_minutes: float = 20.0
) -> tuple[Fit | None, Message]:
    """:func:`recommend`'s choice and why: why this model, or why none is suggested."""
    best = recommend(fits, chinese=chinese, max_minutes=max_minutes)
    free = f"{machine.ram_usable / GB:.1f}"
    if best is not None:
        if best.minutes is not None:
            return best, msg(
                "★ {name}: the largest model that fits the {free} GB of memory free now, "
                "{reads}, and it takes {time} for the open thread on this computer",
                name=best.model.name,
                free=free,
                reads=_reads(best.model, chinese),
                time=human_minutes(best.minutes),
            )
        return best, msg(
            "★ {name}: the largest model that fits the {free} GB of memory free now and {reads}",
            name=best.model.name,
            free=free,
            reads=_reads(best.model, chinese),
        )
    return None, _why_none(fits, free, chinese, max_minutes)


def _reads(model: CatalogModel, chinese: bool) -> Message:
    if not chinese:
        return msg("reads English well")
    if model.chinese == "good":
        return msg("reads Traditional Chinese well")
    return msg("reads Chinese (it may answer in Simplified)")


def _why_none(fits: list[Fit], free: str, chinese: bool, max_minutes: float) -> Message:
    fitting = [fit for fit in fits if fit.fits]
    if not fits:
        return msg("No model is recommended: the catalog is empty.")
    if not fitting:
        return msg(
            "No model is recommended: none fits the {free} GB of memory free now; close other "
            "programs, or use a local server or a cloud endpoint",
            free=free,
        )
    readable = [fit for fit in fitting if not chinese or fit.model.chinese in ("good", "fair")]
    if not readable:
        return msg(
            "No model is recommended: the models that fit the {free} GB of memory free now "
            "cannot read Chinese well, and this thread is Chinese",
            free=free,
        )
    fastest = min(readable, key=lambda fit: fit.minutes or 0.0)
    return msg(
        "No model is recommended: on this computer every model that fits would take more "
        "than {limit} for the open thread (the fastest, {name}, {time}); a local server "
        "with a graphics card or a cloud endpoint is much faster",
        limit=human_minutes(max_minutes),
        name=fastest.model.name,
        time=human_minutes(fastest.minutes or 0.0),
    )


def human_minutes(minutes: float) -> Message:
    if minutes < 1:
        return msg("under a minute")
    if minutes < 90:
        return msg("about {minutes} min", minutes=math.ceil(minutes))
    return msg("about {hours} h", hours=f"{minutes / 60:.1f}")

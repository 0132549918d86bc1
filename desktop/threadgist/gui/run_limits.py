"""When a run is big or long enough to ask first (the limits Preferences scales), how many
of the newest comments to offer instead, and the faster choices the app knows for a long
local run. No widgets: the run question (confirm_run.py) and the batch table ask these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..llm.catalog_fit import Speed

#: the default limits above which Threadgist asks first
ASK_CALLS = 12
ASK_TOKENS = 150_000
ASK_USD = 0.25
#: a local run longer than this (minutes on this computer) asks first and offers faster choices
ASK_MINUTES = 5.0
#: the newest comments offered: at most this many, and at most this share of the thread
NEWEST = 500
NEWEST_SHARE = 0.75
#: threads shorter than this are not offered their newest part (it would hardly be faster)
NEWEST_FROM = 20


def newest_range(comments: int) -> tuple[int, int] | None:
    """The newest-comments choice for a thread of ``comments``: (its default, its most),
    both well below the thread's count; None when it would not be a faster choice."""
    if comments < NEWEST_FROM:
        return None
    most = int(comments * NEWEST_SHARE)
    return min(NEWEST, comments // 2), most


class Cost(Protocol):
    """What a run will cost: one thread's :class:`Estimate`, or a batch's."""

    calls: int
    prompt_tokens: int
    cost_usd: tuple[float, float] | None


def needs_asking(cost: Cost, ask_calls: int, minutes: float | None = None) -> bool:
    """Whether a run (one thread's, or a batch's in all) is big enough to ask first
    (``ask_calls`` 0: never ask); ``minutes``: how long it takes on this computer."""
    if ask_calls <= 0:
        return False
    scale = ask_calls / ASK_CALLS
    big_price = cost.cost_usd is not None and cost.cost_usd[1] > ASK_USD * scale
    long_run = minutes is not None and minutes > ASK_MINUTES
    return cost.calls > ask_calls or cost.prompt_tokens > ASK_TOKENS * scale or big_price or long_run


@dataclass(frozen=True)
class Faster:
    """The faster choices the app knows for a long local run."""

    server: str = ""  # a local server found on this computer (its label), if any
    model: str = ""  # a catalog model quicker on this computer, if any
    model_minutes: float = 0.0  # its minutes for the open thread
    cloud: bool = True  # a cloud endpoint (always possible)


def faster_choices(
    found: list[str], speed: Speed | None, workload: tuple[int, int, bool], minutes: float
) -> Faster:
    """What is faster than a local run of ``minutes``: the first local server found (by
    its label), the catalog model recommended among those quicker here, a cloud endpoint."""
    from ..llm.catalog import load_catalog
    from ..llm.catalog_fit import assess, recommend
    from ..llm.hardware import this_machine

    model, model_minutes = "", 0.0
    if speed is not None and workload[0]:
        try:
            catalog = load_catalog()
        except ValueError:
            catalog = []
        machine = this_machine()
        fits = [
            assess(entry, machine, prompt_tokens=workload[0], answer_tokens=workload[1], ref=speed)
            for entry in catalog
        ]
        best = recommend(fits, chinese=workload[2], max_minutes=minutes * 0.8)
        if best is not None and best.minutes is not None:
            model, model_minutes = best.model.name, best.minutes
    return Faster(found[0] if found else "", model, model_minutes)

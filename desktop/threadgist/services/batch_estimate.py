"""A batch's estimate before it runs: :func:`~.estimate.estimate` for every thread whose
digest is not cached (planned through the run's own strategy, so a staged batch counts the
staged calls), summed into one :class:`BatchEstimate`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..digest.forms import DEFAULT_FORM
from ..digest.pipeline import Summarizer
from ..digest.plan import PlanError
from ..digest.tokens import TokenCounter
from ..llm.profiles import EndpointProfile
from . import Services
from .batch_items import Item, Unreadable
from .estimate import estimate, price_for


@dataclass
class BatchEstimate:
    threads: int = 0
    cached: int = 0  # threads whose digest is cached: no call
    unreadable: int = 0
    comments: int = 0
    calls: int = 0
    prompt_tokens: int = 0
    reserve_tokens: int = 0  # the answers' room: completion tokens at most
    cost_usd: tuple[float, float] | None = None
    key_missing: str | None = None
    longest_chain: int = 0  # the most calls one thread makes (its calls run in turn at worst)
    warnings: list[str] = field(default_factory=list)
    #: threads that cannot be planned for this model (they will fail): origin and why
    unplannable: list[tuple[str, str]] = field(default_factory=list)
    costs: tuple[float, float] = (0.0, 0.0)  # summed so far (``cost_usd`` once priced)


def estimate_batch(
    services: Services,
    items: Iterable[Item | Unreadable],
    profile: EndpointProfile,
    lang: str = "auto",
    pipeline: str = "single",
    on_item: Callable[[Item | Unreadable, int], None] | None = None,
    form: str = DEFAULT_FORM,
) -> BatchEstimate:
    """:func:`~.estimate.estimate` for every thread whose digest is not cached, summed;
    ``on_item`` hears each item and its calls (0: cached or unreadable)."""
    counter = services.counter(profile)
    total = BatchEstimate()
    priced = price_for(profile) is not None
    for item in items:
        calls = 0
        if isinstance(item, Unreadable):
            total.unreadable += 1
        else:
            total.threads += 1
            total.comments += len(item.thread.comments)
            try:
                calls = _estimate_one(services, item, profile, counter, lang, (pipeline, form), total)
            except PlanError as e:  # e.g. a title too long for the model's context: it fails
                total.unplannable.append((item.origin, str(e.detail)))
        if on_item is not None:
            on_item(item, calls)
    if priced:
        total.cost_usd = total.costs
    return total


def _estimate_one(
    services: Services,
    item: Item,
    profile: EndpointProfile,
    counter: TokenCounter,
    lang: str,
    how: tuple[str, str],
    total: BatchEstimate,
) -> int:
    """One thread's part of the estimate, added to ``total``: its calls (0: cached)."""
    pipeline, form = how  # the run's pipeline and answer form
    summ = Summarizer(
        item.thread,
        None,
        counter,
        profile=profile,
        lang=lang,
        cache=services.cache,
        pipeline=pipeline,
        form=form,
    )
    if summ.cached() is not None:
        total.cached += 1
        return 0
    thread_estimate = estimate(
        services, item.thread, profile, lang, counter=counter, pipeline=pipeline, form=form
    )
    total.calls += thread_estimate.calls
    total.prompt_tokens += thread_estimate.prompt_tokens
    total.reserve_tokens += thread_estimate.calls * thread_estimate.reserve
    total.longest_chain = max(total.longest_chain, _chain(thread_estimate.calls, thread_estimate.chunks))
    if thread_estimate.cost_usd is not None:
        low, high = total.costs
        total.costs = (low + thread_estimate.cost_usd[0], high + thread_estimate.cost_usd[1])
    if thread_estimate.key_missing and total.key_missing is None:
        total.key_missing = str(thread_estimate.key_missing)
    return thread_estimate.calls


def _chain(calls: int, chunks: int) -> int:
    """The calls of one thread that wait for each other: its one call; or a wave of map
    calls, then the reduce levels (and the article's condensation first)."""
    if calls <= 1:
        return calls
    return 1 + max(1, calls - chunks)

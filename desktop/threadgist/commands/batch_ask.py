"""Before ``threadgist batch`` starts: the estimate (the threads counted on a terminal as
it reads them) and, when the batch makes calls, the question on the terminal."""

from __future__ import annotations

import argparse
import sys

from ..services import Services
from ..services.batch_endpoint import BatchEndpoints
from ..services.batch_estimate import BatchEstimate, estimate_batch
from ..services.batch_items import Item, Source, Unreadable, iter_items
from . import EXIT_BAD_FILE, EXIT_ENDPOINT, EXIT_USAGE
from .batch_bar import CallsLeft, PlanningCounter
from .console import CommandError, err


def planned(
    services: Services,
    endpoints: BatchEndpoints,
    sources: list[Source],
    args: argparse.Namespace,
    left: CallsLeft,
) -> BatchEstimate | None:
    """The batch's estimate, counted on a terminal as it reads the threads (None: it
    was interrupted)."""
    planning = PlanningCounter("planning", sys.stderr.isatty())

    def seen(item: Item | Unreadable, calls: int) -> None:
        planning.tick(item, calls)
        left.planned(item, calls)

    try:
        items = iter_items(sources)
        est = estimate_batch(
            services, items, endpoints.primary, args.lang, args.pipeline, on_item=seen, form=args.form
        )
    except KeyboardInterrupt:
        est = None
    planning.end()
    if est is None:
        err("cancelled; nothing was done")
    return est


def confirmed(est: BatchEstimate, endpoints: BatchEndpoints) -> bool:
    """Whether the batch starts: asked on a terminal when it makes calls."""
    if est.threads == 0:
        raise CommandError("no thread to summarize in the inputs", EXIT_BAD_FILE)
    if est.key_missing and est.calls:
        raise CommandError(f"“{endpoints.primary.name}” needs an API key: {est.key_missing}", EXIT_ENDPOINT)
    if not est.calls:
        return True
    if not sys.stdin.isatty():
        raise CommandError(
            "stdin is not a terminal, so the batch cannot ask before "
            "it starts: run it with --yes (see the estimate above)",
            EXIT_USAGE,
        )
    sys.stderr.write("Start? [y/N] ")
    sys.stderr.flush()
    if sys.stdin.readline().strip().lower() not in ("y", "yes"):
        err("nothing was done")
        return False
    return True

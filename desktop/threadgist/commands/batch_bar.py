"""``threadgist batch``'s progress on stderr: "planning 12 thread(s) read" while the
estimate reads the threads (:class:`PlanningCounter`), then a bar of the threads done, the
calls, tokens, spend and the time left (:class:`Bar`), from the calls still to make
(:class:`CallsLeft`) at the rate of calls so far."""

from __future__ import annotations

import asyncio
import sys
import threading
import time

from ..services.batch import BatchRun, Totals
from ..services.batch_endpoint import BatchEndpoints
from ..services.batch_estimate import BatchEstimate
from ..services.batch_items import Item, Source, Unreadable, iter_items
from ..services.batch_rows import BatchStatus, IndexRow
from .console import err, terminal_safe


def print_lines(lines: list[str]) -> None:
    for line in lines:
        sys.stderr.write(line + "\n")
    sys.stderr.flush()


class PlanningCounter:
    """ "planning 12/…" on one line while the estimate reads the threads (terminals only)."""

    def __init__(self, what: str, shown: bool):
        self.what, self.shown, self.n, self.last = what, shown, 0, 0.0

    def tick(self, _item: Item | Unreadable, _calls: int) -> None:
        self.n += 1
        now = time.monotonic()
        if self.shown and now - self.last > 0.2:
            self.last = now
            sys.stderr.write(f"\r{self.what}: {self.n} thread(s) read   ")
            sys.stderr.flush()

    def end(self) -> None:
        if self.shown and self.n:
            sys.stderr.write("\r" + " " * 40 + "\r")
            sys.stderr.flush()


class CallsLeft:
    """The calls still to make: the estimate's calls of each thread not finished yet."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls: dict[int, int] = {}  # seq → estimated calls
        self.finished: set[int] = set()
        self.known = False  # the estimate is complete

    def planned(self, item: Item | Unreadable, calls: int) -> None:
        with self.lock:
            if calls and item.seq not in self.finished:
                self.calls[item.seq] = calls

    def finish(self, seq: int) -> None:
        with self.lock:
            self.finished.add(seq)
            self.calls.pop(seq, None)

    def total(self) -> int | None:
        with self.lock:
            return sum(self.calls.values()) if self.known else None


class Bar:
    """The progress bar on stderr (tqdm; shown on terminals): threads done, calls,
    tokens, spend and the time left, from the calls still to make (:class:`CallsLeft`) at
    the rate of calls so far."""

    def __init__(self, endpoints: BatchEndpoints, left: CallsLeft):
        from tqdm import tqdm

        self.endpoints = endpoints
        self.left = left
        self.failures: list[str] = []
        self.unreadable = 0
        self.totals: Totals | None = None
        self.bar = tqdm(
            total=None,
            unit="thread",
            file=sys.stderr,
            disable=None,
            dynamic_ncols=True,
            mininterval=0.25,
            bar_format="{percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} threads [{elapsed}{postfix}]",
        )

    def estimated(self, est: BatchEstimate) -> None:
        self.left.known = True
        self.bar.total = est.threads + est.unreadable

    def counted(self, threads: int) -> None:
        """The number of threads (and unreadable inputs), without an estimate."""
        self.bar.total = threads

    def changed(self, totals: Totals) -> None:
        self.totals = totals

    def row(self, row: IndexRow) -> None:
        self.left.finish(row.seq)
        self.bar.update(1)
        if row.status is BatchStatus.FAILED:
            if row.thread is None:
                self.unreadable += 1
            what = (row.thread.title if row.thread else None) or row.input
            self.failures.append(terminal_safe(f"threadgist: failed: {what}: {row.reason}"))

    async def tick_every(self, seconds: float) -> None:
        while True:
            self.refresh()
            await asyncio.sleep(seconds)

    def refresh(self) -> None:
        totals = self.totals
        if totals is None or self.bar.disable:
            return
        text = f"{totals.calls} calls, {totals.prompt_tokens + totals.completion_tokens:,} tokens"
        usd = self.endpoints.spend(totals.prompt_tokens, totals.completion_tokens)
        if usd is not None:
            text += f", ${usd:.4f}"
        calls_left = self.left.total()
        now = time.monotonic()
        if calls_left is not None and totals.first_call is not None and totals.calls:
            rate = totals.calls / max(1e-6, now - totals.first_call)
            text += f", ~{duration(calls_left / rate)} left"
        elif self.bar.total and totals.ok + totals.failed:  # no estimate (--yes): threads per second
            rate = (totals.ok + totals.failed) / max(1e-6, now - (totals.first_call or totals.started))
            text += f", ~{duration((self.bar.total - totals.threads) / rate)} left"
        self.bar.set_postfix_str(text, refresh=True)

    def close(self) -> None:
        self.refresh()
        self.bar.close()


def duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


async def run_with_bar(run: BatchRun, sources: list[Source], bar: Bar, counted: bool) -> Totals:
    """The batch, with the bar ticking and (``counted``: --yes, no estimate) its threads
    counted beside it, for the bar."""
    ticker = asyncio.ensure_future(bar.tick_every(0.5))
    stop = threading.Event()  # the batch ended (or was cancelled) first
    beside = asyncio.ensure_future(asyncio.to_thread(_count, run, sources, bar, stop)) if counted else None
    try:
        return await run.run(iter_items(sources))
    finally:
        ticker.cancel()
        stop.set()  # a count still reading the inputs has nothing left to count for
        if beside is not None:
            try:
                await beside
            except Exception as e:  # only the bar's total is lost
                err(f"counting the threads failed ({type(e).__name__}: {e})")


def _count(run: BatchRun, sources: list[Source], bar: Bar, stop: threading.Event) -> None:
    """--yes: the batch starts at once, without the estimate (planning every thread costs
    as much CPU as a fifth of the batch); its threads are counted beside it, for the bar
    (not while the first threads are read and planned)."""
    while run.totals.first_call is None and run.totals.threads == 0 and not run.finished:
        if stop.wait(0.1):
            return
    threads = 0
    for _ in iter_items(sources):
        if stop.is_set():
            return
        threads += 1
    bar.counted(threads)

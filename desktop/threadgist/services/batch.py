"""A board's worth of threads: a digest of each, written as it finishes, and one index.

:class:`BatchRun` is the one batch path of the app and the command line: it opens the
client of its :class:`~.batch_endpoint.BatchEndpoints` (one endpoint, a pool, OpenAI's
Batch API) and closes it whatever happens. The threads come one at a time from their
files (:mod:`.batch_items`); a bounded number is in flight, their requests sharing one
limiter of the endpoint's concurrency. Each finished thread's digest is written to
``<stem>.json`` and ``<stem>.md`` and its row (:mod:`.batch_rows`) to the index's parts
at once (flushed), so memory does not grow with the number of threads; ``index.jsonl``
and ``index.csv`` are written, in input order, when every thread is done
(:mod:`.batch_index`). Everything done is cached (the digest, and the parts of a long
thread), so a batch that was killed runs again with calls for the unfinished threads
only, and a killed run leaves the last complete index as it was.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..digest.forms import DEFAULT_FORM
from ..llm.chat import ChatClient
from ..messages import Text
from . import Services
from .batch_endpoint import BatchEndpoints, ClientReport
from .batch_index import IndexWriter
from .batch_items import Item, Unreadable
from .batch_rows import BatchStatus, IndexRow, index_row
from .batch_thread import Outcome, Stopper, ThreadRun
from .outlock import OutputLock


@dataclass
class Totals:
    """What the batch has done so far (the progress bar reads it)."""

    threads: int = 0  # finished: ok, cached or failed
    ok: int = 0
    cached: int = 0
    failed: int = 0
    calls: int = 0  # requests finished in this run
    prompt_tokens: int = 0  # this run's
    completion_tokens: int = 0
    started: float = field(default_factory=time.monotonic)
    first_call: float | None = None


class CountingLimiter(asyncio.Semaphore):
    """The endpoint's concurrency, shared by every run of the batch; counts the
    requests that finished."""

    def __init__(self, value: int, totals: Totals):
        super().__init__(value)
        self.totals = totals

    async def acquire(self) -> Literal[True]:
        got = await super().acquire()
        if self.totals.first_call is None:
            self.totals.first_call = time.monotonic()
        return got

    def release(self) -> None:
        self.totals.calls += 1
        super().release()


@dataclass
class BatchRun:
    """One batch: :meth:`run` opens the endpoints' client, digests every item and closes
    the client; ``totals`` are read live (the progress bar, the app's table)."""

    services: Services
    endpoints: BatchEndpoints
    #: where the digests and the index go (None: nowhere; the app keeps the rows, and
    #: the digests are in the cache as always)
    out: Path | None
    lang: str = "auto"
    pipeline: str = "single"
    form: str = DEFAULT_FORM  # the answers' form (digest/forms.py)
    #: threads in flight at most (None: the endpoints' choice, else twice the endpoint's
    #: concurrency, at least 4)
    in_flight: int | None = None
    #: told after every change (a thread done, tokens counted)
    on_change: Callable[[Totals], None] | None = None
    #: told each finished thread's row
    on_row: Callable[[IndexRow], None] | None = None
    #: told when a thread starts its calls (not for a cached one)
    on_start: Callable[[Item], None] | None = None
    #: told each finished item with its row and, when it failed, why (the row's reason
    #: is the English text; this is the message, which the app shows in its language)
    on_done: Callable[[Item | Unreadable, IndexRow, Text | None], None] | None = None
    #: the output folder's lock, when the caller took it already (else :meth:`run` takes
    #: it: one batch at a time writes a folder's index, see services/outlock.py)
    out_lock: OutputLock | None = None
    totals: Totals = field(default_factory=Totals)
    finished: bool = False
    #: what the client did (a pool's members, the Batch API's batches), once closed
    report: ClientReport | None = None
    _client: ChatClient | None = field(default=None, init=False, repr=False)
    _stopper: Stopper = field(default_factory=Stopper, init=False, repr=False)

    @property
    def stopped(self) -> str | None:
        """Why requests stopped (an error every thread would get), if they did."""
        return self._stopper.stopped

    @property
    def client(self) -> ChatClient:
        """The client, while :meth:`run` runs."""
        if self._client is None:
            raise RuntimeError("the batch's client is open only while it runs")
        return self._client

    @property
    def capacity(self) -> int:
        return self.client.profile.effective_concurrency

    async def run(self, items: Iterator[Item | Unreadable]) -> Totals:
        """Digest every item; rows and files are written as each finishes (the rows to
        the index's ``.part`` files), and the index is written in input order when every
        item is done. A run cancelled or ended by an error keeps the last complete index
        and leaves its own rows in the parts. The client is closed whatever happens (an
        EndpointError when it cannot be made: a key, the built-in engine)."""
        own_lock = None
        if self.out is not None and self.out_lock is None:  # OutputBusy when another run writes it
            own_lock = OutputLock.acquire(self.out)
        try:
            self._client = client = await self.endpoints.open(self.services)
            try:
                return await self._indexed(items)
            finally:
                self.report = ClientReport.of(client)
                self._client = None
                await client.aclose()
        finally:
            if own_lock is not None:
                own_lock.release()
            self.finished = True

    async def _indexed(self, items: Iterator[Item | Unreadable]) -> Totals:
        index = IndexWriter(self.out) if self.out is not None else None
        complete = False
        try:
            await self._digest_all(items, index)
            complete = True
        finally:
            if index is not None and complete:
                index.finish()
            elif index is not None:
                index.close()
        return self.totals

    async def _digest_all(self, items: Iterator[Item | Unreadable], index: IndexWriter | None) -> None:
        """Reading and planning the threads, in order, in one worker thread (the first
        requests start as soon as their own thread is planned), a bounded number in flight."""
        limiter = CountingLimiter(self.capacity, self.totals)
        worker = ThreadPoolExecutor(1, thread_name_prefix="threadgist-batch")
        digest = ThreadRun(
            self.services,
            self.client,
            self.out,
            self.lang,
            self.pipeline,
            limiter,
            worker,
            self._tokens,
            self.on_start,
            self._stopper,
            self.form,
        )
        slots = asyncio.Semaphore(self.in_flight or self.endpoints.in_flight or max(4, 2 * self.capacity))
        tasks: set[asyncio.Task[None]] = set()
        done = object()
        loop = asyncio.get_running_loop()
        try:
            while True:
                await slots.acquire()
                item = await loop.run_in_executor(worker, next, items, done)
                if item is done:
                    slots.release()
                    break
                assert isinstance(item, Item | Unreadable)
                task = asyncio.create_task(self._one(item, digest, index))
                tasks.add(task)
                task.add_done_callback(lambda done_task: self._finished(done_task, tasks, slots))
            while tasks:
                await asyncio.gather(*list(tasks))
        finally:
            for pending in tasks:
                pending.cancel()
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)
            worker.shutdown(wait=False, cancel_futures=True)

    @staticmethod
    def _finished(task: asyncio.Task[None], tasks: set[asyncio.Task[None]], slots: asyncio.Semaphore) -> None:
        tasks.discard(task)
        slots.release()

    async def _one(self, item: Item | Unreadable, digest: ThreadRun, index: IndexWriter | None) -> None:
        if isinstance(item, Unreadable):
            outcome = Outcome(None, BatchStatus.FAILED, item.reason)
            profile = None
        else:
            outcome = await digest(item)
            profile = self.client.profile
        row = index_row(item, outcome.digest, outcome.status, outcome.reason, profile)
        if index is not None:
            index.add(row)
        self._count(row.status)
        if self.on_row is not None:
            self.on_row(row)
        if self.on_done is not None:
            self.on_done(item, row, outcome.why)
        self._changed()

    def _tokens(self, prompt: int, completion: int) -> None:
        self.totals.prompt_tokens += prompt
        self.totals.completion_tokens += completion
        self._changed()

    def _count(self, status: BatchStatus) -> None:
        self.totals.threads += 1
        if status is BatchStatus.OK:
            self.totals.ok += 1
        elif status is BatchStatus.CACHED:
            self.totals.cached += 1
        else:
            self.totals.failed += 1

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self.totals)

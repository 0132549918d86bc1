"""A board's worth of threads: a digest of each, written as it finishes, and one index.

The threads come one at a time from their files (:func:`iter_items`: a crawler's dump is
read article by article, see :mod:`threadgist.thread.stream`); a bounded number is in
flight, their requests sharing one limiter of the endpoint's concurrency (an
:class:`~threadgist.llm.pool.EndpointPool` spreads them over several endpoints). Each
finished thread's digest is written to ``<stem>.json`` and ``<stem>.md`` and its row to
``index.jsonl.part`` and ``index.csv.part`` at once (flushed), so memory does not grow
with the number of threads; ``index.jsonl`` and ``index.csv`` are written, in input
order, when every thread is done (:meth:`IndexWriter.finish`). Everything done is cached
(the digest, and the parts of a long thread), so a batch that was killed runs again with
calls for the unfinished threads only, and a killed run leaves the last complete index
as it was.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..digest.markdown import to_json_text, to_markdown
from ..digest.model import Digest
from ..digest.pipeline import Progress, Summarizer
from ..digest.plan import PlanError
from ..digest.tokens import TokenCounter
from ..fsutil import atomic_open
from ..llm.capabilities import Capabilities
from ..llm.chat import ChatClient
from ..llm.errors import EndpointError, ErrorKind
from ..llm.naming import shown_model
from ..llm.profiles import EndpointProfile
from ..messages import Text
from ..store.cache import Cache
from ..store.jsonfile import write_json_atomic
from ..store.paths import cache_dir
from ..thread import Thread, ThreadFileError
from ..thread.stream import iter_threads
from . import Services
from .batch_index import BatchStatus, DigestCells, IndexRow, IndexWriter, ThreadCells
from .estimate import estimate, price_for
from .outlock import OutputLock

log = logging.getLogger(__name__)

#: endpoint errors that will not go away for the next thread: after this many in a row,
#: the batch stops making requests (the remaining threads are listed as failed)
FATAL_KINDS = frozenset({ErrorKind.AUTH, ErrorKind.CONFIG, ErrorKind.MODEL_NOT_FOUND, ErrorKind.QUOTA})
FATAL_IN_ROW = 3


# ---- inputs --------------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    """One input of the batch: ``input`` as the user gave it, ``path`` the file read
    (a fetched thread's saved copy for an address); ``error``: why it cannot be read
    (an address that could not be fetched, a missing file)."""

    input: str
    path: str
    error: str | None = None


@dataclass
class Item:
    seq: int  # 1-based position in the batch
    source: Source
    article: int  # 1-based position in its file
    thread: Thread
    stem: str  # file names of its digest: <stem>.json, <stem>.md

    @property
    def origin(self) -> str:
        """Where the thread comes from, for people: its address, else file#article."""
        return self.thread.url or f"{self.source.input}#{self.article}"


@dataclass
class Unreadable:
    seq: int
    source: Source
    reason: str


_NOT_WORD_RE = re.compile(r"[^\w.-]+")


def slug(text: str, limit: int) -> str:
    """Text for a file name: letters (any script), digits, ``.``, ``-`` and ``_``."""
    cleaned = _NOT_WORD_RE.sub("-", unicodedata.normalize("NFC", text))
    cleaned = re.sub(r"-{2,}", "-", cleaned).strip("-._")
    return cleaned[:limit].rstrip("-._")


class Namer:
    """Stable, distinct file names: board, title and a hash of where the thread comes
    from (its address, else the file's real path and the article's position); a name
    already given in this batch (the same article twice) gets ``-2``, ``-3``."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, thread: Thread, source: Source, article: int) -> str:
        where = thread.url or f"{os.path.realpath(source.path)}#{article}"
        digest = hashlib.sha1(where.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        board = slug(thread.board or thread.site or "thread", 24) or "thread"
        stem = f"{board}_{slug(thread.title, 40) or 'untitled'}_{digest}"
        name, number = stem, 1
        while name.casefold() in self.used:  # case-insensitive file systems
            number += 1
            name = f"{stem}-{number}"
        self.used.add(name.casefold())
        return name


def iter_items(sources: Iterable[Source]) -> Iterator[Item | Unreadable]:
    """Every thread of every source, in order, one at a time (the same sequence, names
    included, every time it is called on the same files)."""
    namer = Namer()
    seq = 0
    for source in sources:
        if source.error is not None:
            seq += 1
            yield Unreadable(seq, source, source.error)
            continue
        article = 0
        try:
            for thread in iter_threads(source.path):
                article += 1
                seq += 1
                yield Item(seq, source, article, thread, namer(thread, source, article))
        except ThreadFileError as e:
            seq += 1
            yield Unreadable(seq, source, str(e))
        except OSError as e:
            seq += 1
            yield Unreadable(seq, source, f"{source.input}: {e.strerror or e}")
        except (RecursionError, ValueError, KeyError, TypeError, AttributeError) as e:
            seq += 1
            yield Unreadable(
                seq,
                source,
                f"{source.input}: could not be parsed ({type(e).__name__}: {e}); please report this file",
            )


def items_of(path: str, threads: Iterable[Thread]) -> Iterator[Item]:
    """The items of one file whose threads are already read (the app has them): the
    sequence, and the names, that :func:`iter_items` gives for that file."""
    namer = Namer()
    source = Source(path, path)
    for article, thread in enumerate(threads, 1):
        yield Item(article, source, article, thread, namer(thread, source, article))


# ---- the estimate --------------------------------------------------------------------
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
                calls = _estimate_one(services, item, profile, counter, lang, pipeline, total)
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
    pipeline: str,
    total: BatchEstimate,
) -> int:
    """One thread's part of the estimate, added to ``total``: its calls (0: cached)."""
    summ = Summarizer(
        item.thread, None, counter, profile=profile, lang=lang, cache=services.cache, pipeline=pipeline
    )
    if summ.cached() is not None:
        total.cached += 1
        return 0
    thread_estimate = estimate(services, item.thread, profile, lang, counter=counter, pipeline=pipeline)
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


# ---- the index -----------------------------------------------------------------------
def index_row(
    item: Item | Unreadable,
    digest: Digest | None,
    status: BatchStatus,
    reason: str,
    profile: EndpointProfile | None,
) -> IndexRow:
    """One thread's row: what it is (counted from the thread, as `parse --json` counts),
    what the digest found (the endpoint and model that made it), and what it cost."""
    if isinstance(item, Unreadable):
        return IndexRow(item.seq, status, reason, item.source.input)
    cells = ThreadCells.of(item.thread, item.article, item.origin)
    if digest is None:
        endpoint, model = (profile.name, shown_model(profile.model_label)) if profile else (None, None)
        return IndexRow(item.seq, status, reason, item.source.input, cells, endpoint, model)
    found = DigestCells.of(digest, item.stem)
    meta = digest.meta
    model = shown_model(meta.model)
    return IndexRow(item.seq, status, reason, item.source.input, cells, meta.endpoint, model, found)


def write_digest_files(out: Path, stem: str, digest: Digest) -> None:
    """``<stem>.json`` and ``<stem>.md``, each complete or not there at all."""
    for suffix, text in ((".json", to_json_text(digest) + "\n"), (".md", to_markdown(digest))):
        with atomic_open(out / f"{stem}{suffix}", "w", encoding="utf-8", newline="\n") as digest_file:
            digest_file.write(text)


# ---- the run -------------------------------------------------------------------------
@dataclass
class MemoCounter(TokenCounter):
    """A token counter that remembers its counts (one per thread: planning once in a
    worker thread makes the run's own planning on the event loop cheap)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self._memo: dict[str, int] = {}

    @classmethod
    def like(cls, other: TokenCounter) -> MemoCounter:
        return cls(other.encoding, other.factor, other.exact)

    def raw(self, text: str) -> int:
        count = self._memo.get(text)
        if count is None:
            count = self._memo[text] = super().raw(text)
        return count

    def raw_many(self, texts: list[str]) -> list[int]:
        memo = self._memo
        missing = [text for text in texts if text not in memo]
        if missing:
            memo.update(zip(missing, super().raw_many(missing), strict=True))
        return [memo[text] for text in texts]


class BatchCapabilities(Capabilities):
    """What endpoints support, written at most every :data:`WRITE_EVERY` seconds and by
    :meth:`flush` (a batch learns a token factor and a speed on every call: a file
    written and synced each time would hold up the requests)."""

    WRITE_EVERY = 10.0

    def __init__(self, path: Path | None):
        super().__init__(None)
        if path is not None:
            self._data = Capabilities(path)._data
        self.file = path
        self._written = time.monotonic()
        self._dirty = False

    def update(self, key: str, **values: Any) -> None:
        with self._lock:
            entry = self._data.setdefault(key, {})
            if all(entry.get(k) == v for k, v in values.items()):
                return
            entry.update(values)
            self._dirty = True
        if time.monotonic() - self._written > self.WRITE_EVERY:
            self.flush()

    def flush(self) -> None:
        with self._lock:
            if self._dirty and self.file is not None:
                write_json_atomic(self.file, self._data)
            self._dirty = False
            self._written = time.monotonic()


class BatchCache(Cache):
    """The result cache with SQLite's ``synchronous=NORMAL``: in WAL mode a commit then
    survives the process being killed (what a batch must resume from) but is not synced
    to the disk one by one — a batch commits several times per call."""

    def _open(self) -> sqlite3.Connection:
        db = super()._open()
        db.execute("PRAGMA synchronous=NORMAL")
        return db


def batch_services() -> Services:
    """Services for a batch: :class:`BatchCapabilities` and :class:`BatchCache`."""
    return Services(caps=BatchCapabilities(cache_dir() / "endpoints.json"), _cache=BatchCache())


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
    services: Services
    client: ChatClient  # one endpoint's, an EndpointPool or a BatchAPIClient
    #: where the digests and the index go (None: nowhere; the app keeps the rows, and
    #: the digests are in the cache as always)
    out: Path | None
    lang: str = "auto"
    pipeline: str = "single"
    #: threads in flight at most (None: twice the endpoint's concurrency, at least 4)
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
    stopped: str | None = None  # why requests stopped (an error every thread would get)
    finished: bool = False
    _fatal_in_row: int = 0
    _worker: ThreadPoolExecutor = field(init=False, repr=False)

    @property
    def capacity(self) -> int:
        return self.client.profile.effective_concurrency

    async def run(self, items: Iterator[Item | Unreadable]) -> Totals:
        """Digest every item; rows and files are written as each finishes (the rows to
        the index's ``.part`` files), and the index is written in input order when every
        item is done. A run cancelled or ended by an error keeps the last complete index
        and leaves its own rows in the parts."""
        index = None
        own_lock = None
        if self.out is not None:
            if self.out_lock is None:  # OutputBusy when another run writes the folder
                own_lock = OutputLock.acquire(self.out)
            try:
                index = IndexWriter(self.out)
            except BaseException:
                if own_lock is not None:
                    own_lock.release()
                raise
        limiter = CountingLimiter(self.capacity, self.totals)
        slots = asyncio.Semaphore(self.in_flight or max(4, 2 * self.capacity))
        tasks: set[asyncio.Task[None]] = set()
        done = object()
        # reading and planning the threads, in order, in one worker thread: the first
        # requests start as soon as their own thread is planned
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="threadgist-batch")
        loop = asyncio.get_running_loop()
        complete = False
        try:
            while True:
                await slots.acquire()
                item = await loop.run_in_executor(self._worker, next, items, done)
                if item is done:
                    slots.release()
                    break
                assert isinstance(item, Item | Unreadable)
                task = asyncio.create_task(self._one(item, index, limiter))
                tasks.add(task)
                task.add_done_callback(lambda done_task: self._finished(done_task, tasks, slots))
            while tasks:
                await asyncio.gather(*list(tasks))
            complete = True
        finally:
            for pending in tasks:
                pending.cancel()
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)
            self._worker.shutdown(wait=False, cancel_futures=True)
            try:
                if index is not None and complete:
                    index.finish()
                elif index is not None:
                    index.close()
            finally:
                if own_lock is not None:
                    own_lock.release()
                self.finished = True
        return self.totals

    @staticmethod
    def _finished(task: asyncio.Task[None], tasks: set[asyncio.Task[None]], slots: asyncio.Semaphore) -> None:
        tasks.discard(task)
        slots.release()

    async def _one(
        self, item: Item | Unreadable, index: IndexWriter | None, limiter: asyncio.Semaphore
    ) -> None:
        digest: Digest | None = None
        status, reason = BatchStatus.FAILED, ""
        detail: Text | None = None
        if isinstance(item, Unreadable):
            reason = item.reason
        else:
            seen = [0, 0]  # this run's tokens told so far

            def progress(update: Progress) -> None:
                self.totals.prompt_tokens += update.prompt_tokens - seen[0]
                self.totals.completion_tokens += update.completion_tokens - seen[1]
                seen[:] = [update.prompt_tokens, update.completion_tokens]
                self._changed()

            def prepare() -> tuple[Summarizer, Digest | None]:
                """The run and the cached digest, and the plan's token counts (memoized
                for the run), worked out in a worker thread while requests go on."""
                counter = MemoCounter.like(self.services.counter(self.client.profile))
                summ = Summarizer(
                    item.thread,
                    self.client,
                    counter,
                    lang=self.lang,
                    cache=self.services.cache,
                    progress=progress,
                    pipeline=self.pipeline,
                    limiter=limiter,
                )
                hit = summ.cached()
                if hit is None and not self.stopped and self.pipeline == "single":
                    summ.plan()
                return summ, hit

            try:
                summ, digest = await asyncio.get_running_loop().run_in_executor(self._worker, prepare)
                if digest is not None:
                    status = BatchStatus.CACHED
                elif self.stopped:
                    reason = f"not attempted: {self.stopped}"
                else:
                    if self.on_start is not None:
                        self.on_start(item)
                    digest = await summ.run()
                    status = BatchStatus.OK
                    self._fatal_in_row = 0
            except EndpointError as e:
                reason = self.client.redact(e.message)
                detail = e.detail if reason == e.message else reason
                self._note_failure(str(e.kind), reason)
            except ValueError as e:  # e.g. a context window too small to plan
                reason = str(e)
                if isinstance(e, PlanError):
                    detail = e.detail
            except Exception as e:  # one thread's bug must not lose the batch
                log.exception("batch: thread %s failed", item.seq)
                reason = f"internal error ({type(e).__name__}: {e}); please report it"
            if digest is not None and self.out is not None:
                try:  # in a worker thread: requests waiting for a slot start meanwhile
                    await asyncio.to_thread(write_digest_files, self.out, item.stem, digest)
                except OSError as e:
                    digest, status = None, BatchStatus.FAILED
                    reason = f"the digest could not be written ({e.strerror or e})"
        row = index_row(
            item, digest, status, reason, None if isinstance(item, Unreadable) else self.client.profile
        )
        if index is not None:
            index.add(row)
        self.totals.threads += 1
        if status is BatchStatus.OK:
            self.totals.ok += 1
        elif status is BatchStatus.CACHED:
            self.totals.cached += 1
        else:
            self.totals.failed += 1
        if self.on_row is not None:
            self.on_row(row)
        if self.on_done is not None:
            why = None if status is not BatchStatus.FAILED else detail if detail is not None else reason
            self.on_done(item, row, why)
        self._changed()

    def _note_failure(self, kind: str, reason: str) -> None:
        if kind in FATAL_KINDS:
            self._fatal_in_row += 1
            if self._fatal_in_row >= FATAL_IN_ROW and self.stopped is None:
                self.stopped = reason
        else:
            self._fatal_in_row = 0

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self.totals)

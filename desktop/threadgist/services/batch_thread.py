"""One thread of a batch: its digest, cached or made by its run (planned in the batch's
worker thread while requests go on), its files written, and how it ended
(:class:`Outcome`). Endpoint errors that every thread would get (a key, the model, the
quota), several in a row, stop the batch's requests (:class:`Stopper`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..digest.forms import DEFAULT_FORM
from ..digest.markdown import to_json_text, to_markdown
from ..digest.model import Digest
from ..digest.pipeline import Progress, Summarizer
from ..digest.plan import PlanError
from ..fsutil import atomic_open
from ..llm.chat import ChatClient
from ..llm.errors import EndpointError, ErrorKind
from ..messages import Text
from . import Services
from .batch_items import Item
from .batch_rows import BatchStatus
from .batch_store import MemoCounter

log = logging.getLogger("threadgist.services.batch")

#: endpoint errors that will not go away for the next thread: after this many in a row,
#: the batch stops making requests (the remaining threads are listed as failed)
FATAL_KINDS = frozenset({ErrorKind.AUTH, ErrorKind.CONFIG, ErrorKind.MODEL_NOT_FOUND, ErrorKind.QUOTA})
FATAL_IN_ROW = 3


def write_digest_files(out: Path, stem: str, digest: Digest) -> None:
    """``<stem>.json`` and ``<stem>.md``, each complete or not there at all."""
    for suffix, text in ((".json", to_json_text(digest) + "\n"), (".md", to_markdown(digest))):
        with atomic_open(out / f"{stem}{suffix}", "w", encoding="utf-8", newline="\n") as digest_file:
            digest_file.write(text)


@dataclass
class Outcome:
    """How one thread ended: its digest, or why not (``reason`` in English for the index,
    ``detail`` the message the app shows in its language)."""

    digest: Digest | None
    status: BatchStatus
    reason: str = ""
    detail: Text | None = None

    @property
    def why(self) -> Text | None:
        """Why it failed, as the app says it (None when it did not)."""
        if self.status is not BatchStatus.FAILED:
            return None
        return self.detail if self.detail is not None else self.reason


@dataclass
class Stopper:
    """Stops the batch's requests after :data:`FATAL_IN_ROW` errors in a row of a kind
    that every thread would get; ``stopped`` says why."""

    stopped: str | None = None
    in_row: int = 0

    def succeeded(self) -> None:
        self.in_row = 0

    def failed(self, kind: ErrorKind, reason: str) -> None:
        if kind not in FATAL_KINDS:
            self.in_row = 0
            return
        self.in_row += 1
        if self.in_row >= FATAL_IN_ROW and self.stopped is None:
            self.stopped = reason


@dataclass
class ThreadRun:
    """Digests the threads of one batch, one call per thread, with the batch's client,
    limiter and worker thread; ``tokens`` hears each thread's new prompt and completion
    tokens, ``on_start`` each thread that starts its calls."""

    services: Services
    client: ChatClient
    out: Path | None
    lang: str
    pipeline: str
    limiter: asyncio.Semaphore
    worker: ThreadPoolExecutor
    tokens: Callable[[int, int], None]
    on_start: Callable[[Item], None] | None = None
    stopper: Stopper = field(default_factory=Stopper)
    form: str = DEFAULT_FORM  # the answers' form (digest/forms.py)

    async def __call__(self, item: Item) -> Outcome:
        return await self._written(item, await self._digest(item))

    async def _digest(self, item: Item) -> Outcome:
        """The thread's digest: cached, or made by its run (not attempted once the batch
        stopped making requests); why not, when it fails."""
        stopper = self.stopper
        try:
            loop = asyncio.get_running_loop()
            summ, hit = await loop.run_in_executor(self.worker, self._prepare, item)
            if hit is not None:
                return Outcome(hit, BatchStatus.CACHED)
            if stopper.stopped:
                return Outcome(None, BatchStatus.FAILED, f"not attempted: {stopper.stopped}")
            if self.on_start is not None:
                self.on_start(item)
            digest = await summ.run()
            stopper.succeeded()
            return Outcome(digest, BatchStatus.OK)
        except EndpointError as e:
            reason = self.client.redact(e.message)
            stopper.failed(e.kind, reason)
            return Outcome(None, BatchStatus.FAILED, reason, e.detail if reason == e.message else reason)
        except ValueError as e:  # e.g. a context window too small to plan
            return Outcome(None, BatchStatus.FAILED, str(e), e.detail if isinstance(e, PlanError) else None)
        except Exception as e:  # one thread's bug must not lose the batch
            log.exception("batch: thread %s failed", item.seq)
            reason = f"internal error ({type(e).__name__}: {e}); please report it"
            return Outcome(None, BatchStatus.FAILED, reason)

    def _prepare(self, item: Item) -> tuple[Summarizer, Digest | None]:
        """The run and the cached digest, and the plan's token counts (memoized for the
        run), worked out in the worker thread."""
        counter = MemoCounter.like(self.services.counter(self.client.profile))
        summ = Summarizer(
            item.thread,
            self.client,
            counter,
            lang=self.lang,
            cache=self.services.cache,
            progress=self._tokens_told(),
            pipeline=self.pipeline,
            limiter=self.limiter,
            form=self.form,
        )
        hit = summ.cached()
        if hit is None and not self.stopper.stopped and self.pipeline != "staged":
            summ.plan()
        return summ, hit

    def _tokens_told(self) -> Callable[[Progress], None]:
        """A thread's progress sink: its new tokens told as they come."""
        seen = [0, 0]  # this thread's tokens told so far

        def progress(update: Progress) -> None:
            self.tokens(update.prompt_tokens - seen[0], update.completion_tokens - seen[1])
            seen[:] = [update.prompt_tokens, update.completion_tokens]

        return progress

    async def _written(self, item: Item, outcome: Outcome) -> Outcome:
        """The digest's files written (in a worker thread: requests waiting for a slot
        start meanwhile); a digest that cannot be written fails the thread."""
        if outcome.digest is None or self.out is None:
            return outcome
        try:
            await asyncio.to_thread(write_digest_files, self.out, item.stem, outcome.digest)
        except OSError as e:
            return Outcome(None, BatchStatus.FAILED, f"the digest could not be written ({e.strerror or e})")
        return outcome

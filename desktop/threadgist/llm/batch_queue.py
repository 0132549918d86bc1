"""The Batch API client's queue: requests wait for a batch instead of being sent one by
one. A request's ``custom_id`` is the hash of its body; one that a recorded batch holds
waits for that batch (or takes its answer at once); the others go in the next batch, sent
once no new request has come for ``quiet`` seconds; each batch is followed until it ends
and its output lines are handed to the requests that asked for them."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import time
from collections.abc import Iterable
from typing import Any

from ..messages import msg
from .batch_journal import Batch, Journal, Waiting, answers, read_output
from .batch_server import BatchServer
from .errors import EndpointError, ErrorKind

#: the most requests in one batch (OpenAI's limit is 50,000)
MAX_REQUESTS = 50_000


class BatchQueue:
    """The requests of one endpoint+model, batched (see the module's docstring)."""

    def __init__(self, journal: Journal, server: BatchServer, name: str, quiet: float):
        """``name``: the endpoint's, for messages."""
        self.journal = journal
        self.server = server
        self.name = name
        self.quiet = quiet
        self._queue: list[Waiting] = []
        self._last_request = 0.0
        self._sender: asyncio.Task[None] | None = None
        self._batches: dict[str, Batch] = {}
        self._batch_of: dict[str, str] = {}  # custom_id → the batch holding it
        self._pollers: dict[str, asyncio.Task[None]] = {}
        self.created: list[str] = []  # batches created here
        self.reused = 0  # answers taken from batches recorded before
        self.adopted: list[str] = []  # batches an earlier run created but did not record
        self._pending_lock: asyncio.Lock | None = None
        batches, self._pending = journal.load()
        for batch in batches:
            self._take_up(batch)

    def _take_up(self, batch: Batch) -> None:
        """Follow a batch an earlier run recorded. A request is tied to a batch only if
        that batch answered it or may still: one that failed in an earlier batch and was
        answered by a later one takes that answer, whichever file is read first."""
        self._batches[batch.id] = batch
        for cid in batch.custom_ids:
            if batch.output is None or cid in batch.output:
                self._batch_of[cid] = batch.id

    async def _find_pending(self) -> None:
        """Look on the server, once, for the batches earlier runs announced and did not
        record (stopped between the two): a batch found by its token is recorded and
        followed as if that run had recorded it; an announcement with no batch is
        dropped (the creation never happened, or the server keeps no metadata: its
        requests are sent again)."""
        if self._pending_lock is None:
            self._pending_lock = asyncio.Lock()
        async with self._pending_lock:
            if not self._pending:
                return
            for batch_id, status, pending in await self.server.find(self._pending):
                batch = Batch(batch_id, pending.custom_ids, status, earlier=True)
                self._batches[batch.id] = batch
                for cid in batch.custom_ids:
                    self._batch_of.setdefault(cid, batch.id)
                self.journal.record(batch)
                self.adopted.append(batch.id)
            for pending in self._pending:
                pending.path.unlink(missing_ok=True)
            self._pending = []

    async def ask(self, body: dict[str, Any]) -> dict[str, Any]:
        """The output line of this request: from a batch recorded before, or from the
        next batch sent."""
        cid = (
            "tg-"
            + hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:40]
        )
        if self._pending and cid not in self._batch_of:
            await self._find_pending()
        known = self._batches.get(self._batch_of.get(cid, ""))
        if known is not None and known.output is not None and cid in known.output:
            if known.earlier:
                self.reused += 1
            return known.output[cid]
        waiter = Waiting(cid, body, asyncio.get_running_loop().create_future())
        if known is not None and known.output is None:
            known.waiters.append(waiter)
            self._watch(known)
        else:
            self._enqueue(waiter)
        return await waiter.future

    def _enqueue(self, waiter: Waiting) -> None:
        """Put the request in the next batch, sent once no request has come for ``quiet``
        seconds."""
        self._queue.append(waiter)
        self._last_request = time.monotonic()
        if self._sender is None or self._sender.done():
            self._sender = asyncio.ensure_future(self._send_when_quiet())

    async def _send_when_quiet(self) -> None:
        """Send the waiting requests as batches. Whatever keeps a batch from being
        created (a refusal, a full disk, a bug) fails its requests: an exception ending
        this task would go unseen and leave them waiting for good."""
        while self._queue:
            wait = self._last_request + self.quiet - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            waiting, self._queue = self._queue[:MAX_REQUESTS], self._queue[MAX_REQUESTS:]
            try:
                batch = await self._create(waiting)
                batch.waiters.extend(waiting)
                self._watch(batch)
            except Exception as e:  # not CancelledError: closing the client stops this task
                _fail(waiting, e)

    async def _create(self, waiting: list[Waiting]) -> Batch:
        bodies: dict[str, dict[str, Any]] = {}
        for waiter in waiting:
            bodies.setdefault(waiter.custom_id, waiter.body)
        batch, pending = await self.server.create(bodies, self.journal)
        self._batches[batch.id] = batch
        for cid in bodies:
            self._batch_of[cid] = batch.id
        self.created.append(batch.id)
        self.journal.record(batch)
        pending.path.unlink(missing_ok=True)
        return batch

    def _watch(self, batch: Batch) -> None:
        task = self._pollers.get(batch.id)
        if task is None or task.done():
            self._pollers[batch.id] = asyncio.ensure_future(self._follow(batch))

    async def _follow(self, batch: Batch) -> None:
        """Poll the batch until it ends; hand each waiting request its output line.
        Whatever goes wrong (a refusal, a full disk, a bug) fails the requests waiting:
        an exception ending this task would go unseen and leave them waiting for good."""
        try:
            text = await self.server.outcome(batch)
            if text is None:
                self._forget(batch)
            else:
                self._finish(batch, text)
        except Exception as e:  # not CancelledError: closing the client stops this task
            _fail(batch.waiters, e)
            batch.waiters.clear()

    def _finish(self, batch: Batch, text: str) -> None:
        """Save the final batch's output, then hand each waiting request its line. A
        completed batch's error line is this run's answer (the next run sends it again);
        a batch that ended early hands out its answers and fails its other requests, which
        the next run sends again."""
        self.journal.save_output(batch, text)
        self.journal.record(batch)
        lines = read_output(text)
        batch.output = lines if batch.status == "completed" else answers(lines)
        if batch.status == "completed":
            unanswered = msg(
                "the batch {batch} at “{name}” has no answer for a request: run the same command again",
                batch=batch.id,
                name=self.name,
            )
        else:
            unanswered = msg(
                "the batch {batch} at “{name}” ended as “{status}”: run the same command again to "
                "send its requests again",
                batch=batch.id,
                name=self.name,
                status=batch.status,
            )
        for waiter in batch.waiters:
            if waiter.future.done():
                continue
            line = batch.output.get(waiter.custom_id)
            if line is None:
                waiter.future.set_exception(EndpointError(ErrorKind.SERVER, unanswered))
                continue
            if batch.earlier:
                self.reused += 1
            waiter.future.set_result(line)
        batch.waiters.clear()

    def _forget(self, batch: Batch) -> None:
        """The server does not know the batch (sent with another key or organisation, or
        deleted): drop it from the journal and send its waiting requests again, once; a
        request whose new batch is unknown too fails, rather than going round for ever."""
        self.journal.forget(batch)
        self._batches.pop(batch.id, None)
        for cid in batch.custom_ids:
            if self._batch_of.get(cid) == batch.id:
                del self._batch_of[cid]
        unknown = EndpointError(
            ErrorKind.CONFIG,
            msg(
                "“{name}” does not know the batch {batch} (404), though it was sent again: "
                "check that the base URL offers OpenAI's Batch API",
                name=self.name,
                batch=batch.id,
            ),
        )
        waiters, batch.waiters = batch.waiters, []
        for waiter in waiters:
            if waiter.future.done():
                continue
            if waiter.resent:
                waiter.future.set_exception(unknown)
            else:
                waiter.resent = True
                self._enqueue(waiter)

    async def aclose(self) -> None:
        """Stop following the batches (they go on at the server; the next run takes them up)."""
        for task in [*self._pollers.values(), *([self._sender] if self._sender else [])]:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


def _fail(waiters: Iterable[Waiting], error: Exception) -> None:
    for waiter in waiters:
        if not waiter.future.done():
            waiter.future.set_exception(error)

"""Two Threadgist runs over the same thread — two windows, the app and the command line —
share their work through the cache instead of each making every call.

Before a run asks for a partial result (a part of the thread, the condensed article) or
for the call that finishes the digest (the one call over the whole thread, or the
merge), it claims it in the cache (store/cache.py: ``claims``). A part another live run
has claimed is left to it: the run does its other parts first, then waits for that
part's result, polling the cache every :data:`POLL` seconds (cancellable; bounded by the
run's time limit), and takes the part over if the other run's claim lapses or is
released without a result (that run failed, was cancelled or was killed).

A claim is a lease. Its owner renews every claim it holds every third of the lease while
its run goes on, and releases them when the run ends, whatever the outcome; a killed
process's claims lapse within one lease — at once when the owner was a process on this
computer that is gone. The lease follows from the request deadline the client already
has (:func:`lease_for`): a tenth of it, between :data:`MIN_LEASE` and :data:`MAX_LEASE`
seconds (60 s for the default 600 s). Waiting for a dead owner's part takes one lease at
most; a live owner works through the parts it claimed (a run claims its parts as it
starts them, before waiting for a free request slot), each call ended by its request
deadline, and a run's time limit (``--time-limit``) bounds the wait as it bounds calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

from ..llm.errors import EndpointError, ErrorKind
from ..messages import msg
from ..store.cache import Cache, new_owner

#: the lease is this fraction of the request deadline, within [MIN_LEASE, MAX_LEASE] s
LEASE_SHARE = 0.1
MIN_LEASE = 10.0
MAX_LEASE = 60.0
#: how often a waiting run looks for another run's result (seconds)
POLL = 0.5
#: the key under which the call that finishes a digest is claimed (with the digest's key)
DIGEST = "digest:"

T = TypeVar("T")


def lease_for(request_limit: float) -> float:
    """The lease of a claim for calls that may take ``request_limit`` seconds."""
    return min(MAX_LEASE, max(MIN_LEASE, request_limit * LEASE_SHARE))


class Claims:
    """One run's claims on the partial results of its scope."""

    def __init__(self, cache: Cache, scope: str, lease: float, *, poll: float = POLL):
        self.cache = cache
        self.scope = scope
        self.lease = lease
        self.poll = poll
        self.owner = new_owner()
        self.held: set[str] = set()
        self._heartbeat: asyncio.Task[None] | None = None

    def take(self, key: str) -> bool:
        """Claim ``key`` for this run: True when it is this run's now, False when another
        live run holds it."""
        if self.cache.claim(self.scope, key, self.owner, self.lease) is not None:
            return False
        self.held.add(key)
        if self._heartbeat is None or self._heartbeat.done():
            self._heartbeat = asyncio.ensure_future(self._renew())
        return True

    def release(self, key: str) -> None:
        """The result of ``key`` is stored (or will not be): others need not wait."""
        if key in self.held:
            self.held.discard(key)
            self.cache.release_claim(self.scope, key, self.owner)

    def release_all(self) -> None:
        """The run ends (finished, failed or cancelled): every claim goes."""
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            self._heartbeat = None
        if self.held:
            self.held.clear()
            with contextlib.suppress(sqlite3.Error):  # a busy database: they lapse instead
                self.cache.release_claims(self.owner)

    async def _renew(self) -> None:
        while self.held:
            await asyncio.sleep(self.lease / 3)
            # fewer than held: a lapsed claim was taken over (this process was stopped
            # for longer than the lease); both runs then make that call, nothing breaks
            with contextlib.suppress(Exception):  # a busy database: the next beat renews
                self.cache.renew_claims(self.owner, self.lease)

    async def wait(
        self,
        key: str,
        ready: Callable[[], T | None],
        *,
        deadline: float | None = None,
        limit: float | None = None,
    ) -> T | None:
        """Wait for another run's result of ``key``: ``ready()`` once it is there, None
        when the claim became this run's instead (the other run ended without a result, or
        its lease lapsed). ``deadline``: the run's time limit (a time.monotonic() time;
        ``limit``, its seconds, for the message)."""
        while True:
            if (found := ready()) is not None:
                return found
            if self.take(key):
                if (found := ready()) is not None:  # stored just before its claim went
                    self.release(key)
                    return found
                return None
            if deadline is not None and time.monotonic() + self.poll > deadline:
                raise EndpointError(
                    ErrorKind.TIMEOUT,
                    msg(
                        "the run's time limit ran out while waiting for another Threadgist run: "
                        "run the same command again to resume (finished parts are kept), or "
                        "allow more time"
                    )
                    if limit is None
                    else msg(
                        "the run's time limit ({seconds} s) ran out while waiting for another "
                        "Threadgist run: run the same command again to resume (finished parts "
                        "are kept), or allow more time",
                        seconds=f"{limit:.0f}",
                    ),
                )
            await asyncio.sleep(self.poll)

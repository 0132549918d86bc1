"""What a batch keeps while it runs, tuned for many threads: the result cache committing
without a sync each time (:class:`BatchCache`), what endpoints support written every few
seconds rather than on every call (:class:`BatchCapabilities`), and a token counter that
remembers its counts (:class:`MemoCounter`); :func:`batch_services` wires the first two."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..digest.tokens import TokenCounter
from ..llm.capabilities import Capabilities
from ..store.cache import Cache
from ..store.jsonfile import write_json_atomic
from ..store.paths import cache_dir
from . import Services


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
        super().__init__(path)  # what the file holds
        self.path = None  # written here, by flush(), not on every update
        self.file = path
        self._written = time.monotonic()
        self._dirty = False

    def update(self, key: str, **values: Any) -> None:
        before = self.get(key)
        super().update(key, **values)  # kept in memory only: its path is None
        if all(before.get(name) == value for name, value in values.items()):
            return
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

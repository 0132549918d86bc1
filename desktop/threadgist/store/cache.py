"""The SQLite result cache (WAL): digests and the partial map results of runs, so that
a cancelled or crashed run resumes with only the missing chunks, and a thread that has
grown since is read again only where it changed.

Partial results are kept by content (``run_key``: the endpoint, model, prompts and
options; ``chunk_key``: the exact request), not by the thread's hash; each use renews
them, and those unused for :data:`PARTIAL_DAYS` days are dropped when a digest is stored.
Each keeps what it cost (:class:`PartialCost`: requests and tokens; unknown for partial
results stored before version 2), so that a digest finished over several runs can say
what it cost in all.

Runs in several processes share the cache. A run *claims* a partial result before it asks
for it (:meth:`Cache.claim`: a lease in the ``claims`` table, taken in one statement and
renewed by its owner while its run goes on); another run leaves a claimed part to its owner
and waits for its result, and takes the part over when the owner's lease lapses or the
owner — a process on this computer — is gone (digest/claims.py). Opening the cache
migrates it under SQLite's write lock, so that processes starting together migrate it
once."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache_io import held, new_owner, owner_gone
from .cache_partials import PartialStore
from .cache_schema import MIGRATIONS, migrate, repair_schema
from .digest_row import BadRow, parse_digest
from .paths import cache_dir

__all__ = ["MIGRATIONS", "Cache", "CacheStats", "new_owner", "owner_gone"]

#: partial results unused for this many days are dropped
PARTIAL_DAYS = 30

#: claims that lapsed this long ago are dropped when a digest is stored
STALE_CLAIM_SECONDS = 86400


@dataclass(frozen=True)
class CacheStats:
    """What the cache holds (``threadgist cache stats``)."""

    path: str
    digests: int
    partials: int
    bytes: int  # the database and its journal files
    prompt_tokens: int  # spent on the cached digests
    completion_tokens: int


#: how long a statement waits for another connection's lock (SQLite's busy timeout, s)
BUSY_TIMEOUT = 10.0
#: how long opening the cache waits, in all, for a lock SQLite would not wait for (s)
OPEN_PATIENCE = 10.0
OPEN_RETRY_PAUSE = 0.05


class Cache(PartialStore):
    """The cache. Damage never stops a run: a file that is not a database is moved aside
    and rebuilt; a lost table is made again; a row that cannot be read is dropped as a miss;
    a cache that cannot be opened (a folder in its place, no permission) is replaced by one
    in memory for this process (:attr:`unavailable`); a write that fails (a full disk) is
    skipped (:attr:`not_kept`). Each is said once in :attr:`warnings` (see
    :meth:`take_warnings`). Only a lock another process holds for long is an error."""

    def __init__(self, path: Path | None = None):
        self.path = path or cache_dir() / "cache.sqlite3"
        self.warnings: list[str] = []
        #: why the cache file could not be opened (it lives in memory for this process)
        self.unavailable: str | None = None
        #: why something could not be stored (set by the first write that failed)
        self.not_kept: str | None = None
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open_when_free()
        except sqlite3.OperationalError as e:
            if held(e):  # busy, locked: not damaged, kept as is
                raise
            self._db = self._in_memory(str(e))
        except sqlite3.DatabaseError as e:  # not a database, or a damaged one
            self._db = self._rebuild(e)
        except OSError as e:  # the folder cannot be made
            self._db = self._in_memory(e.strerror or str(e))

    def _rebuild(self, error: sqlite3.DatabaseError) -> sqlite3.Connection:
        aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
        try:
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            self.warnings.append(
                f"the result cache was damaged ({error}); it was moved to {aside.name} and rebuilt"
            )
            return self._open()
        except (OSError, sqlite3.Error) as e:
            return self._in_memory(f"it is damaged ({error}) and could not be moved aside ({e})")

    def _in_memory(self, why: str) -> sqlite3.Connection:
        self.unavailable = why
        self.warnings.append(
            f"the result cache {self.path} cannot be used ({why}); this run keeps nothing in it"
        )
        db = sqlite3.connect(":memory:", check_same_thread=False)
        migrate(db)
        return db

    def take_warnings(self) -> list[str]:
        """The warnings not taken yet (each is said once)."""
        with self._lock:
            taken, self.warnings = self.warnings, []
        return taken

    def _open_when_free(self) -> sqlite3.Connection:
        """:meth:`_open`, again for a while when another connection holds the lock (SQLite
        answers "database is locked" at once, without waiting, where waiting could
        deadlock: two openings switching to WAL or migrating at the same moment)."""
        waited = 0.0
        while True:
            try:
                return self._open()
            except sqlite3.OperationalError as e:
                if not held(e) or waited >= OPEN_PATIENCE:
                    raise
            time.sleep(OPEN_RETRY_PAUSE)
            waited += OPEN_RETRY_PAUSE

    def _open(self) -> sqlite3.Connection:
        if self.path.is_dir():  # SQLite's own words for it: "unable to open database file"
            raise sqlite3.OperationalError("it is a folder, not a file")
        db = sqlite3.connect(self.path, check_same_thread=False, timeout=BUSY_TIMEOUT)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            migrate(db)
            remade = repair_schema(db)
            db.execute("SELECT count(*) FROM digests").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        if remade:
            self.warnings.append(
                f"the result cache had lost its table(s) {', '.join(remade)}; made again, empty "
                "(the rest of the cache is kept)"
            )
        return db

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # digests
    def get_digest(self, key: str) -> dict[str, Any] | None:
        """The digest document (JSON) stored under ``key``; None when there is none, or
        when its row is damaged (then dropped, and said in :attr:`warnings`)."""
        rows = self._read("SELECT digest_json FROM digests WHERE key = ?", (key,))
        if not rows:
            return None
        try:
            return parse_digest(rows[0][0])
        except BadRow as e:
            self._drop("digests", "key = ?", (key,), _damaged_digest(str(e)))
            return None

    def put_digest(self, key: str, doc: dict[str, Any]) -> None:
        meta, usage = doc["meta"], doc["usage"]
        row = (
            key,
            meta["thread"]["hash"],
            meta["endpoint"],
            meta["base_url"],
            meta["model"],
            meta["prompt_version"],
            meta["lang"],
            meta["thread"]["title"],
            meta["created_at"],
            usage["prompt_tokens"],
            usage["completion_tokens"],
            usage["calls"],
            meta["seconds"],
            json.dumps(doc, ensure_ascii=False),
        )

        def store(db: sqlite3.Connection) -> int:
            db.execute("INSERT OR REPLACE INTO digests VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", row)
            db.execute("DELETE FROM partials WHERE created_at < ?", (time.time() - PARTIAL_DAYS * 86400,))
            db.execute("DELETE FROM claims WHERE expires < ?", (time.time() - STALE_CLAIM_SECONDS,))
            return 1

        self._write(store)

    def digests_titled(self, title: str, limit: int = 50) -> list[tuple[str, dict[str, Any]]]:
        """(key, digest document) of the digests of threads with this title, latest first
        (damaged rows dropped)."""
        rows = self._read(
            "SELECT key, digest_json FROM digests WHERE title = ? ORDER BY created_at DESC LIMIT ?",
            (title, limit),
            many=True,
        )
        found = []
        for key, text in rows:
            try:
                found.append((str(key), parse_digest(text)))
            except BadRow as e:
                self._drop("digests", "key = ?", (key,), _damaged_digest(str(e)))
        return found

    # maintenance
    def stats(self) -> CacheStats:
        digests, ptok, ctok = (
            self._read(
                "SELECT count(*), coalesce(sum(prompt_tokens),0), "
                "coalesce(sum(completion_tokens),0) FROM digests"
            )
            or [(0, 0, 0)]
        )[0]
        partials = (self._read("SELECT count(*) FROM partials") or [(0,)])[0][0]
        size = 0
        if self.unavailable is None:
            with contextlib.suppress(OSError):
                size = sum(
                    path.stat().st_size
                    for path in self.path.parent.glob(self.path.name + "*")
                    if path.is_file()
                )
        return CacheStats(str(self.path), digests, partials, size, ptok, ctok)

    def clear(self) -> int | None:
        """Delete every digest and partial result: how many digests went (None: the file
        could not be written, see :attr:`not_kept`)."""

        def empty(db: sqlite3.Connection) -> int:
            removed = int(db.execute("SELECT count(*) FROM digests").fetchone()[0])
            db.execute("DELETE FROM digests")
            db.execute("DELETE FROM partials")
            db.execute("DELETE FROM claims WHERE expires < ?", (time.time(),))
            return removed

        removed = self._write(empty)
        if removed is not None:
            with self._lock, contextlib.suppress(sqlite3.Error):  # space back; not needed
                self._db.execute("VACUUM")
        return removed


def _damaged_digest(why: str) -> str:
    return (
        f"a digest in the result cache was damaged ({why}); it was dropped and the thread is summarized again"
    )

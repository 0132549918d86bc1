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
import secrets
import socket
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .paths import cache_dir

#: partial results unused for this many days are dropped
PARTIAL_DAYS = 30

MIGRATIONS: list[str] = [
    # 1
    """
    CREATE TABLE digests (
        key TEXT PRIMARY KEY,
        thread_hash TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        base_url TEXT NOT NULL,
        model TEXT NOT NULL,
        prompt_version TEXT NOT NULL,
        lang TEXT NOT NULL,
        title TEXT NOT NULL,
        created_at REAL NOT NULL,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        calls INTEGER NOT NULL,
        seconds REAL NOT NULL,
        digest_json TEXT NOT NULL
    );
    CREATE INDEX digests_thread ON digests(thread_hash);
    CREATE TABLE partials (
        run_key TEXT NOT NULL,
        chunk_key TEXT NOT NULL,
        created_at REAL NOT NULL,
        result_json TEXT NOT NULL,
        PRIMARY KEY (run_key, chunk_key)
    );
    """,
    # 2: what each partial result cost (NULL: unknown), and cross-process claims
    """
    ALTER TABLE partials ADD COLUMN calls INTEGER;
    ALTER TABLE partials ADD COLUMN prompt_tokens INTEGER;
    ALTER TABLE partials ADD COLUMN completion_tokens INTEGER;
    CREATE TABLE claims (
        run_key TEXT NOT NULL,
        chunk_key TEXT NOT NULL,
        owner TEXT NOT NULL,
        expires REAL NOT NULL,
        PRIMARY KEY (run_key, chunk_key)
    );
    """,
]
#: claims that lapsed this long ago are dropped when a digest is stored
STALE_CLAIM_SECONDS = 86400


@dataclass(frozen=True)
class PartialCost:
    """What one partial result cost: requests (retries and repairs included) and
    tokens, as the run that made it counted them."""

    calls: int
    prompt_tokens: int
    completion_tokens: int


def new_owner() -> str:
    """A claim owner: this process (pid), this computer, and a token of its own (two
    runs in one process are two owners)."""
    return f"{os.getpid()}@{socket.gethostname()}#{secrets.token_hex(6)}"


def owner_gone(owner: str) -> bool:
    """Whether a claim's owner is a process on this computer that no longer runs (its
    claim need not lapse first). Unknown — another computer, another system — is False:
    the lease decides."""
    pid, _, rest = owner.partition("@")
    host = rest.rpartition("#")[0]
    if os.name != "posix" or host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:  # it exists, under another user
        return False
    return False


#: how long a statement waits for another connection's lock (SQLite's busy timeout, s)
BUSY_TIMEOUT = 10.0
#: how long opening the cache waits, in all, for a lock SQLite would not wait for (s)
OPEN_PATIENCE = 10.0
OPEN_RETRY_PAUSE = 0.05


class Cache:
    def __init__(self, path: Path | None = None):
        self.path = path or cache_dir() / "cache.sqlite3"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.warnings: list[str] = []
        self._lock = threading.Lock()
        try:
            self._db = self._open_when_free()
        except sqlite3.OperationalError:  # busy, locked, unreadable: not damaged, kept as is
            raise
        except sqlite3.DatabaseError as e:  # not a database, or a damaged one
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                side = Path(str(self.path) + suffix)
                if side.exists():
                    side.unlink()
            self.warnings.append(
                f"the result cache was damaged ({e}); it was moved to {aside.name} and rebuilt"
            )
            self._db = self._open()

    def _open_when_free(self) -> sqlite3.Connection:
        """:meth:`_open`, again for a while when another connection holds the lock (SQLite
        answers "database is locked" at once, without waiting, where waiting could
        deadlock: two openings switching to WAL or migrating at the same moment)."""
        waited = 0.0
        while True:
            try:
                return self._open()
            except sqlite3.OperationalError as e:
                held = "locked" in str(e) or "busy" in str(e)
                if not held or waited >= OPEN_PATIENCE:
                    raise
            time.sleep(OPEN_RETRY_PAUSE)
            waited += OPEN_RETRY_PAUSE

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, timeout=BUSY_TIMEOUT)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            _migrate(db)
            db.execute("SELECT count(*) FROM digests").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # digests
    def get_digest(self, key: str) -> dict[str, Any] | None:
        """The digest document (JSON) stored under ``key``."""
        with self._lock:
            row = self._db.execute("SELECT digest_json FROM digests WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        doc: dict[str, Any] = json.loads(row[0])
        return doc

    def put_digest(self, key: str, doc: dict[str, Any]) -> None:
        meta, usage = doc["meta"], doc["usage"]
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO digests VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
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
                ),
            )
            self._db.execute(
                "DELETE FROM partials WHERE created_at < ?", (time.time() - PARTIAL_DAYS * 86400,)
            )
            self._db.execute("DELETE FROM claims WHERE expires < ?", (time.time() - STALE_CLAIM_SECONDS,))

    def digests_titled(self, title: str, limit: int = 50) -> list[tuple[str, dict[str, Any]]]:
        """(key, digest document) of the digests of threads with this title, latest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT key, digest_json FROM digests WHERE title = ? ORDER BY created_at DESC LIMIT ?",
                (title, limit),
            ).fetchall()
        return [(str(key), json.loads(doc)) for key, doc in rows]

    # partial map results
    def get_partial(self, run_key: str, chunk_key: str) -> dict[str, Any] | None:
        """A partial result; a hit renews it (see :data:`PARTIAL_DAYS`)."""
        with self._lock:
            row = self._db.execute(
                "SELECT result_json FROM partials WHERE run_key = ? AND chunk_key = ?",
                (run_key, chunk_key),
            ).fetchone()
            if row is not None:
                with self._db:
                    self._db.execute(
                        "UPDATE partials SET created_at = ? WHERE run_key = ? AND chunk_key = ?",
                        (time.time(), run_key, chunk_key),
                    )
        if row is None:
            return None
        doc: dict[str, Any] = json.loads(row[0])
        return doc

    def has_partial(self, run_key: str, chunk_key: str) -> bool:
        """Whether a partial result is stored (for estimates: it is not renewed)."""
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM partials WHERE run_key = ? AND chunk_key = ?",
                (run_key, chunk_key),
            ).fetchone()
        return row is not None

    def put_partial(self, run_key: str, chunk_key: str, result: Any, cost: PartialCost | None = None) -> None:
        """Store a partial result with what it cost (None: not counted)."""
        spent = (cost.calls, cost.prompt_tokens, cost.completion_tokens) if cost else (None,) * 3
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO partials (run_key, chunk_key, created_at, result_json, "
                "calls, prompt_tokens, completion_tokens) VALUES (?,?,?,?,?,?,?)",
                (run_key, chunk_key, time.time(), json.dumps(result, ensure_ascii=False), *spent),
            )

    def partial_cost(self, run_key: str, chunk_key: str) -> PartialCost | None:
        """What a stored partial result cost; None when it is not stored, or was stored
        without its cost (before version 2)."""
        with self._lock:
            row = self._db.execute(
                "SELECT calls, prompt_tokens, completion_tokens FROM partials "
                "WHERE run_key = ? AND chunk_key = ?",
                (run_key, chunk_key),
            ).fetchone()
        if row is None or any(value is None for value in row):
            return None
        return PartialCost(int(row[0]), int(row[1]), int(row[2]))

    # claims on partial results, across processes (see the module's docstring)
    def claim(
        self,
        run_key: str,
        chunk_key: str,
        owner: str,
        lease: float,
        *,
        gone: Callable[[str], bool] = owner_gone,
    ) -> str | None:
        """Claim a partial result for ``owner`` for ``lease`` seconds, in one transaction:
        None when the claim is ``owner``'s now (it was free, already its, lapsed, or held
        by an owner ``gone`` says no longer runs), else the owner who holds it."""
        now = time.time()
        with self._lock, self._db:
            taken = self._db.execute(
                "INSERT INTO claims VALUES (?,?,?,?) ON CONFLICT (run_key, chunk_key) DO UPDATE "
                "SET owner = excluded.owner, expires = excluded.expires "
                "WHERE claims.owner = excluded.owner OR claims.expires <= ?",
                (run_key, chunk_key, owner, now + lease, now),
            ).rowcount
            if taken:
                return None
            row = self._db.execute(  # the write lock is held: the row is there
                "SELECT owner FROM claims WHERE run_key = ? AND chunk_key = ?",
                (run_key, chunk_key),
            ).fetchone()
            holder = str(row[0]) if row else ""
            if (
                holder
                and gone(holder)
                and self._db.execute(
                    "UPDATE claims SET owner = ?, expires = ? WHERE run_key = ? AND chunk_key = ? "
                    "AND owner = ?",
                    (owner, now + lease, run_key, chunk_key, holder),
                ).rowcount
            ):
                return None
        return holder

    def renew_claims(self, owner: str, lease: float) -> int:
        """Extend every claim of ``owner`` to ``lease`` seconds from now; how many it
        holds (fewer than it took: another run took a lapsed one over)."""
        with self._lock, self._db:
            return int(
                self._db.execute(
                    "UPDATE claims SET expires = ? WHERE owner = ?", (time.time() + lease, owner)
                ).rowcount
            )

    def release_claim(self, run_key: str, chunk_key: str, owner: str) -> None:
        with self._lock, self._db:
            self._db.execute(
                "DELETE FROM claims WHERE run_key = ? AND chunk_key = ? AND owner = ?",
                (run_key, chunk_key, owner),
            )

    def release_claims(self, owner: str) -> None:
        """Every claim of ``owner`` (a run that ends, whether it succeeded or not)."""
        with self._lock, self._db:
            self._db.execute("DELETE FROM claims WHERE owner = ?", (owner,))

    # maintenance
    def stats(self) -> dict[str, Any]:
        with self._lock:
            digests, ptok, ctok = self._db.execute(
                "SELECT count(*), coalesce(sum(prompt_tokens),0), coalesce(sum(completion_tokens),0)"
                " FROM digests"
            ).fetchone()
            partials = self._db.execute("SELECT count(*) FROM partials").fetchone()[0]
        size = sum(
            path.stat().st_size for path in self.path.parent.glob(self.path.name + "*") if path.is_file()
        )
        return {
            "path": str(self.path),
            "digests": digests,
            "partials": partials,
            "bytes": size,
            "prompt_tokens": ptok,
            "completion_tokens": ctok,
        }

    def clear(self) -> int:
        with self._lock, self._db:
            removed = self._db.execute("SELECT count(*) FROM digests").fetchone()[0]
            self._db.execute("DELETE FROM digests")
            self._db.execute("DELETE FROM partials")
            self._db.execute("DELETE FROM claims WHERE expires < ?", (time.time(),))
        with self._lock:
            self._db.execute("VACUUM")
        return int(removed)


def _migrate(db: sqlite3.Connection) -> None:
    """Apply the migrations ``db`` lacks, each with its version in one transaction under
    SQLite's write lock (BEGIN IMMEDIATE), the version read again once the lock is held:
    a process that opens the cache while another migrates it waits (the busy timeout),
    then finds the work done, instead of failing on a table that exists."""
    while db.execute("PRAGMA user_version").fetchone()[0] < len(MIGRATIONS):
        previous = db.isolation_level
        db.isolation_level = None  # the transaction is this function's own
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version < len(MIGRATIONS):
                    for statement in _statements(MIGRATIONS[version]):
                        db.execute(statement)
                    db.execute(f"PRAGMA user_version = {version + 1}")
                db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):  # already rolled back by SQLite
                    db.execute("ROLLBACK")
                raise
        finally:
            db.isolation_level = previous


def _statements(script: str) -> list[str]:
    """A migration's statements, one by one (``execute`` runs one at a time)."""
    out: list[str] = []
    current = ""
    for piece in script.split(";"):
        current += piece + ";"
        if sqlite3.complete_statement(current):
            if current.strip(" \n;"):
                out.append(current.strip())
            current = ""
    return out

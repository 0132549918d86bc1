"""The SQLite result cache (WAL): digests and the partial map results of runs, so that
a cancelled or crashed run resumes with only the missing chunks, and a thread that has
grown since is read again only where it changed.

Partial results are kept by content (``run_key``: the endpoint, model, prompts and
options; ``chunk_key``: the exact request), not by the thread's hash; each use renews
them, and those unused for :data:`PARTIAL_DAYS` days are dropped when a digest is stored."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
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
]


class Cache:
    def __init__(self, path: Path | None = None):
        self.path = path or cache_dir() / "cache.sqlite3"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.warnings: list[str] = []
        self._lock = threading.Lock()
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as e:
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

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for i, script in enumerate(MIGRATIONS[version:], start=version + 1):
                with db:
                    db.executescript(script)
                    db.execute(f"PRAGMA user_version = {i}")
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
            row = self._db.execute(
                "SELECT digest_json FROM digests WHERE key = ?", (key,)
            ).fetchone()
        if row is None:
            return None
        doc: dict[str, Any] = json.loads(row[0])
        return doc

    def put_digest(self, key: str, doc: dict[str, Any]) -> None:
        m, u = doc["meta"], doc["usage"]
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO digests VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (key, m["thread"]["hash"], m["endpoint"], m["base_url"], m["model"],
                 m["prompt_version"], m["lang"], m["thread"]["title"], m["created_at"],
                 u["prompt_tokens"], u["completion_tokens"], u["calls"], m["seconds"],
                 json.dumps(doc, ensure_ascii=False)),
            )
            self._db.execute("DELETE FROM partials WHERE created_at < ?",
                             (time.time() - PARTIAL_DAYS * 86400,))

    def digests_titled(self, title: str, limit: int = 50) -> list[tuple[str, dict[str, Any]]]:
        """(key, digest document) of the digests of threads with this title, latest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT key, digest_json FROM digests WHERE title = ? "
                "ORDER BY created_at DESC LIMIT ?", (title, limit),
            ).fetchall()
        return [(str(k), json.loads(doc)) for k, doc in rows]

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
                    self._db.execute("UPDATE partials SET created_at = ? WHERE run_key = ? "
                                     "AND chunk_key = ?", (time.time(), run_key, chunk_key))
        if row is None:
            return None
        doc: dict[str, Any] = json.loads(row[0])
        return doc

    def has_partial(self, run_key: str, chunk_key: str) -> bool:
        """Whether a partial result is stored (for estimates: it is not renewed)."""
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM partials WHERE run_key = ? AND chunk_key = ?", (run_key, chunk_key),
            ).fetchone()
        return row is not None

    def put_partial(self, run_key: str, chunk_key: str, result: Any) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO partials VALUES (?,?,?,?)",
                (run_key, chunk_key, time.time(), json.dumps(result, ensure_ascii=False)),
            )

    # maintenance
    def stats(self) -> dict[str, Any]:
        with self._lock:
            digests, ptok, ctok = self._db.execute(
                "SELECT count(*), coalesce(sum(prompt_tokens),0), coalesce(sum(completion_tokens),0)"
                " FROM digests").fetchone()
            partials = self._db.execute("SELECT count(*) FROM partials").fetchone()[0]
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*")
                   if p.is_file())
        return {"path": str(self.path), "digests": digests, "partials": partials,
                "bytes": size, "prompt_tokens": ptok, "completion_tokens": ctok}

    def clear(self) -> int:
        with self._lock, self._db:
            n = self._db.execute("SELECT count(*) FROM digests").fetchone()[0]
            self._db.execute("DELETE FROM digests")
            self._db.execute("DELETE FROM partials")
        with self._lock:
            self._db.execute("VACUUM")
        return int(n)

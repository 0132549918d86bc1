"""The result cache's reads and writes, whatever the state of its file: a query that
cannot be read gives no rows, a write that cannot be stored (a full disk, an I/O error, a
read-only file) is skipped; each is said once in ``warnings`` (store/cache.py), and the run
goes on. Claims on partial results (digest/claims.py) are written through it too."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


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


class CacheIO:
    """The guarded reads and writes of :class:`~threadgist.store.cache.Cache`, and its claims."""

    path: Path
    warnings: list[str]
    not_kept: str | None
    unavailable: str | None
    _lock: threading.Lock
    _db: sqlite3.Connection

    def _read(self, sql: str, args: tuple[object, ...] = (), *, many: bool = False) -> list[Any]:
        """The rows of a query; none when the file cannot be read (said once)."""
        with self._lock:
            try:
                cursor = self._db.execute(sql, args)
                return cursor.fetchall() if many else [row] if (row := cursor.fetchone()) else []
            except sqlite3.OperationalError as e:
                if held(e):
                    raise
                self._say_once(f"the result cache {self.path} cannot be read ({e}); it is left out")
            except sqlite3.DatabaseError as e:
                self._say_once(f"the result cache {self.path} cannot be read ({e}); it is left out")
        return []

    def _write(self, work: Callable[[sqlite3.Connection], int]) -> int | None:
        """``work`` in one transaction; None when it could not be stored (a full disk, an
        I/O error, a read-only file: said once, and the run goes on)."""
        with self._lock:
            if self.unavailable is not None and self.not_kept is None:
                self.not_kept = self.unavailable  # kept in memory only (said when opened)
            try:
                with self._db:
                    return work(self._db)
            except sqlite3.Error as e:
                self._write_failed(e)
                return None

    def _write_failed(self, error: sqlite3.Error) -> None:
        """Said once (the lock is held)."""
        if self.not_kept is None:
            self.not_kept = str(error)
            self.warnings.append(
                f"the result cache {self.path} cannot be written ({error}): what this run makes "
                "is not kept in it"
            )

    def _say_once(self, warning: str) -> None:
        if warning not in self.warnings:
            self.warnings.append(warning)

    def _drop(self, table: str, where: str, args: tuple[object, ...], why: str) -> None:
        """A row that cannot be read: deleted (a cache miss from now on), and said."""
        with self._lock:
            self.warnings.append(why)
            with contextlib.suppress(sqlite3.Error), self._db:
                self._db.execute(f"DELETE FROM {table} WHERE {where}", args)

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
        try:
            return self._claim(run_key, chunk_key, owner, lease, gone)
        except sqlite3.Error as e:  # a full disk: the claim is this run's, unshared
            if isinstance(e, sqlite3.OperationalError) and held(e):
                raise
            with self._lock:
                self._write_failed(e)
            return None

    def _claim(
        self, run_key: str, chunk_key: str, owner: str, lease: float, gone: Callable[[str], bool]
    ) -> str | None:
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
        holding = self._write(
            lambda db: (
                db.execute(
                    "UPDATE claims SET expires = ? WHERE owner = ?", (time.time() + lease, owner)
                ).rowcount
            )
        )
        return holding or 0

    def release_claim(self, run_key: str, chunk_key: str, owner: str) -> None:
        self._write(
            lambda db: (
                db.execute(
                    "DELETE FROM claims WHERE run_key = ? AND chunk_key = ? AND owner = ?",
                    (run_key, chunk_key, owner),
                ).rowcount
            )
        )

    def release_claims(self, owner: str) -> None:
        """Every claim of ``owner`` (a run that ends, whether it succeeded or not)."""
        self._write(lambda db: db.execute("DELETE FROM claims WHERE owner = ?", (owner,)).rowcount)


def held(error: sqlite3.OperationalError) -> bool:
    """Whether an error is another connection's lock (wait, or say so: not damage)."""
    return "locked" in str(error) or "busy" in str(error)

"""The SQLite cache: migrations, WAL, a damaged file moved aside."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from threadgist.store.cache import MIGRATIONS, Cache


def test_cache_migrations_wal_and_corruption(home: Path) -> None:
    c = Cache()
    assert c.stats().digests == 0
    mode = c._db.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal" and c._db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    c.put_partial("run", "chunk", {"summary": "x"})
    assert c.get_partial("run", "chunk") == {"summary": "x"}
    c.close()
    c.path.write_bytes(b"this is not a database" * 100)
    for side in c.path.parent.glob(c.path.name + "-*"):
        side.unlink()
    c2 = Cache()
    assert c2.warnings and "moved to" in c2.warnings[0]
    assert list(c2.path.parent.glob("cache.sqlite3.corrupt-*"))
    assert c2.get_partial("run", "chunk") is None
    assert c2.clear() == 0


def test_sqlite_file_is_really_sqlite(home: Path) -> None:
    c = Cache()
    c.close()
    with sqlite3.connect(c.path) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"digests", "partials"} <= tables


def test_a_locked_cache_is_waited_for_never_moved_aside(tmp_path: Path, monkeypatch: Any) -> None:
    """A cache another connection holds (another Threadgist run switching it to WAL or
    migrating it) is not a damaged one: opening waits for it, and when the lock outlasts
    the wait, says so and leaves the file as it is (it was moved aside as "damaged",
    and the other connection's next statement failed with a disk I/O error)."""
    import threading
    import time

    from threadgist.store import cache as cache_module

    path = tmp_path / "cache.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE kept (x)")
    holder.execute("INSERT INTO kept VALUES (1)")
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(cache_module, "BUSY_TIMEOUT", 0.05)
    monkeypatch.setattr(cache_module, "OPEN_PATIENCE", 0.3)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        Cache(path)
    assert [p.name for p in tmp_path.iterdir() if "corrupt" in p.name] == []
    # held a little longer than one busy timeout: opened once it is free
    monkeypatch.setattr(cache_module, "OPEN_PATIENCE", 5.0)
    threading.Timer(0.4, lambda: holder.execute("COMMIT")).start()
    started = time.monotonic()
    opened = Cache(path)
    assert time.monotonic() - started >= 0.3 and opened.warnings == []
    assert holder.execute("SELECT x FROM kept").fetchall() == [(1,)]
    opened.close()
    holder.close()


def test_services_open_one_cache_whichever_threads_ask(home: Path) -> None:
    """The window asks for the cache from two threads at once (the cached digest and the
    estimate): one Cache, not two connections racing to migrate the file."""
    import threading

    from threadgist.services import Services

    services = Services()
    start = threading.Barrier(8)
    got: list[Cache] = []

    def ask() -> None:
        start.wait()
        got.append(services.cache)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == 8 and len({id(cache) for cache in got}) == 1
    services.close()

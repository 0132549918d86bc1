"""The SQLite cache: migrations, WAL, a damaged file moved aside."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from threadgist.store.cache import MIGRATIONS, Cache


def test_cache_migrations_wal_and_corruption(home: Path) -> None:
    c = Cache()
    assert c.stats()["digests"] == 0
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

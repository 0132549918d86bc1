"""The result cache's tables: the migrations that make them, and the repair of a cache
that lost one (a table dropped by hand or by a tool): it is made again, empty, and the
other tables keep what they hold."""

from __future__ import annotations

import contextlib
import sqlite3

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
#: every table of the current schema and its columns
TABLES: dict[str, set[str]] = {
    "digests": {
        "key",
        "thread_hash",
        "endpoint",
        "base_url",
        "model",
        "prompt_version",
        "lang",
        "title",
        "created_at",
        "prompt_tokens",
        "completion_tokens",
        "calls",
        "seconds",
        "digest_json",
    },
    "partials": {
        "run_key",
        "chunk_key",
        "created_at",
        "result_json",
        "calls",
        "prompt_tokens",
        "completion_tokens",
    },
    "claims": {"run_key", "chunk_key", "owner", "expires"},
}


class SchemaDamage(sqlite3.DatabaseError):
    """A table of the cache has lost columns: the file is treated as damaged."""


def repair_schema(db: sqlite3.Connection) -> list[str]:
    """Make again, empty, the tables the cache has lost; the names of those made. A table
    that has lost columns is :class:`SchemaDamage`."""
    found = {str(row[0]) for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    remade = []
    for table, columns in TABLES.items():
        if table not in found:
            with db:
                for statement in _creation(table):
                    db.execute(statement)
            remade.append(table)
            continue
        have = {str(row[1]) for row in db.execute(f"PRAGMA table_info({table})")}
        if not columns <= have:
            raise SchemaDamage(f"the table {table} lacks {', '.join(sorted(columns - have))}")
    return remade


def _creation(table: str) -> list[str]:
    """The statements that make ``table`` as the migrations leave it: its CREATE TABLE and
    CREATE INDEX, and the columns later migrations add."""
    out = []
    for script in MIGRATIONS:
        for statement in _statements(script):
            words = statement.split()
            made = words[:2] == ["CREATE", "TABLE"] and words[2] == table
            indexed = words[:2] == ["CREATE", "INDEX"] and words[4].startswith(f"{table}(")
            if made or indexed or words[:3] == ["ALTER", "TABLE", table]:
                out.append(statement)
    return out


def migrate(db: sqlite3.Connection) -> None:
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

"""The partial map results in the cache: each kept by content (``run_key``: the
endpoint, model, prompts and options; ``chunk_key``: the exact request) with what it cost,
renewed by each use (the cache drops those unused for a while: store/cache.py)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from .cache_io import CacheIO
from .digest_row import BadRow, parse_object


@dataclass(frozen=True)
class PartialCost:
    """What one partial result cost: requests (retries and repairs included) and
    tokens, as the run that made it counted them."""

    calls: int
    prompt_tokens: int
    completion_tokens: int


class PartialStore(CacheIO):
    """The partial results' table (see the module's docstring)."""

    def get_partial(self, run_key: str, chunk_key: str) -> dict[str, Any] | None:
        """A partial result; a hit renews it (see :data:`~.cache.PARTIAL_DAYS`). A damaged row is
        dropped (a miss) and said."""
        where = (run_key, chunk_key)
        rows = self._read("SELECT result_json FROM partials WHERE run_key = ? AND chunk_key = ?", where)
        if not rows:
            return None
        try:
            doc = parse_object(rows[0][0])
        except BadRow as e:
            self._drop(
                "partials",
                "run_key = ? AND chunk_key = ?",
                where,
                f"a part of a run kept in the result cache was damaged ({e}); it was dropped and "
                "is asked for again",
            )
            return None
        self._write(
            lambda db: (
                db.execute(
                    "UPDATE partials SET created_at = ? WHERE run_key = ? AND chunk_key = ?",
                    (time.time(), *where),
                ).rowcount
            )
        )
        return doc

    def has_partials(self, run_key: str) -> bool:
        """Whether any partial result of the scope ``run_key`` is stored."""
        return bool(self._read("SELECT 1 FROM partials WHERE run_key = ? LIMIT 1", (run_key,)))

    def has_partial(self, run_key: str, chunk_key: str) -> bool:
        """Whether a partial result is stored (for estimates: it is not renewed)."""
        return bool(
            self._read("SELECT 1 FROM partials WHERE run_key = ? AND chunk_key = ?", (run_key, chunk_key))
        )

    def put_partial(self, run_key: str, chunk_key: str, result: Any, cost: PartialCost | None = None) -> None:
        """Store a partial result with what it cost (None: not counted)."""
        spent = (cost.calls, cost.prompt_tokens, cost.completion_tokens) if cost else (None,) * 3
        row = (run_key, chunk_key, time.time(), json.dumps(result, ensure_ascii=False), *spent)
        self._write(
            lambda db: (
                db.execute(
                    "INSERT OR REPLACE INTO partials (run_key, chunk_key, created_at, result_json, "
                    "calls, prompt_tokens, completion_tokens) VALUES (?,?,?,?,?,?,?)",
                    row,
                ).rowcount
            )
        )

    def partial_cost(self, run_key: str, chunk_key: str) -> PartialCost | None:
        """What a stored partial result cost; None when it is not stored, or was stored
        without its cost (before version 2), or with costs that are not numbers."""
        rows = self._read(
            "SELECT calls, prompt_tokens, completion_tokens FROM partials "
            "WHERE run_key = ? AND chunk_key = ?",
            (run_key, chunk_key),
        )
        if not rows or not all(isinstance(value, int) for value in rows[0]):
            return None
        row = rows[0]
        return PartialCost(int(row[0]), int(row[1]), int(row[2]))

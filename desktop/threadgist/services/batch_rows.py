"""A batch's rows, typed: a thread's state in a batch (:class:`BatchStatus`, which the
app's table shares) and its row of the index (:class:`IndexRow`), made from a finished
item by :func:`index_row`.

The JSON of a row is the index's file format: its keys, their order and their values are
those of every index written so far, and :meth:`IndexRow.from_json` reads them back
(``tests/test_batch_index.py`` compares the bytes and reads old files).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ..llm.naming import shown_model
from ..textsafe import clean_value, json_escaped
from .batch_cells import DigestCells, JsonValue, ThreadCells
from .batch_items import Item, Unreadable

if TYPE_CHECKING:
    from ..digest.model import Digest
    from ..llm.profiles import EndpointProfile

CSV_COLUMNS = (
    "seq",
    "status",
    "reason",
    "site",
    "board",
    "title",
    "source",
    "time",
    "comments",
    "users",
    "push",
    "boo",
    "arrow",
    "on_topic",
    "off_topic",
    "unassigned",
    "viewpoints",
    "digressions",
    "endpoint",
    "model",
    "calls",
    "prompt_tokens",
    "completion_tokens",
    "reliability",
    "json",
    "markdown",
    "input",
    "article",
)


class BatchStatus(StrEnum):
    """A thread's state in a batch, in the order the app's table sorts them. An index
    holds ``ok``, ``cached`` and ``failed`` (and ``waiting`` for a thread not summarized
    yet, in a table the app exports); ``running`` is the app's table's only, while the
    thread's calls are made."""

    WAITING = "waiting"
    RUNNING = "running"
    CACHED = "cached"
    OK = "ok"
    FAILED = "failed"


@dataclass(frozen=True)
class IndexRow:
    """One thread's row of the index: ``thread`` is None for an input that could not be
    read, ``digest`` None for a thread without a digest (failed, or waiting)."""

    seq: int  # 1-based position in the batch
    status: BatchStatus
    reason: str  # why it failed, in English ("" when it did not)
    input: str  # the input as the user gave it
    thread: ThreadCells | None = None
    endpoint: str | None = None
    model: str | None = None
    digest: DigestCells | None = None

    def to_json(self) -> dict[str, JsonValue]:
        """The row as ``index.jsonl`` holds it (the keys in the file's order)."""
        row: dict[str, JsonValue] = {
            "seq": self.seq,
            "status": self.status.value,
            "reason": self.reason,
            "input": self.input,
        }
        thread, found = self.thread, self.digest
        if thread is None:
            return row | {"article": None}
        row |= {
            "article": thread.article,
            "site": thread.site,
            "board": thread.board,
            "title": thread.title,
            "source": thread.source,
            "time": thread.time,
            "comments": thread.comments,
            "users": thread.users,
            "push": thread.push,
            "boo": thread.boo,
            "arrow": thread.arrow,
            "json": found.json_file if found else None,
            "markdown": found.markdown_file if found else None,
            "endpoint": self.endpoint,
            "model": self.model,
        }
        if found is None:
            return row
        return row | {
            "on_topic": found.on_topic,
            "off_topic": found.off_topic,
            "unassigned": found.unassigned,
            "viewpoints": [group.to_json() for group in found.viewpoints],
            "digressions": [group.to_json() for group in found.digressions],
            "calls": found.calls,
            "prompt_tokens": found.prompt_tokens,
            "completion_tokens": found.completion_tokens,
            "reliability": found.reliability,
        }

    @classmethod
    def from_json(cls, row: Mapping[str, Any]) -> IndexRow:
        """A row as ``index.jsonl`` holds it (an index written by any version so far);
        KeyError, TypeError or ValueError for anything else."""
        thread = ThreadCells.from_json(row) if row["article"] is not None else None
        found = DigestCells.from_json(row) if thread is not None and "calls" in row else None
        endpoint, model = (row["endpoint"], row["model"]) if thread is not None else (None, None)
        status = BatchStatus(row["status"])
        return cls(row["seq"], status, row["reason"], row["input"], thread, endpoint, model, found)

    def csv_cells(self) -> list[str]:
        """The row as ``index.csv`` holds it, in :data:`CSV_COLUMNS`' order."""
        row = self.to_json()

        def cell(key: str) -> str:
            value = row.get(key)
            if value is None:
                return ""
            if key in ("viewpoints", "digressions") and isinstance(value, list):
                groups = (group for group in value if isinstance(group, dict))
                return "; ".join(f"{group['title']} ({group['comments']})" for group in groups)
            if isinstance(value, float):
                return f"{value:.4f}"
            return str(value)

        return [clean_value(cell(column)) for column in CSV_COLUMNS]

    def json_line(self) -> str:
        """One line of ``index.jsonl`` (control characters escaped: data, not a terminal's)."""
        return json_escaped(json.dumps(self.to_json(), ensure_ascii=False)) + "\n"


def index_row(
    item: Item | Unreadable,
    digest: Digest | None,
    status: BatchStatus,
    reason: str,
    profile: EndpointProfile | None,
) -> IndexRow:
    """One thread's row: what it is (counted from the thread, as `parse --json` counts),
    what the digest found (the endpoint and model that made it), and what it cost."""
    if isinstance(item, Unreadable):
        return IndexRow(item.seq, status, reason, item.source.input)
    cells = ThreadCells.of(item.thread, item.article, item.origin)
    if digest is None:
        endpoint, model = (profile.name, shown_model(profile.model_label)) if profile else (None, None)
        return IndexRow(item.seq, status, reason, item.source.input, cells, endpoint, model)
    found = DigestCells.of(digest, item.stem)
    model = shown_model(digest.meta.model)
    return IndexRow(item.seq, status, reason, item.source.input, cells, digest.meta.endpoint, model, found)

"""The batch's index: one typed row per thread (:class:`IndexRow`), written as
``index.jsonl`` and ``index.csv`` (:class:`IndexWriter`, :func:`write_index`), and the
thread's status in a batch (:class:`BatchStatus`), which the app's table shares.

The JSON of a row is the index's file format: its keys, their order and their values are
those of every index written so far (``tests/test_batch_index.py`` compares the bytes).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..fsutil import atomic_open
from ..textsafe import clean_value, json_escaped

if TYPE_CHECKING:
    from ..digest.model import Digest, GroupStats
    from ..thread.model import Thread

INDEX_JSONL = "index.jsonl"
INDEX_CSV = "index.csv"
#: viewpoints and digressions listed per thread in the index, the largest first
TOP_GROUPS = 3

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


#: JSON values as the index holds them
JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


@dataclass(frozen=True)
class GroupCell:
    """A viewpoint or digression as the index lists it."""

    title: str
    comments: int
    users: int
    share: float

    @classmethod
    def top(cls, groups: Iterable[tuple[str, GroupStats | None]]) -> tuple[GroupCell, ...]:
        """The :data:`TOP_GROUPS` largest, by their comment lines."""
        ranked = sorted(groups, key=lambda group: -(group[1].comments if group[1] else 0))
        return tuple(
            cls(title, stats.comments, stats.users, round(stats.share, 4)) if stats else cls(title, 0, 0, 0.0)
            for title, stats in ranked[:TOP_GROUPS]
        )

    def to_json(self) -> dict[str, JsonValue]:
        return {"title": self.title, "comments": self.comments, "users": self.users, "share": self.share}


@dataclass(frozen=True)
class ThreadCells:
    """What the thread is, counted from it as ``parse --json`` counts."""

    article: int  # 1-based position in its file
    site: str
    board: str | None
    title: str
    source: str  # its address, else file#article
    time: str | None  # when it was posted, ISO 8601
    comments: int
    users: int
    push: int
    boo: int
    arrow: int

    @classmethod
    def of(cls, thread: Thread, article: int, source: str) -> ThreadCells:
        stats = thread.stats
        posted = thread.posted_at.isoformat() if thread.posted_at else None
        return cls(
            article,
            thread.site,
            thread.board,
            thread.title,
            source,
            posted,
            stats.comments,
            stats.users,
            stats.push,
            stats.boo,
            stats.arrow,
        )


@dataclass(frozen=True)
class DigestCells:
    """What the digest found and what it cost."""

    json_file: str  # <stem>.json
    markdown_file: str  # <stem>.md
    on_topic: float | None
    off_topic: float | None
    unassigned: float | None
    viewpoints: tuple[GroupCell, ...]
    digressions: tuple[GroupCell, ...]
    calls: int
    prompt_tokens: int
    completion_tokens: int
    reliability: str

    @classmethod
    def of(cls, digest: Digest, stem: str) -> DigestCells:
        return cls(
            f"{stem}.json",
            f"{stem}.md",
            digest.shares.get("on_topic"),
            digest.shares.get("off_topic"),
            digest.shares.get("unassigned"),
            GroupCell.top((viewpoint.title, viewpoint.stats) for viewpoint in digest.viewpoints),
            GroupCell.top((digression.title, digression.stats) for digression in digest.off_topic),
            digest.usage.calls,
            digest.usage.prompt_tokens,
            digest.usage.completion_tokens,
            digest.reliability.level,
        )

    def share(self, key: str) -> float | None:
        """``on_topic``, ``off_topic`` or ``unassigned`` (None for any other key)."""
        return {"on_topic": self.on_topic, "off_topic": self.off_topic, "unassigned": self.unassigned}.get(
            key
        )


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

    def csv_cells(self) -> list[str]:
        """The row as ``index.csv`` holds it, in :data:`CSV_COLUMNS`' order."""
        return csv_cells(self.to_json())

    def json_line(self) -> str:
        """One line of ``index.jsonl`` (control characters escaped: data, not a terminal's)."""
        return json_escaped(json.dumps(self.to_json(), ensure_ascii=False)) + "\n"


def csv_cells(row: Mapping[str, object]) -> list[str]:
    """A row's JSON (as :meth:`IndexRow.to_json` makes it, or as read back from
    ``index.jsonl``) as the cells of ``index.csv``."""

    def cell(key: str) -> str:
        value = row.get(key)
        if value is None:
            return ""
        if key in ("viewpoints", "digressions") and isinstance(value, list):
            return "; ".join(f"{group['title']} ({group['comments']})" for group in value)
        if isinstance(value, float):
            return f"{value:.4f}"
        return str(value)

    return [clean_value(cell(column)) for column in CSV_COLUMNS]


def write_index(path: Path, rows: Iterable[IndexRow]) -> None:
    """Rows as the batch's index: JSON lines when ``path`` ends in ``.jsonl`` (or
    ``.json``), else CSV (UTF-8 with a BOM, the columns of ``index.csv``); the file is
    complete or not there at all."""
    if path.suffix.lower() in (".jsonl", ".json"):
        with atomic_open(path, "w", encoding="utf-8", newline="\n") as index_file:
            for row in rows:
                index_file.write(row.json_line())
        return
    with atomic_open(path, "w", encoding="utf-8-sig", newline="") as index_file:
        writer = csv.writer(index_file)
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            writer.writerow(row.csv_cells())


class IndexWriter:
    """The batch's index as it runs and when it ends. While it runs, a row is appended
    and flushed to ``index.jsonl.part`` and ``index.csv.part`` as each thread finishes
    (what a killed run had done can be read there); :meth:`finish` writes ``index.jsonl``
    and ``index.csv`` (UTF-8 with a BOM, which spreadsheets need to read Chinese) in
    input order, each complete or not replaced at all, and removes the parts. So a run
    that is killed, or fails to write, leaves the last complete index as it was."""

    PART = ".part"

    def __init__(self, out: Path):
        self.out = out
        self.jsonl_part = out / (INDEX_JSONL + self.PART)
        self.csv_part = out / (INDEX_CSV + self.PART)
        self.jsonl = open(self.jsonl_part, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        self.csv_file = open(self.csv_part, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
        self.csv = csv.writer(self.csv_file)
        self.csv.writerow(CSV_COLUMNS)
        self.csv_file.flush()
        self.rows = 0

    def add(self, row: IndexRow) -> None:
        self.jsonl.write(row.json_line())
        self.jsonl.flush()
        self.csv.writerow(row.csv_cells())
        self.csv_file.flush()
        self.rows += 1

    def close(self) -> None:
        """Stop writing the parts (they stay: what this run had done)."""
        self.jsonl.close()
        self.csv_file.close()

    def finish(self) -> None:
        """The index in input order (holding only each row's position and offset)."""
        self.close()
        order: list[tuple[int, int, int]] = []  # (seq, offset, length)
        with open(self.jsonl_part, "rb") as source_file:
            offset = 0
            for line in source_file:
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    order.append((int(json.loads(line)["seq"]), offset, len(line)))
                offset += len(line)
        order.sort()
        with (
            open(self.jsonl_part, "rb") as source_file,
            atomic_open(self.out / INDEX_JSONL, "wb") as jsonl_out,
            atomic_open(self.out / INDEX_CSV, "w", encoding="utf-8-sig", newline="") as csv_out,
        ):
            writer = csv.writer(csv_out)
            writer.writerow(CSV_COLUMNS)
            for _, offset, length in order:
                source_file.seek(offset)
                line = source_file.read(length)
                jsonl_out.write(line)
                writer.writerow(csv_cells(json.loads(line)))
        self.jsonl_part.unlink(missing_ok=True)
        self.csv_part.unlink(missing_ok=True)


def read_index(out: Path) -> list[dict[str, Any]]:
    """The rows of ``index.jsonl`` as JSON (tests and tools: a file boundary)."""
    with open(out / INDEX_JSONL, encoding="utf-8") as index_file:
        return [json.loads(line) for line in index_file if line.strip()]


def read_index_csv(out: Path) -> list[dict[str, str]]:
    with open(out / INDEX_CSV, encoding="utf-8-sig", newline="") as index_file:
        return list(csv.DictReader(io.StringIO(index_file.read())))

"""The batch's index on disk: ``index.jsonl`` and ``index.csv``, written row by row while
a batch runs and in input order when it ends (:class:`IndexWriter`), or at once for the
app's export (:func:`write_index`), and read back (:func:`read_index`). The rows are
:class:`~.batch_rows.IndexRow`; their JSON is the file format (see :mod:`.batch_rows`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..fsutil import atomic_open
from .batch_rows import CSV_COLUMNS, IndexRow

INDEX_JSONL = "index.jsonl"
INDEX_CSV = "index.csv"


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
                writer.writerow(IndexRow.from_json(json.loads(line)).csv_cells())
        self.jsonl_part.unlink(missing_ok=True)
        self.csv_part.unlink(missing_ok=True)


def read_index(out: Path) -> list[dict[str, Any]]:
    """The rows of ``index.jsonl`` as JSON (tests and tools: a file boundary)."""
    with open(out / INDEX_JSONL, encoding="utf-8") as index_file:
        return [json.loads(line) for line in index_file if line.strip()]


def read_index_csv(out: Path) -> list[dict[str, str]]:
    with open(out / INDEX_CSV, encoding="utf-8-sig", newline="") as index_file:
        return list(csv.DictReader(io.StringIO(index_file.read())))


def load_index(out: Path) -> list[IndexRow]:
    """The rows of ``index.jsonl``, typed (an index written by any version so far)."""
    return [IndexRow.from_json(row) for row in read_index(out)]

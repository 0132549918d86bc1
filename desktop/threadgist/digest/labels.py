"""Hand-labelled threads: every comment line's group, for scoring digests.

A labelled set is a folder with ``threads/`` (the thread files) and ``labels/`` (one
``<thread file>.labels.json`` each; the format and the rules are in the repository's
benchmarks/quality/LABELLING.md). Loading checks the labels against the parser, so a
parser change that moves floors cannot silently corrupt the scores.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..thread import Thread, ThreadFileError, load_path

VIEWPOINT = "viewpoint"
DIGRESSION = "digression"


class LabelError(ValueError):
    """A labels file that does not match its thread or the format."""


@dataclass(frozen=True)
class LabelQuote:
    floor: int
    text: str


@dataclass(frozen=True)
class LabelGroup:
    id: str
    kind: str  # VIEWPOINT | DIGRESSION
    title: str
    text: str  # the statement or the description
    quotes: tuple[LabelQuote, ...] = ()


@dataclass(frozen=True)
class LabelledThread:
    name: str
    thread: Thread
    lang: str
    source: str
    topic: str
    summary: str
    groups: tuple[LabelGroup, ...]
    lines: dict[int, str | None]  # floor → group id

    def group(self, gid: str) -> LabelGroup:
        return next(group for group in self.groups if group.id == gid)

    def kind_of(self, floor: int) -> str | None:
        gid = self.lines.get(floor)
        return self.group(gid).kind if gid else None


def load_labelled(labels_file: Path, threads_dir: Path) -> LabelledThread:
    try:
        doc = json.loads(labels_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise LabelError(f"{labels_file.name}: {e}") from None
    if not isinstance(doc, dict):
        raise LabelError(f"{labels_file.name}: not a JSON object")
    name = _str(doc, "thread", labels_file)
    try:
        loaded = load_path(str(threads_dir / name))
    except (OSError, ValueError, ThreadFileError) as e:
        raise LabelError(f"{labels_file.name}: {e}") from None
    article = doc.get("article", 1)
    if not isinstance(article, int) or not 1 <= article <= len(loaded.threads):
        raise LabelError(f"{labels_file.name}: no article {article!r} in {name}")
    thread = loaded.threads[article - 1]
    groups = tuple(_group(entry, labels_file) for entry in _list(doc, "groups", labels_file))
    ids = {group.id for group in groups}
    if len(ids) != len(groups):
        raise LabelError(f"{labels_file.name}: two groups have the same id")
    lines: dict[int, str | None] = {}
    for line in _list(doc, "lines", labels_file):
        floor, gid, text = line.get("floor"), line.get("group"), line.get("text")
        comment = thread.comment(floor) if isinstance(floor, int) else None
        if comment is None or not isinstance(floor, int):
            raise LabelError(f"{labels_file.name}: floor {floor!r} is not in the thread")
        if text != comment.text:
            raise LabelError(f"{labels_file.name}: floor {floor}'s text differs from the parser's")
        if gid is not None and gid not in ids:
            raise LabelError(f"{labels_file.name}: floor {floor} names no group {gid!r}")
        if floor in lines:
            raise LabelError(f"{labels_file.name}: floor {floor} is labelled twice")
        lines[floor] = gid
    missing = [comment.floor for comment in thread.comments if comment.floor not in lines]
    if missing:
        raise LabelError(f"{labels_file.name}: {len(missing)} comment(s) have no label, first #{missing[0]}")
    for group in groups:
        for quote in group.quotes:
            comment = thread.comment(quote.floor)
            if comment is None or quote.text not in comment.text or lines.get(quote.floor) != group.id:
                raise LabelError(
                    f"{labels_file.name}: quote at #{quote.floor} of {group.id} is not a "
                    "verbatim excerpt of a comment of that group"
                )
    return LabelledThread(
        name=name,
        thread=thread,
        lang=_str(doc, "lang", labels_file),
        source=str(doc.get("source", "")),
        topic=str(doc.get("topic", "")),
        summary=_str(doc, "summary", labels_file),
        groups=groups,
        lines=lines,
    )


def load_set(folder: Path, only: list[str] | None = None) -> list[LabelledThread]:
    """Every labelled thread of the set (sorted by name), or those whose name contains
    one of ``only``."""
    files = sorted((folder / "labels").glob("*.labels.json"))
    if not files:
        raise LabelError(f"no labelled threads in {folder / 'labels'}")
    out = [
        load_labelled(path, folder / "threads")
        for path in files
        if not only or any(wanted in path.name for wanted in only)
    ]
    if not out:
        raise LabelError(f"no labelled thread matches {', '.join(only or [])}")
    return out


def _group(entry: Any, where: Path) -> LabelGroup:
    if not isinstance(entry, dict):
        raise LabelError(f"{where.name}: a group is not an object")
    kind = entry.get("kind")
    if kind not in (VIEWPOINT, DIGRESSION):
        raise LabelError(f"{where.name}: group {entry.get('id')!r} has kind {kind!r}")
    quotes = tuple(
        LabelQuote(int(quote["floor"]), str(quote["text"]))
        for quote in entry.get("quotes", [])
        if isinstance(quote, dict) and isinstance(quote.get("floor"), int)
    )
    return LabelGroup(
        _str(entry, "id", where),
        kind,
        _str(entry, "title", where),
        str(entry.get("statement") or entry.get("description") or ""),
        quotes,
    )


def _str(doc: dict[str, Any], key: str, where: Path) -> str:
    value = doc.get(key)
    if not isinstance(value, str) or not value:
        raise LabelError(f"{where.name}: {key!r} must be a non-empty string")
    return value


def _list(doc: dict[str, Any], key: str, where: Path) -> list[dict[str, Any]]:
    value = doc.get(key)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise LabelError(f"{where.name}: {key!r} must be a list of objects")
    return value

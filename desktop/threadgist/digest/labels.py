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
        return next(g for g in self.groups if g.id == gid)

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
    groups = tuple(_group(g, labels_file) for g in _list(doc, "groups", labels_file))
    ids = {g.id for g in groups}
    if len(ids) != len(groups):
        raise LabelError(f"{labels_file.name}: two groups have the same id")
    lines: dict[int, str | None] = {}
    for ln in _list(doc, "lines", labels_file):
        floor, gid, text = ln.get("floor"), ln.get("group"), ln.get("text")
        c = thread.comment(floor) if isinstance(floor, int) else None
        if c is None or not isinstance(floor, int):
            raise LabelError(f"{labels_file.name}: floor {floor!r} is not in the thread")
        if text != c.text:
            raise LabelError(f"{labels_file.name}: floor {floor}'s text differs from the parser's")
        if gid is not None and gid not in ids:
            raise LabelError(f"{labels_file.name}: floor {floor} names no group {gid!r}")
        if floor in lines:
            raise LabelError(f"{labels_file.name}: floor {floor} is labelled twice")
        lines[floor] = gid
    missing = [c.floor for c in thread.comments if c.floor not in lines]
    if missing:
        raise LabelError(f"{labels_file.name}: {len(missing)} comment(s) have no label, first #{missing[0]}")
    for g in groups:
        for q in g.quotes:
            c = thread.comment(q.floor)
            if c is None or q.text not in c.text or lines.get(q.floor) != g.id:
                raise LabelError(
                    f"{labels_file.name}: quote at #{q.floor} of {g.id} is not a "
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
    out = [load_labelled(f, folder / "threads") for f in files if not only or any(o in f.name for o in only)]
    if not out:
        raise LabelError(f"no labelled thread matches {', '.join(only or [])}")
    return out


def _group(g: Any, where: Path) -> LabelGroup:
    if not isinstance(g, dict):
        raise LabelError(f"{where.name}: a group is not an object")
    kind = g.get("kind")
    if kind not in (VIEWPOINT, DIGRESSION):
        raise LabelError(f"{where.name}: group {g.get('id')!r} has kind {kind!r}")
    quotes = tuple(
        LabelQuote(int(q["floor"]), str(q["text"]))
        for q in g.get("quotes", [])
        if isinstance(q, dict) and isinstance(q.get("floor"), int)
    )
    return LabelGroup(
        _str(g, "id", where),
        kind,
        _str(g, "title", where),
        str(g.get("statement") or g.get("description") or ""),
        quotes,
    )


def _str(doc: dict[str, Any], key: str, where: Path) -> str:
    v = doc.get(key)
    if not isinstance(v, str) or not v:
        raise LabelError(f"{where.name}: {key!r} must be a non-empty string")
    return v


def _list(doc: dict[str, Any], key: str, where: Path) -> list[dict[str, Any]]:
    v = doc.get(key)
    if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
        raise LabelError(f"{where.name}: {key!r} must be a list of objects")
    return v

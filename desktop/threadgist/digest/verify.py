"""Grounding: every cited floor must exist and every quote must appear in the comment
it cites. Invalid citations are removed and reported. Counts are computed here, from
the thread, never taken from the model."""

from __future__ import annotations

import re
from typing import Any

from ..thread.model import ARROW, BOO, PUSH, Thread, Utterance
from .model import (
    Digest,
    Digression,
    GroupStats,
    Quote,
    Removed,
    Usage,
    Verification,
    Viewpoint,
)

_WS_RE = re.compile(r"\s+")
_QUOTE_MARKS = "「」『』“”\"'‘’《》 "
MAX_QUOTES = 3


def norm(text: str) -> str:
    """Whitespace removed entirely (CJK text has none; models add or drop it)."""
    return _WS_RE.sub("", text).strip(_QUOTE_MARKS)


class Grounder:
    def __init__(self, thread: Thread):
        self.thread = thread
        self.total = len(thread.comments)
        self.utt: dict[int, Utterance] = {}
        for u in thread.utterances:
            for f in range(u.first, u.last + 1):
                self.utt[f] = u
        self._norm_comment = {c.floor: norm(c.text) for c in thread.comments}
        self._norm_utt = {u.first: norm(u.text) for u in thread.utterances}

    def exists(self, floor: Any) -> bool:
        return isinstance(floor, int) and not isinstance(floor, bool) and floor in self.utt

    def expand(self, floors: list[int]) -> list[int]:
        """Cited floors widened to whole utterances (a continued comment is one thought)."""
        out: set[int] = set()
        for f in floors:
            u = self.utt[f]
            out.update(range(u.first, u.last + 1))
        return sorted(out)

    def quote_ok(self, floor: int, text: str) -> bool:
        q = norm(text)
        if not q:
            return False
        if q in self._norm_comment.get(floor, ""):
            return True
        u = self.utt.get(floor)
        return u is not None and q in self._norm_utt.get(u.first, "")

    def stats(self, floors: list[int]) -> GroupStats:
        cs = [c for f in floors if (c := self.thread.comment(f)) is not None]
        return GroupStats(
            comments=len(cs),
            users=len({c.author for c in cs if not c.deleted}),
            push=sum(c.tag == PUSH for c in cs),
            boo=sum(c.tag == BOO for c in cs),
            arrow=sum(c.tag == ARROW for c in cs),
            share=round(len(cs) / self.total, 4) if self.total else 0.0,
        )


def build_digest(
    thread: Thread,
    raw: dict[str, Any],
    *,
    usage: Usage,
    meta: dict[str, Any],
    warnings: list[str],
) -> Digest:
    """``raw`` has the partial schema's shape (floors and quotes), merged."""
    g = Grounder(thread)
    ver = Verification()
    viewpoints: list[Viewpoint] = []
    for v in raw.get("viewpoints", []):
        title = str(v.get("title", "")).strip() or "(untitled)"
        floors = _check_floors(g, v.get("floors", []), title, ver)
        quotes: list[Quote] = []
        seen: set[tuple[int, str]] = set()
        for q in v.get("quotes", []):
            ver.checked += 1
            f, text = q.get("floor"), str(q.get("text", "")).strip()
            if not g.exists(f):
                ver.removed.append(Removed("quote", title, f if isinstance(f, int) else None,
                                           text, "the floor does not exist"))
                continue
            if not g.quote_ok(f, text):
                ver.removed.append(Removed("quote", title, f, text,
                                           f"the text is not in comment #{f}"))
                continue
            key = (f, norm(text))
            if key in seen:
                continue
            seen.add(key)
            c = thread.comment(f)
            quotes.append(Quote(f, text, c.author if c else ""))
            if f not in floors:
                floors.append(f)
        if not floors:
            ver.removed.append(Removed("viewpoint", title, None, str(v.get("statement", "")),
                                       "no valid floor supports it"))
            continue
        floors = g.expand(floors)
        vp = Viewpoint(title, str(v.get("statement", "")).strip(), floors, quotes[:MAX_QUOTES],
                       g.stats(floors))
        vp.authors = sorted({c.author for f in floors if (c := thread.comment(f))})
        viewpoints.append(vp)
    digressions: list[Digression] = []
    for o in raw.get("off_topic", []):
        title = str(o.get("title", "")).strip() or "(untitled)"
        floors = _check_floors(g, o.get("floors", []), title, ver)
        if not floors:
            ver.removed.append(Removed("off_topic", title, None, str(o.get("description", "")),
                                       "no valid floor supports it"))
            continue
        floors = g.expand(floors)
        digressions.append(
            Digression(title, str(o.get("description", "")).strip(), floors, g.stats(floors))
        )
    viewpoints.sort(key=lambda v: -len(v.floors))
    digressions.sort(key=lambda d: -len(d.floors))
    s = thread.stats
    off = {f for d in digressions for f in d.floors}
    on = {f for v in viewpoints for f in v.floors} - off
    total = s.comments or 1
    return Digest(
        summary=str(raw.get("summary", "")).strip(),
        viewpoints=viewpoints,
        off_topic=digressions,
        totals={"push": s.push, "boo": s.boo, "arrow": s.arrow, "net": s.net,
                "comments": s.comments, "users": s.users},
        shares={
            "on_topic": round(len(on) / total, 4) if s.comments else 0.0,
            "off_topic": round(len(off) / total, 4) if s.comments else 0.0,
            "unassigned": round((s.comments - len(on | off)) / total, 4) if s.comments else 0.0,
        },
        verification=ver,
        usage=usage,
        meta=meta,
        warnings=warnings,
    )


def _check_floors(g: Grounder, floors: Any, where: str, ver: Verification) -> list[int]:
    good: list[int] = []
    seen: set[int] = set()
    for f in floors if isinstance(floors, list) else []:
        ver.checked += 1
        if g.exists(f):
            if f not in seen:
                seen.add(f)
                good.append(f)
        else:
            ver.removed.append(Removed("floor", where, f if isinstance(f, int) else None, "",
                                       "the floor does not exist"))
    return good

"""Grounding: every cited floor must exist and every quote must appear in the comment
it cites. Invalid citations are removed and reported. Counts are computed here, from
the thread, never taken from the model."""

from __future__ import annotations

import re
from typing import Any

from ..messages import Text
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
from .reliability import GroupClaim, assess
from .settle import Claim, settle

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
    warnings: list[Text],
) -> Digest:
    """``raw`` has the partial schema's shape (floors and quotes), merged. Citations are
    checked, every comment line is settled into at most one group (digest/settle.py),
    and the reliability checks give their verdict."""
    g = Grounder(thread)
    ver = Verification()
    viewpoints: list[Viewpoint] = []
    vp_claims: list[Claim] = []
    for v in raw.get("viewpoints", []):
        title = str(v.get("title", "")).strip() or "(untitled)"
        floors = _check_floors(g, v.get("floors", []), title, ver)
        quotes = _check_quotes(g, thread, v.get("quotes", []), title, ver)
        floors += [q.floor for q in quotes if q.floor not in floors]
        if not floors:
            ver.removed.append(Removed("viewpoint", title, None, str(v.get("statement", "")),
                                       "no valid floor supports it"))
            continue
        vp_claims.append(_claim(g, floors))
        viewpoints.append(Viewpoint(title, str(v.get("statement", "")).strip(), floors, quotes))
    digressions: list[Digression] = []
    dg_claims: list[Claim] = []
    for o in raw.get("off_topic", []):
        title = str(o.get("title", "")).strip() or "(untitled)"
        floors = _check_floors(g, o.get("floors", []), title, ver)
        if not floors:
            ver.removed.append(Removed("off_topic", title, None, str(o.get("description", "")),
                                       "no valid floor supports it"))
            continue
        dg_claims.append(_claim(g, floors))
        digressions.append(Digression(title, str(o.get("description", "")).strip(), floors))
    claims = vp_claims + dg_claims
    group_claims = [GroupClaim("viewpoint", v.title, c.all) for v, c in zip(viewpoints, vp_claims,
                                                                            strict=True)]
    group_claims += [GroupClaim("digression", d.title, c.all) for d, c in zip(digressions, dg_claims,
                                                                             strict=True)]
    kept = settle(claims)
    ver.settled = sum(len(c.all) for c in claims) - sum(len(k) for k in kept)
    viewpoints = _keep_viewpoints(thread, g, viewpoints, kept[: len(viewpoints)], ver)
    digressions = _keep_digressions(g, digressions, kept[len(vp_claims):], ver)
    viewpoints.sort(key=lambda v: -len(v.floors))
    digressions.sort(key=lambda d: -len(d.floors))
    s = thread.stats
    off = {f for d in digressions for f in d.floors}
    on = {f for v in viewpoints for f in v.floors}
    total = s.comments or 1
    shares = {
        "on_topic": round(len(on) / total, 4) if s.comments else 0.0,
        "off_topic": round(len(off) / total, 4) if s.comments else 0.0,
        "unassigned": round((s.comments - len(on | off)) / total, 4) if s.comments else 0.0,
    }
    summary = str(raw.get("summary", "")).strip()
    return Digest(
        summary=summary,
        viewpoints=viewpoints,
        off_topic=digressions,
        totals={"push": s.push, "boo": s.boo, "arrow": s.arrow, "net": s.net,
                "comments": s.comments, "users": s.users},
        shares=shares,
        verification=ver,
        usage=usage,
        meta=meta,
        warnings=warnings,
        reliability=assess(thread, summary, group_claims, kept, shares, ver),
    )


def _claim(g: Grounder, floors: list[int]) -> Claim:
    explicit = frozenset(floors)
    return Claim(explicit, frozenset(g.expand(floors)) - explicit)


def _check_quotes(g: Grounder, thread: Thread, quotes: Any, where: str,
                  ver: Verification) -> list[Quote]:
    out: list[Quote] = []
    seen: set[tuple[int, str]] = set()
    for q in quotes if isinstance(quotes, list) else []:
        if not isinstance(q, dict):
            continue
        ver.checked += 1
        ver.quotes_given += 1
        f, text = q.get("floor"), str(q.get("text", "")).strip()
        if not isinstance(f, int) or not g.exists(f):
            ver.removed.append(Removed("quote", where, f if isinstance(f, int) else None,
                                       text, "the floor does not exist"))
            continue
        if not g.quote_ok(f, text):
            ver.removed.append(Removed("quote", where, f, text, f"the text is not in comment #{f}"))
            continue
        key = (f, norm(text))
        if key in seen:
            ver.quotes_given -= 1  # the same quote twice is one quote
            continue
        seen.add(key)
        c = thread.comment(f)
        out.append(Quote(f, text, c.author if c else ""))
        ver.quotes_kept += 1
    return out


def _keep_viewpoints(thread: Thread, g: Grounder, viewpoints: list[Viewpoint],
                     kept: list[list[int]], ver: Verification) -> list[Viewpoint]:
    out: list[Viewpoint] = []
    for v, floors in zip(viewpoints, kept, strict=True):
        if not floors:
            ver.removed.append(Removed("viewpoint", v.title, None, v.statement, SETTLED_AWAY))
            ver.quotes_kept -= len(v.quotes)
            continue
        mine = set(floors)
        quotes = [q for q in v.quotes if q.floor in mine]
        for q in v.quotes:
            if q.floor not in mine:
                ver.removed.append(Removed("quote", v.title, q.floor, q.text,
                                           f"comment #{q.floor} belongs to another group"))
                ver.quotes_kept -= 1
        vp = Viewpoint(v.title, v.statement, floors, quotes[:MAX_QUOTES], g.stats(floors))
        vp.authors = sorted({c.author for f in floors if (c := thread.comment(f))})
        out.append(vp)
    return out


def _keep_digressions(g: Grounder, digressions: list[Digression], kept: list[list[int]],
                      ver: Verification) -> list[Digression]:
    out: list[Digression] = []
    for d, floors in zip(digressions, kept, strict=True):
        if not floors:
            ver.removed.append(Removed("off_topic", d.title, None, d.description, SETTLED_AWAY))
            continue
        out.append(Digression(d.title, d.description, floors, g.stats(floors)))
    return out


SETTLED_AWAY = "every comment it cites belongs to another group"


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

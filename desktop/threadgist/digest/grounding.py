"""Grounding: every cited floor must exist and every quote must appear in the comment
it cites; what does not is removed and reported (:class:`~.model.Verification`)."""

from __future__ import annotations

import re
from typing import Any

from ..messages import msg
from ..thread.model import ARROW, BOO, PUSH, Thread, Utterance
from .model import GroupStats, Quote, Removed, Verification
from .partial import Cited
from .settle import Claim

_WS_RE = re.compile(r"\s+")
_QUOTE_MARKS = "「」『』“”\"'‘’《》 "


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


def claim_of(g: Grounder, floors: list[int]) -> Claim:
    explicit = frozenset(floors)
    return Claim(explicit, frozenset(g.expand(floors)) - explicit)


def check_quotes(
    g: Grounder, thread: Thread, quotes: list[Cited], where: str, ver: Verification
) -> list[Quote]:
    """The quotes that are in the comment they cite (verbatim but for spacing); the
    others are reported as removed."""
    out: list[Quote] = []
    seen: set[tuple[int, str]] = set()
    for q in quotes:
        ver.checked += 1
        ver.quotes_given += 1
        f, text = q.floor, q.text.strip()
        if not g.exists(f):
            ver.removed.append(Removed("quote", where, f, text, msg("the floor does not exist")))
            continue
        if not g.quote_ok(f, text):
            ver.removed.append(
                Removed("quote", where, f, text, msg("the text is not in comment #{floor}", floor=f))
            )
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


def check_floors(g: Grounder, floors: list[int], where: str, ver: Verification) -> list[int]:
    """The cited floors that exist, each once; the others are reported as removed."""
    good: list[int] = []
    seen: set[int] = set()
    for f in floors:
        ver.checked += 1
        if g.exists(f):
            if f not in seen:
                seen.add(f)
                good.append(f)
        else:
            ver.removed.append(Removed("floor", where, f, "", msg("the floor does not exist")))
    return good

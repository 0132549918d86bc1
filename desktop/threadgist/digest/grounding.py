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
        for utterance in thread.utterances:
            for floor in range(utterance.first, utterance.last + 1):
                self.utt[floor] = utterance
        self._norm_comment = {comment.floor: norm(comment.text) for comment in thread.comments}
        self._norm_utt = {utterance.first: norm(utterance.text) for utterance in thread.utterances}

    def exists(self, floor: Any) -> bool:
        return isinstance(floor, int) and not isinstance(floor, bool) and floor in self.utt

    def expand(self, floors: list[int]) -> list[int]:
        """Cited floors widened to whole utterances (a continued comment is one thought)."""
        out: set[int] = set()
        for floor in floors:
            utterance = self.utt[floor]
            out.update(range(utterance.first, utterance.last + 1))
        return sorted(out)

    def quote_ok(self, floor: int, text: str) -> bool:
        quoted = norm(text)
        if not quoted:
            return False
        if quoted in self._norm_comment.get(floor, ""):
            return True
        utterance = self.utt.get(floor)
        return utterance is not None and quoted in self._norm_utt.get(utterance.first, "")

    def stats(self, floors: list[int]) -> GroupStats:
        comments = [comment for floor in floors if (comment := self.thread.comment(floor)) is not None]
        return GroupStats(
            comments=len(comments),
            users=len({comment.author for comment in comments if not comment.deleted}),
            push=sum(comment.tag == PUSH for comment in comments),
            boo=sum(comment.tag == BOO for comment in comments),
            arrow=sum(comment.tag == ARROW for comment in comments),
            share=round(len(comments) / self.total, 4) if self.total else 0.0,
        )


def claim_of(grounder: Grounder, floors: list[int]) -> Claim:
    explicit = frozenset(floors)
    return Claim(explicit, frozenset(grounder.expand(floors)) - explicit)


def check_quotes(
    grounder: Grounder, thread: Thread, quotes: list[Cited], where: str, ver: Verification
) -> list[Quote]:
    """The quotes that are in the comment they cite (verbatim but for spacing); the
    others are reported as removed."""
    out: list[Quote] = []
    seen: set[tuple[int, str]] = set()
    for quote in quotes:
        ver.checked += 1
        ver.quotes_given += 1
        floor, text = quote.floor, quote.text.strip()
        if not grounder.exists(floor):
            ver.removed.append(Removed("quote", where, floor, text, msg("the floor does not exist")))
            continue
        if not grounder.quote_ok(floor, text):
            ver.removed.append(
                Removed("quote", where, floor, text, msg("the text is not in comment #{floor}", floor=floor))
            )
            continue
        key = (floor, norm(text))
        if key in seen:
            ver.quotes_given -= 1  # the same quote twice is one quote
            continue
        seen.add(key)
        comment = thread.comment(floor)
        out.append(Quote(floor, text, comment.author if comment else ""))
        ver.quotes_kept += 1
    return out


def check_floors(grounder: Grounder, floors: list[int], where: str, ver: Verification) -> list[int]:
    """The cited floors that exist, each once; the others are reported as removed."""
    good: list[int] = []
    seen: set[int] = set()
    for floor in floors:
        ver.checked += 1
        if grounder.exists(floor):
            if floor not in seen:
                seen.add(floor)
                good.append(floor)
        else:
            ver.removed.append(Removed("floor", where, floor, "", msg("the floor does not exist")))
    return good

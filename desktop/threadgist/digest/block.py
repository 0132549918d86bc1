"""A block of comment lines as a prompt shows it, in a run's answer form.

The rich form shows digest/render.py's lines as they are (its prompts must not change by a
byte: the stand-in's answers are keyed by them). The compact form (issue 26: at most 2.5
tokens of overhead per comment line) shows them:

- folded: near-duplicate one-word comments once, with a count (digest/fold.py);
- with the first floor alone of one user's comment over several floors (``12推3``, not
  ``12-14推3``): :attr:`~.fold.Folded.spans` keeps the rest, and answers are expanded to it;
- with user numbers given within the block alone: a user seen once in it has none, the
  others are numbered 1, 2, … in order of appearance (OP stays OP). A part of a thread
  read in parts numbers every user (render.py's "stable" lines); within the part, most
  appear once. The block still depends on its own lines alone, so a part's prompt (and
  its cached result) stays the same when the thread grows;
- PTT: with no space between a tag and a text that starts with a CJK (non-ASCII, non-digit)
  character (not a tag's) when the line has no user number (``12推好文``): o200k splits a space and the
  character after it into two tokens, and the tag already ends the head. A line with a
  number keeps its space (``12推3 3樓說得對`` must not read as user 33 or "3樓").

All of it is one pass over the block's lines and keeps each line's text after its head.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .fold import Folded, fold_lines, no_fold
from .render import Line

#: a line's head as digest/render.py writes it: PTT ``12-14推3``, Reddit/HN ``12-14>5:3``
#: possessive: the digits of a floor and of a user number never trade places (a head of
#: digits alone is a floor: a numbered user's line always has its tag), so no backtracking
_PTT_HEAD_RE = re.compile(r"^(\d++)(?:-\d++)?([推噓→]?)(\d*+|OP|\?)$")
_TREE_HEAD_RE = re.compile(r"^(\d+)(?:-\d+)?((?:>\d+)?:)(\d*|OP|\?)$")


def block(lines: Sequence[Line], form: str) -> Folded:
    """A block of ``lines`` as ``form`` shows it (see the module)."""
    return shorten(fold_lines(lines)) if form == "compact" else no_fold(lines)


def shorten(folded: Folded) -> Folded:
    """The compact form's line heads (see the module), in place."""
    heads = [_parse(line.text) for line in folded.lines]
    seen: dict[str, int] = {}
    for head in heads:
        if head is not None and head[2].isdigit():
            seen[head[2]] = seen.get(head[2], 0) + 1
    numbers: dict[str, str] = {}
    count = 0
    for who, times in seen.items():  # in order of first appearance
        if times > 1:
            count += 1
        numbers[who] = str(count) if times > 1 else ""
    for i, (line, head) in enumerate(zip(folded.lines, heads, strict=True)):
        if line.first and line.last > line.first and line.first not in folded.spans:
            folded.spans[line.first] = [(line.first, line.last)]
        if head is not None:
            first, mid, who, rest = head
            text = _write(first, mid, numbers.get(who, who), rest)
            if text != line.text:
                folded.lines[i] = Line(line.first, line.last, text)
    return folded


def _parse(text: str) -> tuple[str, str, str, str] | None:
    """A line's first floor, what comes between it and the user (a PTT tag; Reddit/HN:
    ``>5:`` or ``:``), the user and the text; None for a note of the author."""
    head, _, rest = text.partition(" ")
    match = _PTT_HEAD_RE.match(head) or _TREE_HEAD_RE.match(head)
    if match is None:
        return None
    first, mid, who = match.groups()
    return first, mid, who, rest


def _write(first: str, mid: str, who: str, rest: str) -> str:
    if mid.endswith(":"):  # Reddit/HN
        return f"{first}{mid}{who} {rest}"
    joined = mid and not who and rest and not (rest[0].isascii() or rest[0].isdigit() or rest[0] in "推噓→")
    return f"{first}{mid}{who}{'' if joined else ' '}{rest}"

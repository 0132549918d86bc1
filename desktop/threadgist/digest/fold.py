"""Near-duplicate one-word comments folded into one line with a count (compact form only;
issue 26: "推", "$", "XD" three hundred times are read once).

Within one rendered block (the whole thread of a one-call prompt, one part of a map or a
sort prompt), an utterance whose text, normalised (NFKC, case-folded, no whitespace, no
trailing ``~!！。…``), is short (at most :data:`SHORT_CHARS` characters, or one run of
emoji/symbols) and equal to an earlier one of the same tag is not shown again: the first
one carries the count, ``12推 高調 ×12``. :class:`Folded` keeps which floors each shown
line stands for, and :meth:`Folded.expand` turns the floors an answer names back into all
of them (one place, used for the one-call, map and sort answers alike).

A block is folded from its own lines alone, in one pass: a part's prompt still depends
only on the comments in it (the "stable" property of digest/render.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .partial import Partial
from .render import Line

#: normalised texts up to this long are "one word"
SHORT_CHARS = 4
#: a block folds only when this many lines or more would not be shown
MIN_HIDDEN = 6
#: how a folded line shows its count (`` ×12``)
COUNT_MARK = "×"
#: said once, before a block that has folded lines (the compact templates do not say it)
FOLD_NOTE = f"(A line ending {COUNT_MARK}N stands for N identical short comments.)"
_TRAILING = "~～!！。.?？、,，…‥・"
_PREFIX_RE = re.compile(r"^\d+(?:-\d+)?([推噓→]?)")
_SPACE_RE = re.compile(r"\s+")


def fold_key(text: str) -> str | None:
    """The key near-duplicates of a short ``text`` share, or None when it is not short (or
    empty: a deleted comment is not a reaction)."""
    norm = _SPACE_RE.sub("", unicodedata.normalize("NFKC", text).casefold())
    if not norm:
        return None
    if norm and all(unicodedata.category(char)[0] in "SP" for char in norm):
        return _squeeze(norm)  # "$", "$$$$$$$$", "!!!!!!!": one symbol run, repeats squeezed
    stripped = norm.rstrip(_TRAILING)
    return stripped if len(stripped) <= SHORT_CHARS else None


def _squeeze(run: str) -> str:
    """A run of symbols with each repeat of a character dropped (``$$$$`` → ``$``)."""
    return "".join(char for i, char in enumerate(run) if i == 0 or run[i - 1] != char)


@dataclass
class Folded:
    """A block's lines as shown, and the floors each shown line stands for."""

    lines: list[Line]
    #: first floor of a shown line → every (first, last) span it stands for: a folded
    #: line's, or (compact heads, digest/block.py) a comment over several floors
    spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    #: lines not shown (folded into an earlier one)
    hidden: int = 0
    _owner: dict[int, int | None] | None = field(default=None, repr=False, compare=False)

    def text(self) -> str:
        """The block as a prompt shows it (with :data:`FOLD_NOTE` when a line is folded)."""
        body = "\n".join(line.text for line in self.lines)
        return f"{FOLD_NOTE}\n{body}" if self.hidden else body

    def floors_of(self, floor: int) -> list[int]:
        """Every floor the line shown at ``floor`` stands for (``[floor]`` when unfolded)."""
        spans = self.spans.get(floor)
        if spans is None:
            return [floor]
        return [each for first, last in spans for each in range(first, last + 1)]

    def expand(self, floors: Iterable[int]) -> list[int]:
        """``floors`` with each folded line's floor replaced by all of its floors, in order
        of first mention, each once. A floor the block did not show (a range such as
        "190-195" over a line folded into an earlier one) is left out: the model never saw
        it there, and it follows the line it was folded into. A later floor of a comment
        shown by its first floor stands for that comment."""
        owner = self._owners()
        out: dict[int, None] = {}
        for floor in floors:
            shown = owner.get(floor, floor)
            if shown is None:
                continue
            for each in self.floors_of(shown):
                out[each] = None
        return list(out)

    def _owners(self) -> dict[int, int | None]:
        """Each floor a shown line stands for → that line's first floor, or None for the
        floors of a line folded into it (built once, linear in the block)."""
        if self._owner is None:
            owner: dict[int, int | None] = {}
            for shown, spans in self.spans.items():
                for n, (first, last) in enumerate(spans):
                    for floor in range(first, last + 1):
                        owner[floor] = shown if n == 0 and first == shown else None
            self._owner = owner
        return self._owner

    def spread(self, labels: dict[int, int], lines: Sequence[Line]) -> list[int]:
        """A label per line of ``lines`` (the block before folding) from ``labels``, the
        answer's label per shown line (by first floor): a folded line's label is its
        representative's (0 for a line with none)."""
        label_of: dict[int, int] = {}
        for floor, label in labels.items():
            for first, _ in self.spans.get(floor, [(floor, floor)]):
                label_of[first] = label
        return [label_of.get(line.first, 0) for line in lines]

    def expand_partial(self, answer: Partial) -> Partial:
        """An answer over this block with every group's floors expanded (quotes keep the
        floor they cite: a folded line's text is the same at each of its floors)."""
        if not self.spans:
            return answer
        for group in [*answer.viewpoints, *answer.off_topic]:
            group.floors = self.expand(group.floors)
        return answer


def fold_lines(lines: Sequence[Line]) -> Folded:
    """``lines`` with near-duplicate short ones folded (see the module); linear time. A
    block that would hide fewer than :data:`MIN_HIDDEN` lines is left as it is (the note
    that explains the count would cost more than the fold saves)."""
    first_of: dict[tuple[str, str], int] = {}  # (tag, key) → index of its first line
    spans: dict[int, list[tuple[int, int]]] = {}  # index of a first line → its spans
    shown: list[int] = []
    for i, line in enumerate(lines):
        key = _key(line)
        if key is None:
            shown.append(i)
            continue
        first = first_of.setdefault(key, i)
        if first == i:
            shown.append(i)
        spans.setdefault(first, []).append((line.first, line.last))
    if len(lines) - len(shown) < MIN_HIDDEN:
        return Folded(list(lines))
    out = Folded([], hidden=len(lines) - len(shown))
    for i in shown:
        line = _no_count(lines[i])
        group = spans.get(i)
        if group is not None and len(group) > 1:
            out.lines.append(Line(line.first, line.last, f"{line.text} {COUNT_MARK}{len(group)}"))
            out.spans[line.first] = group
        else:
            out.lines.append(line)
    return out


def _no_count(line: Line) -> Line:
    """``line`` with a count of its writer's own at its end (``好 ×300``) spelt ``x300``:
    in a folded block only the app writes a count (no pattern: linear on any text)."""
    head = line.text.rstrip("0123456789")
    digits = line.text[len(head) :]
    if not digits or not head.rstrip().endswith(COUNT_MARK):
        return line
    before = head.rstrip()[: -len(COUNT_MARK)].rstrip()
    return Line(line.first, line.last, f"{before} x{digits}")


def _key(line: Line) -> tuple[str, str] | None:
    """A line's fold key: its tag (neutral when none) and its text's; None for a note of
    the author or a line that is not short."""
    if not line.first:
        return None
    prefix, _, text = line.text.partition(" ")
    if ":" in prefix:  # a Reddit/HN line: its replies point at it, so it is always shown
        return None
    key = fold_key(text)
    if key is None:
        return None
    match = _PREFIX_RE.match(prefix)
    tag = match.group(1) if match else ""
    return (tag or "→", key)


def no_fold(lines: Sequence[Line]) -> Folded:
    """``lines`` as they are (the rich form folds nothing)."""
    return Folded(list(lines))

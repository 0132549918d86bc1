"""Compact rendering of a thread for prompts: one line per utterance with its floor
(or floor range), tag and an anonymous user number; the article first.

PTT line:      ``12推3 text`` or ``12-14→OP text``  (OP = the article's author;
               ``12推 text``: a user who comments only once has no number, and
               ``12 text``: such a user's neutral → line has no tag either)
Reddit/HN:     ``12>5:3 text``  (floor 12 replies to floor 5, user 3)
OP's notes:    ``+14OP text``   (the author's inline reply after floor 14; not citable)

``stable`` rendering (threads read in parts) numbers every user, in order of first
appearance, so that a line reads the same when the thread grows: its parts, and the
partial results cached for them, stay valid.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from dataclasses import dataclass
from itertools import islice

from ..thread.model import Comment, Thread, is_continuation
from .defuse import defuse

_WS_RE = re.compile(r"\s+")
_BLANKS_RE = re.compile(r"\n\s*\n+")


@dataclass(frozen=True, slots=True)
class Line:
    first: int  # first floor (0 for a note)
    last: int
    text: str


def neutralise(text: str) -> str:
    """Text from a thread, a server or a model, made safe to put in a prompt: no
    invisible characters, and our delimiters and every chat template's special tokens
    defused however they are spelt (digest/defuse.py), so that it cannot close a data
    block or end a turn."""
    return defuse(text)


def clean(text: str) -> str:
    """One line of user text: neutralised, whitespace folded."""
    return _WS_RE.sub(" ", neutralise(text)).strip()


def render_article(thread: Thread) -> str:
    body = neutralise(thread.body)
    body = "\n".join(line.strip() for line in body.splitlines())
    return _BLANKS_RE.sub("\n", body).strip()


def render_header(thread: Thread) -> str:
    bits = [f"title: {clean(thread.title)}"]
    if thread.board:
        bits.append(f"board: {clean(thread.board)}")
    return "\n".join(bits)


#: :func:`aliases`' number of the article's author (shown as "OP")
OP_NUMBER = -1


def aliases(thread: Thread, stable: bool = False, only: Container[str] | None = None) -> dict[str, int]:
    """Anonymous user numbers, in order of appearance (0: none; :data:`OP_NUMBER`: the
    article's author). A user with a single utterance gets no number at all: identity only
    matters to connect several comments. ``stable``: every user gets a number, so that no
    alias depends on comments that come later. One dict of small ints, filled in place (a
    big thread has a hundred thousand users). ``only``: the users of the thread's first
    utterances (whoever appears before one of them is one of them), numbered the same
    without the others."""
    numbers: dict[str, int] = {}  # utterances per user, then each user's number
    previous: Comment | None = None
    for comment in thread.comments:  # an utterance starts where a comment continues none
        if (previous is None or not is_continuation(previous, comment)) and (
            only is None or comment.author in only
        ):
            numbers[comment.author] = numbers.get(comment.author, 0) + 1
        previous = comment
    number = 0
    for author in numbers:  # in order of first appearance; values only are replaced
        if thread.author and author == thread.author:
            numbers[author] = OP_NUMBER
        elif stable or numbers[author] > 1:
            number += 1
            numbers[author] = number
        else:
            numbers[author] = 0
    return numbers


def _who(number: int | None) -> str:
    if number is None:
        return "?"
    if number == OP_NUMBER:
        return "OP"
    return str(number) if number else ""


def render_lines(thread: Thread, stable: bool = False) -> list[Line]:
    """One line per utterance (and per note of the author); ``stable``: each line depends
    only on the comments up to it (see the module's docstring)."""
    return list(iter_lines(thread, stable))


def iter_lines(thread: Thread, stable: bool = False, limit: int | None = None) -> Iterator[Line]:
    """:func:`render_lines` one at a time (a big thread's lines need not all be held);
    ``limit``: the first ``limit`` of them alone (their users numbered as in the whole)."""
    if limit is not None:
        first = {utterance.author for utterance in islice(thread.each_utterance(), limit)}
        yield from islice(_iter_lines(thread, aliases(thread, stable, first)), limit)
        return
    yield from _iter_lines(thread, aliases(thread, stable))


def _iter_lines(thread: Thread, names: dict[str, int]) -> Iterator[Line]:
    notes = sorted(
        (note for note in thread.notes if note.kind == "reply" and note.text.strip()),
        key=lambda note: note.after_floor,
    )
    next_note = 0
    tree = thread.site != "ptt"
    for utterance in thread.each_utterance():
        while next_note < len(notes) and notes[next_note].after_floor < utterance.first:
            yield Line(0, 0, f"+{notes[next_note].after_floor}OP {clean(notes[next_note].text)}")
            next_note += 1
        floors = (
            f"{utterance.first}-{utterance.last}"
            if utterance.last > utterance.first
            else str(utterance.first)
        )
        who = _who(names.get(utterance.author))
        if tree:
            comment = thread.comment(utterance.first)
            parent = f">{comment.parent}" if comment is not None and comment.parent else ""
            yield (Line(utterance.first, utterance.last, f"{floors}{parent}:{who} {clean(utterance.text)}"))
        else:
            tag = "" if utterance.tag == "→" and not who else (utterance.tag or "")
            yield Line(utterance.first, utterance.last, f"{floors}{tag}{who} {clean(utterance.text)}")
    for note in notes[next_note:]:
        yield Line(0, 0, f"+{note.after_floor}OP {clean(note.text)}")


def content_text(thread: Thread) -> str:
    """The article and comment text alone (the denominator of the token economy)."""
    return "\n".join([thread.title, thread.body, *(comment.text for comment in thread.comments)])

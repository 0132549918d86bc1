"""Counting a thread for a plan: each rendered line once (keeping a hash, not the line),
the stable lines of a thread read in parts, and the tokens of a prompt without its data."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain

from ..thread.model import Comment, Thread
from .prompts import system_prompt, template
from .render import Line, iter_lines, render_header
from .tokens import TokenCounter


def comment_texts(items: Sequence[Comment]) -> Iterator[str]:
    """The texts of ``items``, or one empty text when there are none: joined with newlines
    after a head, they give ``head + "\n" + "\n".join(texts)`` (the old one-string form)."""
    if not items:
        yield ""
    for item in items:
        yield item.text


@dataclass
class Counted:
    """A thread's lines, counted one at a time (see :func:`count_lines`)."""

    raw: list[int] = field(default_factory=list)  # tiktoken's count of each line
    keys: array[int] = field(default_factory=lambda: array("q"))  # hash of each line's text
    rendered: int = 0  # tokens of the header, the article and every line, one per row


def count_lines(counter: TokenCounter, lines: Iterable[Line], head: str) -> Counted:
    """Count each line and ``head`` + the lines as one text, keeping no line."""
    counted = Counted()
    count = counter.raw

    def texts() -> Iterator[str]:
        for line in lines:
            counted.raw.append(count(line.text))
            counted.keys.append(hash(line.text))
            yield line.text
        if not counted.raw:
            yield ""  # ``head + "\n"``, as the one-string form had it

    counted.rendered = counter.raw_joined(chain([head], texts()))
    return counted


def stable_lines(
    counter: TokenCounter, thread: Thread, counted: Counted, keep: bool
) -> tuple[list[Line], list[int], array[int]]:
    """The stable lines (kept only when ``keep``), their tiktoken counts (a line that did
    not change keeps its count: ``counted.raw``, updated in place, no second list of a
    million counts) and their first floors."""
    lines: list[Line] = []
    raw = counted.raw
    firsts = array("i")  # floors: a 64 MB file has a few million at most
    for i, (key, line) in enumerate(zip(counted.keys, iter_lines(thread, stable=True), strict=True)):
        if key != hash(line.text):
            raw[i] = counter.raw(line.text)
        firsts.append(line.first)
        if keep:
            lines.append(line)
    return lines, raw, firsts


def fixed_prompt_tokens(counter: TokenCounter, thread: Thread, lang: str, kind: str) -> int:
    empty = template(kind).safe_substitute(
        header=render_header(thread),
        article="",
        comments="",
        partials="",
        part="99",
        parts="99",
        first="9999",
        last="9999",
        limit="999",
    )
    # 4 tokens per message of chat framing, two messages
    return counter.count(system_prompt(lang, kind)) + counter.count(empty) + 8

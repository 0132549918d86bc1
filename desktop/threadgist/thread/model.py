"""The thread model shared by every parser, the digest layer and the GUI.

Counts are per comment line (a PTT push line is one comment); the digest layer
renders *utterances*, which group a user's consecutive continuation lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from ..messages import Text
from .comment import Comment as Comment  # the thread model's comment (kept in its own module)

PUSH = "推"
BOO = "噓"
ARROW = "→"
PTT_TAGS = (PUSH, BOO, ARROW)

#: A continuation line must come this soon after the previous line of the same user.
CONTINUATION_WINDOW = timedelta(minutes=2)


@dataclass(frozen=True, slots=True)
class Note:
    """A line in the comment area that is not a comment.

    kind is one of ``reply`` (the author's inline reply), ``edit`` (``※ 編輯``),
    ``deleted`` (a push removed by a moderator), ``forward`` (``※ id:轉錄至看板``),
    ``site`` (site lines of a forwarded original) or ``other``.
    """

    after_floor: int
    kind: str
    text: str
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Utterance:
    """Consecutive lines of one user that form one thought (floors first..last)."""

    first: int
    last: int
    author: str
    text: str
    tag: str | None

    @property
    def floors(self) -> tuple[int, int]:
        return (self.first, self.last)


@dataclass(frozen=True, slots=True)
class Stats:
    push: int
    boo: int
    arrow: int
    comments: int
    users: int

    @property
    def net(self) -> int:
        return self.push - self.boo


@dataclass
class Thread:
    """A parsed discussion thread."""

    site: str
    format: str
    encoding: str
    title: str
    body: str
    comments: list[Comment] = field(default_factory=list)
    board: str | None = None
    author: str | None = None
    author_nick: str | None = None
    posted_at: datetime | None = None
    url: str | None = None
    ip: str | None = None
    signature: str = ""
    notes: list[Note] = field(default_factory=list)
    #: plain text or messages (shown in the interface's language by the GUI)
    warnings: list[Text] = field(default_factory=list)

    @cached_property
    def stats(self) -> Stats:
        push = boo = arrow = 0
        users: set[str] = set()
        for comment in self.comments:
            if comment.tag == PUSH:
                push += 1
            elif comment.tag == BOO:
                boo += 1
            elif comment.tag == ARROW:
                arrow += 1
            if not comment.deleted:
                users.add(comment.author)
        return Stats(push, boo, arrow, len(self.comments), len(users))

    @cached_property
    def utterances(self) -> list[Utterance]:
        return group_utterances(self.comments)

    def each_utterance(self) -> Iterable[Utterance]:
        """:attr:`utterances` when they are kept already, else grouped one at a time and not
        kept (a big thread's one-pass readers need not hold them all)."""
        if "utterances" in self.__dict__:
            return self.utterances
        return iter_utterances(self.comments)

    def comment(self, floor: int) -> Comment | None:
        """The comment at ``floor`` (1-based), or None when there is no such floor. Found
        at once when floors are consecutive, also from a first floor other than 1 (the
        new comments of a growing thread keep their floors)."""
        if self.comments:
            i = floor - self.comments[0].floor
            if 0 <= i < len(self.comments) and self.comments[i].floor == floor:
                return self.comments[i]
        return next((comment for comment in self.comments if comment.floor == floor), None)


@dataclass
class LoadResult:
    """What a file held: its format, its encoding and the article(s) in it."""

    path: str
    format: str
    encoding: str
    threads: list[Thread]


def is_continuation(prev: Comment, cur: Comment) -> bool:
    """True when ``cur`` continues ``prev``: same PTT user, ``→``, within the window."""
    if cur.tag != ARROW or prev.tag is None or prev.author != cur.author:
        return False
    if prev.time is None or cur.time is None:
        return prev.time is None and cur.time is None
    delta = cur.time - prev.time
    return timedelta(0) <= delta <= CONTINUATION_WINDOW


def group_utterances(comments: list[Comment]) -> list[Utterance]:
    """Group continuation lines; Reddit/HN comments (no tag) stay one each."""
    return list(iter_utterances(comments))


def iter_utterances(comments: Iterable[Comment]) -> Iterator[Utterance]:
    """:func:`group_utterances` one at a time (nothing kept)."""
    run: list[Comment] = []
    for comment in comments:
        if run and is_continuation(run[-1], comment):
            run.append(comment)
            continue
        if run:
            yield _utterance(run)
            run = []
        run.append(comment)
    if run:
        yield _utterance(run)


def _utterance(run: list[Comment]) -> Utterance:
    text = join_continued([comment.text for comment in run])
    return Utterance(run[0].floor, run[-1].floor, run[0].author, text, run[0].tag)


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF


def join_continued(parts: list[str]) -> str:
    """Join a user's continuation lines: nothing between CJK characters (PTT users
    break long comments anywhere), one space otherwise."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out and not (_is_cjk(out[-1]) or _is_cjk(part[0])):
            out += " "
        out += part
    return out

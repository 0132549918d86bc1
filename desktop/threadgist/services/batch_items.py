"""The batch's inputs, one thread at a time: each :class:`Source` (a file, or a fetched
thread's saved copy) read article by article (:func:`iter_items`; a crawler's dump is
streamed, see :mod:`threadgist.thread.stream`), each thread an :class:`Item` with a stable,
distinct file name (:class:`Namer`), each input that cannot be read an
:class:`Unreadable`."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..thread import Thread, ThreadFileError
from ..thread.stream import iter_threads


@dataclass(frozen=True)
class Source:
    """One input of the batch: ``input`` as the user gave it, ``path`` the file read
    (a fetched thread's saved copy for an address); ``error``: why it cannot be read
    (an address that could not be fetched, a missing file)."""

    input: str
    path: str
    error: str | None = None


@dataclass
class Item:
    seq: int  # 1-based position in the batch
    source: Source
    article: int  # 1-based position in its file
    thread: Thread
    stem: str  # file names of its digest: <stem>.json, <stem>.md

    @property
    def origin(self) -> str:
        """Where the thread comes from, for people: its address, else file#article."""
        return self.thread.url or f"{self.source.input}#{self.article}"


@dataclass
class Unreadable:
    seq: int
    source: Source
    reason: str


_NOT_WORD_RE = re.compile(r"[^\w.-]+")


def slug(text: str, limit: int) -> str:
    """Text for a file name: letters (any script), digits, ``.``, ``-`` and ``_``."""
    cleaned = _NOT_WORD_RE.sub("-", unicodedata.normalize("NFC", text))
    cleaned = re.sub(r"-{2,}", "-", cleaned).strip("-._")
    return cleaned[:limit].rstrip("-._")


class Namer:
    """Stable, distinct file names: board, title and a hash of where the thread comes
    from (its address, else the file's real path and the article's position); a name
    already given in this batch (the same article twice) gets ``-2``, ``-3``."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, thread: Thread, source: Source, article: int) -> str:
        where = thread.url or f"{os.path.realpath(source.path)}#{article}"
        digest = hashlib.sha1(where.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        board = slug(thread.board or thread.site or "thread", 24) or "thread"
        stem = f"{board}_{slug(thread.title, 40) or 'untitled'}_{digest}"
        name, number = stem, 1
        while name.casefold() in self.used:  # case-insensitive file systems
            number += 1
            name = f"{stem}-{number}"
        self.used.add(name.casefold())
        return name


def iter_items(sources: Iterable[Source]) -> Iterator[Item | Unreadable]:
    """Every thread of every source, in order, one at a time (the same sequence, names
    included, every time it is called on the same files)."""
    namer = Namer()
    seq = 0
    for source in sources:
        if source.error is not None:
            seq += 1
            yield Unreadable(seq, source, source.error)
            continue
        article = 0
        try:
            for thread in iter_threads(source.path):
                article += 1
                seq += 1
                yield Item(seq, source, article, thread, namer(thread, source, article))
        except ThreadFileError as e:
            seq += 1
            yield Unreadable(seq, source, str(e))
        except OSError as e:
            seq += 1
            yield Unreadable(seq, source, f"{source.input}: {e.strerror or e}")
        except (RecursionError, ValueError, KeyError, TypeError, AttributeError) as e:
            seq += 1
            yield Unreadable(
                seq,
                source,
                f"{source.input}: could not be parsed ({type(e).__name__}: {e}); please report this file",
            )


def items_of(path: str, threads: Iterable[Thread]) -> Iterator[Item]:
    """The items of one file whose threads are already read (the app has them): the
    sequence, and the names, that :func:`iter_items` gives for that file."""
    namer = Namer()
    source = Source(path, path)
    for article, thread in enumerate(threads, 1):
        yield Item(article, source, article, thread, namer(thread, source, article))

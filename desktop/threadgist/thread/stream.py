"""The threads of a file one at a time, for batches of many: a crawler's JSON dump (one
article per entry of its ``articles`` array, or a top-level array of articles) is read
entry by entry, so memory holds one article, not the whole board; any other file is
loaded whole by :func:`~threadgist.thread.loader.load_path` (it holds one thread).

The articles are exactly those ``load_path`` gives, in the same order (the same
parsers and checks); a file the streaming reader cannot follow (not UTF-8, a trailing
comma inside an entry, …) is handed to ``load_path`` from the article where it stopped."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator, Mapping
from typing import Any

from .errors import ThreadFileError
from .model import Thread

#: bytes read at a time
_CHUNK = 1 << 20
_WHITESPACE = " \t\r\n"


class _Unfollowable(Exception):
    """The streaming reader cannot go on: the file is read whole instead."""


def iter_threads(path: str) -> Iterator[Thread]:
    """The threads of the file at ``path``, in file order. Raises
    :class:`ThreadFileError` (naming the file) as ``load_path`` does."""
    from .decode import check_file
    from .loader import load_path

    check_file(path)  # a FIFO would block the streaming reader for ever
    done = 0
    try:
        for thread in _stream(path):
            done += 1
            yield thread
    except _Unfollowable:
        pass
    else:
        if done:
            return
    threads = load_path(path).threads  # the whole file, as `parse` reads it
    yield from threads[done:]


def _stream(path: str) -> Iterator[Thread]:
    from . import crawler_json
    from .crawler_schemas import PARSERS
    from .formats import CRAWLER_JSON
    from .loader import checked

    reader = _Reader(path)
    try:
        start = reader.skip_ws()
        if start == "{":  # {"articles": [...], ...}: only when "articles" comes first
            reader.pos += 1
            reader.skip_ws()
            key = reader.value()
            if key != "articles" or reader.skip_ws() != ":":
                raise _Unfollowable
            reader.pos += 1
            if reader.skip_ws() != "[":
                raise _Unfollowable
        elif start != "[":
            raise _Unfollowable
        reader.pos += 1
        first = True
        while True:
            char = reader.skip_ws()
            if char == "]":
                return
            if not first:
                if char != ",":
                    raise _Unfollowable
                reader.pos += 1
                if reader.skip_ws() == "]":  # a trailing comma, as old crawlers wrote
                    return
            entry = reader.value()
            kind = crawler_json.article_kind(entry)
            if first and kind is None:
                raise _Unfollowable  # not a crawler's articles (a Reddit page is a list too)
            first = False
            if kind is None or (isinstance(entry, Mapping) and "error" in entry and len(entry) <= 2):
                continue
            try:
                thread = PARSERS[kind](entry, reader.encoding)
            except (TypeError, AttributeError, KeyError, ValueError, IndexError, RecursionError) as e:
                raise ThreadFileError(
                    f"a field has a value of an unexpected type ({e})",
                    looked_like=CRAWLER_JSON.shown,
                    path=path,
                ) from None
            del entry
            try:
                yield checked(thread, CRAWLER_JSON.shown)
            except ThreadFileError as e:
                raise e.with_path(path) from None
    finally:
        reader.close()


class _Reader:
    """UTF-8 text read in chunks; ``value()`` decodes the JSON value at ``pos``, reading
    more while the value is incomplete."""

    def __init__(self, path: str):
        try:
            self.file = open(path, "rb")  # noqa: SIM115 (closed by close())
        except OSError:
            raise _Unfollowable from None
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.json = json.JSONDecoder()
        self.want = _CHUNK
        self.encoding = "utf-8"  # as the loader names it: "utf-8-sig" after a BOM

    def close(self) -> None:
        self.file.close()

    def _more(self) -> bool:
        if self.eof:
            return False
        data = self.file.read(self.want)
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError:
            raise _Unfollowable from None
        if not data:
            self.eof = True
        if not self.buf and self.pos == 0 and text.startswith("\ufeff"):
            text = text[1:]
            self.encoding = "utf-8-sig"
        self.buf = self.buf[self.pos :] + text
        self.pos = 0
        return bool(data) or bool(text)

    def skip_ws(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def value(self) -> Any:
        self.skip_ws()
        while True:
            try:
                value, end = self.json.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError:
                if self.eof:
                    raise _Unfollowable from None
                self.want = min(self.want * 2, 1 << 28)  # a big entry: read more at once
                self._more()
                continue
            except RecursionError:
                raise _Unfollowable from None
            # a number or literal cut at the end of the buffer decodes short: read on
            if end >= len(self.buf) and not self.eof and not isinstance(value, dict | list | str):
                self._more()
                continue
            self.want = _CHUNK
            self.pos = end
            if self.pos > _CHUNK:  # let go of what was read
                self.buf = self.buf[self.pos :]
                self.pos = 0
            return value

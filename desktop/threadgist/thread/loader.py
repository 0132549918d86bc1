"""Open any supported thread file: read, decode, sniff the format from the content
(the formats are :mod:`.formats`' registry), parse."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from datetime import datetime
from typing import Any

from ..messages import msg
from . import formats
from .decode import decode_bytes, looks_binary, read_limited, strip_ansi
from .errors import ThreadFileError
from .formats import FORMATS, HEAD_CHARS, Head, JsonFormat, TextFormat
from .model import LoadResult, Thread
from .timeinfer import TAIPEI

__all__ = ["FORMATS", "checked", "load_bytes", "load_path", "sniff"]


def load_path(path: str) -> LoadResult:
    """Read and parse a thread file. Raises :class:`ThreadFileError` (never anything
    else for bad input) with a message naming the file."""
    box = [read_limited(path)]
    try:
        mtime: datetime | None = datetime.fromtimestamp(os.path.getmtime(path), TAIPEI)
    except OSError:
        mtime = None
    try:
        return _load(box, name=path, reference_time=mtime)
    except ThreadFileError as e:
        raise e.with_path(path) from None


def load_bytes(data: bytes, *, name: str = "input", reference_time: datetime | None = None) -> LoadResult:
    """Parse the content of a thread file. Raises :class:`ThreadFileError` (never
    anything else for bad input)."""
    return _load([data], name=name, reference_time=reference_time)


def _load(box: list[bytes], *, name: str, reference_time: datetime | None) -> LoadResult:
    """:func:`load_bytes` on the bytes in ``box``, which it empties: each stage (bytes,
    bytes without ANSI, text, lines) is let go as soon as the next exists, so that a big
    file is not held several times over."""
    data = box.pop()
    if data.isspace() or not data:
        raise ThreadFileError(msg("the file is empty"), path=name)
    if looks_binary(data):
        raise ThreadFileError(
            msg(
                "it is binary data, not a thread (open a saved web page, copied text, a PTT "
                "file or crawler JSON)"
            ),
            path=name,
        )
    had_ansi = b"\x1b[" in data
    data = strip_ansi(data)
    decoded = decode_bytes(data)
    del data
    encoding, replaced, first_bad_line = decoded.encoding, decoded.replaced, decoded.first_bad_line
    text = decoded.text
    del decoded
    if text.startswith("\ufeff"):
        text = text.lstrip("\ufeff")
    if replaced and replaced * 10 > max(1, len(text)):
        raise ThreadFileError(
            msg(
                "{count} characters could not be decoded as UTF-8 or Big5-UAO; the file is in "
                "an unknown encoding",
                count=replaced,
            ),
            path=name,
        )
    kind = sniff(text, had_ansi, encoding)
    box_text = [text]
    del text
    fmt, threads = _dispatch(box_text, kind, encoding, reference_time)
    if replaced:
        note = (
            msg("{count} character(s) could not be decoded and are shown as �", count=replaced)
            if first_bad_line is None
            else msg(
                "{count} character(s) could not be decoded and are shown as � (the first on line {line})",
                count=replaced,
                line=first_bad_line,
            )
        )
        for thread in threads:
            thread.warnings.append(note)
    return LoadResult(name, fmt, encoding, threads)


def sniff(text: str, had_ansi: bool = False, encoding: str = "utf-8") -> str:
    """The format of a decoded file, from its content alone: a text format's name, or
    ``"json"`` (which JSON format it is, the parsed document tells)."""
    head = Head(text[:HEAD_CHARS].lstrip(), had_ansi, encoding)
    if head.text[:1] in "{[":
        return "json"
    return next(f.name for f in _text_formats() if f.sniff(head))


def _text_formats() -> list[TextFormat]:
    return [f for f in formats.REGISTRY if isinstance(f, TextFormat)]


def _dispatch(
    box: list[str], kind: str, encoding: str, reference: datetime | None
) -> tuple[str, list[Thread]]:
    """Parse the text in ``box`` (emptied when the parser no longer needs it whole)."""
    if kind == "json":
        return _load_json(box, encoding)
    fmt = next(f for f in _text_formats() if f.name == kind)
    return kind, fmt.parse(box, encoding, reference)


def _load_json(box: list[str], encoding: str) -> tuple[str, list[Thread]]:
    doc = _json_document(box)
    for fmt in (f for f in formats.REGISTRY if isinstance(f, JsonFormat)):
        try:
            if not fmt.sniff(doc):
                continue
            threads = fmt.parse(doc, encoding)
        except (TypeError, AttributeError, KeyError, ValueError, IndexError, RecursionError) as e:
            # a field of an unexpected type deep in the document: data, not a bug to show
            raise ThreadFileError(
                msg("a field has a value of an unexpected type ({error})", error=str(e)),
                looked_like=fmt.shown,
            ) from None
        return fmt.name, [checked(thread, fmt.shown) for thread in threads]
    raise ThreadFileError(
        msg(
            "it is JSON but not a thread this app knows (PTT crawler output, a Reddit comments "
            "page or a Hacker News item)"
        ),
    )


def _json_document(box: list[str]) -> Any:
    """The JSON document in ``box`` (which it empties), tolerating old crawlers' trailing
    commas."""
    from . import crawler_json, jsondoc

    try:
        doc = jsondoc.loads(box[0])
    except json.JSONDecodeError as e:
        doc = crawler_json.tolerant_loads(box[0])
        if doc is None:
            raise ThreadFileError(
                msg(
                    "the JSON is invalid at line {line}, column {column}: {error}",
                    line=e.lineno,
                    column=e.colno,
                    error=e.msg,
                ),
                looked_like="JSON",
            ) from None
    except RecursionError:
        raise ThreadFileError(msg("it nests arrays or objects too deeply"), looked_like="JSON") from None
    box.clear()  # the objects hold everything now
    return doc


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def checked(thread: Thread, looked_like: str) -> Thread:
    """A thread from JSON, with every field of the type the app expects (a title given as
    an object would otherwise travel on into the digest), and lone surrogates, which JSON
    allows and UTF-8 does not, replaced by U+FFFD."""
    problems: list[str] = []

    def text(name: str, value: object, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            problems.append(f"{name} is {type(value).__name__}, not text")
            return ""
        return _SURROGATE_RE.sub("\ufffd", value)

    thread.title = text("the title", thread.title) or ""
    thread.body = text("the article", thread.body) or ""
    thread.board = text("the board", thread.board, True)
    thread.author = text("the author", thread.author, True)
    thread.url = text("the URL", thread.url, True)
    comments = []
    for comment in thread.comments:
        author = text(f"comment {comment.floor}'s author", comment.author) or ""
        body = text(f"comment {comment.floor}'s text", comment.text) or ""
        if not isinstance(comment.floor, int) or (
            comment.parent is not None and not isinstance(comment.parent, int)
        ):
            problems.append(f"comment {comment.floor!r} has a floor or parent that is not a number")
        comments.append(
            comment
            if (author, body) == (comment.author, comment.text)
            else dataclasses.replace(comment, author=author, text=body)
        )
        if len(problems) > 3:
            break
    if problems:
        raise ThreadFileError("; ".join(problems[:3]), looked_like=looked_like)
    thread.comments = comments
    for cached in ("stats", "utterances"):  # computed from the fields just checked
        thread.__dict__.pop(cached, None)
    return thread

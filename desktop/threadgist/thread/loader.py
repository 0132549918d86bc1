"""Open any supported thread file: read, sniff the format from the content, parse."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from datetime import datetime

from ..messages import msg
from .decode import decode_bytes, looks_binary, read_limited, strip_ansi
from .errors import ThreadFileError
from .model import LoadResult, Thread
from .ptt_bbs import split_lines
from .ptt_text import parse_ptt_lines
from .timeinfer import TAIPEI

FORMATS = (
    "ptt-copied-text",
    "ptt-html",
    "ptt-bbs",
    "ptt-crawler-json",
    "reddit-json",
    "hn-json",
)


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
    kind = sniff(text, had_ansi)
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


def sniff(text: str, had_ansi: bool = False) -> str:
    """The format of a decoded file, from its content alone."""
    head = text[:4096].lstrip()
    if head[:1] in "{[":
        return "json"
    low = head[:4096].lower()
    if low.startswith(("<!doctype", "<html", "<head", "<meta", "<div", "<!--", "<body")) or (
        "<html" in low or 'id="main-content"' in low or 'class="bbs-screen' in low
    ):
        return "html"
    if had_ansi:
        return "ptt-bbs"
    for line in head.splitlines()[:40]:
        stripped = line.lstrip()
        if stripped.startswith(("作者:", "作者：", "發信人:")):
            return "ptt-bbs"
        if stripped.startswith("作者  "):  # terminal screen text
            return "ptt-bbs"
        if stripped.startswith("作者"):
            return "ptt-copied-text"
    return "ptt-copied-text"


def _dispatch(
    box: list[str], kind: str, encoding: str, reference: datetime | None
) -> tuple[str, list[Thread]]:
    """Parse the text in ``box`` (emptied when the parser no longer needs it whole)."""
    # parsers are imported when a file needs them (the app opens its first file at start-up)
    if kind == "json":
        return _load_json(box, encoding)
    if kind == "html":
        from . import ptt_html

        text = box.pop()
        return "ptt-html", [ptt_html.parse_html(text, encoding=encoding, reference_time=reference)]
    if kind == "ptt-copied-text" and encoding == "big5-uao":
        kind = "ptt-bbs"  # Big5 text never comes from a browser copy
    lines = split_lines(box.pop())
    return kind, [parse_ptt_lines(lines, fmt=kind, encoding=encoding, reference_time=reference)]


def _load_json(box: list[str], encoding: str) -> tuple[str, list[Thread]]:
    from . import crawler_json, hn, jsondoc, reddit

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
    for fmt, module in (("reddit-json", reddit), ("hn-json", hn), ("ptt-crawler-json", crawler_json)):
        try:
            if not module.is_match(doc):
                continue
            threads = module.parse(doc, encoding)
        except (TypeError, AttributeError, KeyError, ValueError, IndexError, RecursionError) as e:
            # a field of an unexpected type deep in the document: data, not a bug to show
            raise ThreadFileError(
                msg("a field has a value of an unexpected type ({error})", error=str(e)),
                looked_like=JSON_NAMES[fmt],
            ) from None
        return fmt, [checked(thread, JSON_NAMES[fmt]) for thread in threads]
    raise ThreadFileError(
        msg(
            "it is JSON but not a thread this app knows (PTT crawler output, a Reddit comments "
            "page or a Hacker News item)"
        ),
    )


JSON_NAMES = {
    "reddit-json": "Reddit JSON",
    "hn-json": "Hacker News JSON",
    "ptt-crawler-json": "PTT crawler JSON",
}
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

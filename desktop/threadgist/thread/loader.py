"""Open any supported thread file: read, sniff the format from the content, parse."""

from __future__ import annotations

import json
import os
from datetime import datetime

from .decode import decode_bytes, looks_binary, read_limited, strip_ansi
from .errors import ThreadFileError
from .model import LoadResult, Thread
from .ptt_text import parse_ptt_text
from .timeinfer import TAIPEI

FORMATS = (
    "ptt-copied-text", "ptt-html", "ptt-bbs", "ptt-crawler-json", "reddit-json", "hn-json",
)


def load_path(path: str) -> LoadResult:
    """Read and parse a thread file. Raises :class:`ThreadFileError` (never anything
    else for bad input) with a message naming the file."""
    data = read_limited(path)
    try:
        mtime: datetime | None = datetime.fromtimestamp(os.path.getmtime(path), TAIPEI)
    except OSError:
        mtime = None
    try:
        return load_bytes(data, name=path, reference_time=mtime)
    except ThreadFileError as e:
        raise e.with_path(path) from None


def load_bytes(
    data: bytes, *, name: str = "input", reference_time: datetime | None = None
) -> LoadResult:
    if not data.strip():
        raise ThreadFileError("the file is empty", path=name)
    if looks_binary(data):
        raise ThreadFileError(
            "it is binary data, not a thread (open a saved web page, copied text, "
            "a PTT file or crawler JSON)",
            path=name,
        )
    had_ansi = b"\x1b[" in data
    decoded = decode_bytes(strip_ansi(data))
    text = decoded.text.lstrip("\ufeff")
    if decoded.replaced and decoded.replaced * 10 > max(1, len(text)):
        raise ThreadFileError(
            f"{decoded.replaced} characters could not be decoded as UTF-8 or Big5-UAO; "
            "the file is in an unknown encoding",
            path=name,
        )
    fmt, threads = _dispatch(text, had_ansi, decoded.encoding, reference_time)
    if decoded.replaced:
        for t in threads:
            t.warnings.append(
                f"{decoded.replaced} character(s) could not be decoded and are shown as �"
            )
    return LoadResult(name, fmt, decoded.encoding, threads)


def sniff(text: str, had_ansi: bool = False) -> str:
    """The format of a decoded file, from its content alone."""
    head = text[:4096].lstrip()
    if head[:1] in "{[":
        return "json"
    low = head[:4096].lower()
    if low.startswith(("<!doctype", "<html", "<head", "<meta", "<div", "<!--", "<body")) or (
        "<html" in low or 'id="main-content"' in low or "class=\"bbs-screen" in low
    ):
        return "html"
    if had_ansi:
        return "ptt-bbs"
    for line in head.splitlines()[:40]:
        s = line.lstrip()
        if s.startswith(("作者:", "作者：", "發信人:")):
            return "ptt-bbs"
        if s.startswith("作者  "):  # terminal screen text
            return "ptt-bbs"
        if s.startswith("作者"):
            return "ptt-copied-text"
    return "ptt-copied-text"


def _dispatch(
    text: str, had_ansi: bool, encoding: str, reference: datetime | None
) -> tuple[str, list[Thread]]:
    kind = sniff(text, had_ansi)
    # parsers are imported when a file needs them (the app opens its first file at start-up)
    if kind == "json":
        return _load_json(text, encoding)
    if kind == "html":
        from . import ptt_html

        return "ptt-html", [ptt_html.parse_html(text, encoding=encoding, reference_time=reference)]
    if kind == "ptt-copied-text" and encoding == "big5-uao":
        kind = "ptt-bbs"  # Big5 text never comes from a browser copy
    return kind, [parse_ptt_text(text, fmt=kind, encoding=encoding, reference_time=reference)]


def _load_json(text: str, encoding: str) -> tuple[str, list[Thread]]:
    from . import crawler_json, hn, reddit

    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        doc = crawler_json.tolerant_loads(text)
        if doc is None:
            raise ThreadFileError(
                f"the JSON is invalid at line {e.lineno}, column {e.colno}: {e.msg}",
                looked_like="JSON",
            ) from None
    if reddit.is_reddit(doc):
        return "reddit-json", reddit.parse(doc, encoding)
    if hn.is_hn(doc):
        return "hn-json", hn.parse(doc, encoding)
    if crawler_json.is_crawler(doc):
        return "ptt-crawler-json", crawler_json.parse(doc, encoding)
    raise ThreadFileError(
        "it is JSON but not a thread this app knows (PTT crawler output, a Reddit "
        "comments page or a Hacker News item)",
    )

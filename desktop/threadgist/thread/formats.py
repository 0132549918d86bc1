"""The thread formats the loader knows, one entry each: its name, its sniff test, its parser.

:data:`REGISTRY` is the whole list, in the order the loader tries it. A file whose text
begins with ``{`` or ``[`` is parsed as JSON and the :class:`JsonFormat` entries test the
document; any other file goes to the :class:`TextFormat` entries, which test its head (the
last one takes every file the others did not). Parsers are imported when a file needs
them, so that opening the app's first file does not load every parser."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .model import Thread

#: how far into a file the text sniff tests look
HEAD_CHARS = 4096


@dataclass(frozen=True)
class Head:
    """What a text format's sniff test sees of a decoded file."""

    text: str  # its first HEAD_CHARS characters, leading white space dropped
    had_ansi: bool  # the bytes held terminal escape codes (removed before decoding)
    encoding: str  # as the decoder named it: "utf-8", "big5-uao", …


@dataclass(frozen=True)
class TextFormat:
    """A format recognised from the file's text. ``parse`` takes a one-item list holding
    the text and empties it as soon as it no longer needs the text whole."""

    name: str
    sniff: Callable[[Head], bool]
    parse: Callable[[list[str], str, datetime | None], list[Thread]]  # box, encoding, file date


@dataclass(frozen=True)
class JsonFormat:
    """A format recognised from the parsed JSON document. ``shown`` names it in messages."""

    name: str
    shown: str
    sniff: Callable[[Any], bool]
    parse: Callable[[Any, str], list[Thread]]  # the document, its encoding


def _is_html(head: Head) -> bool:
    low = head.text.lower()
    return low.startswith(("<!doctype", "<html", "<head", "<meta", "<div", "<!--", "<body")) or (
        "<html" in low or 'id="main-content"' in low or 'class="bbs-screen' in low
    )


def _is_bbs(head: Head) -> bool:
    """A terminal capture or a BBS file: escape codes, Big5 (never from a browser copy), or
    a header line as the terminal shows it ("作者:" or "作者" and two spaces)."""
    if head.had_ansi or head.encoding == "big5-uao":
        return True
    for line in head.text.splitlines()[:40]:
        stripped = line.lstrip()
        if stripped.startswith(("作者", "發信人:")):
            return stripped.startswith(("作者:", "作者：", "發信人:", "作者  "))
    return False


def _html(box: list[str], encoding: str, reference: datetime | None) -> list[Thread]:
    from .ptt_html import parse_html

    return [parse_html(box.pop(), encoding=encoding, reference_time=reference)]


def _ptt_lines(name: str) -> Callable[[list[str], str, datetime | None], list[Thread]]:
    """The parser of PTT article text, reporting the format as ``name``."""

    def parse(box: list[str], encoding: str, reference: datetime | None) -> list[Thread]:
        from .ptt_bbs import split_lines
        from .ptt_text import parse_ptt_lines

        lines = split_lines(box.pop())
        return [parse_ptt_lines(lines, fmt=name, encoding=encoding, reference_time=reference)]

    return parse


def _is_reddit(doc: Any) -> bool:
    from .reddit import is_reddit

    return is_reddit(doc)


def _reddit(doc: Any, encoding: str) -> list[Thread]:
    from .reddit import parse

    return parse(doc, encoding)


def _is_hn(doc: Any) -> bool:
    from .hn import is_hn

    return is_hn(doc)


def _hn(doc: Any, encoding: str) -> list[Thread]:
    from .hn import parse

    return parse(doc, encoding)


def _is_crawler(doc: Any) -> bool:
    from .crawler_json import is_crawler

    return is_crawler(doc)


def _crawler(doc: Any, encoding: str) -> list[Thread]:
    from .crawler_json import parse

    return parse(doc, encoding)


CRAWLER_JSON = JsonFormat("ptt-crawler-json", "PTT crawler JSON", _is_crawler, _crawler)

REGISTRY: tuple[JsonFormat | TextFormat, ...] = (
    JsonFormat("reddit-json", "Reddit JSON", _is_reddit, _reddit),
    JsonFormat("hn-json", "Hacker News JSON", _is_hn, _hn),
    CRAWLER_JSON,
    TextFormat("ptt-html", _is_html, _html),
    TextFormat("ptt-bbs", _is_bbs, _ptt_lines("ptt-bbs")),
    TextFormat("ptt-copied-text", lambda head: True, _ptt_lines("ptt-copied-text")),
)
#: every format's name, as ``LoadResult.format`` gives it
FORMATS = tuple(f.name for f in REGISTRY)

"""PTT articles as text: copied web text (metas glued or on separate lines), raw
PttBBS files (after ANSI stripping and decoding) and terminal screen text.

All three share the layout header / body / ``--`` + site lines / push area, so one
parser serves them; only the header spelling differs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from ..messages import Message, Text, msg
from .errors import ThreadFileError
from .model import Thread
from .ptt_area import (
    clean_block,
    clock_start,
    fallback_title,
    find_ip,
    find_url,
    parse_push_area,
    split_user_signature,
)
from .ptt_bbs import split_lines
from .ptt_lines import find_signature, parse_push_line
from .timeinfer import CTIME_RE, parse_ctime, time_from_post_id

_CTIME = re.sub(r"\?P<\w+>", "", CTIME_RE.pattern)  # without group names
HEADER_RE = re.compile(
    r"[ \t]*(?:作者|發信人)(?P<colon>[:：])?[ \t]*"
    r"(?P<author>[^\s(]+?)(?=[ \t]*\(|[ \t]*(?:看板|站內|信區|標題)|\s|$)"
    r"(?:[ \t]*\((?P<nick>[^\n]*?)\))?[ \t,]*"
    r"(?:\s*(?:看板|站內|信區)[:：]?[ \t]*(?P<board>[^\s]+?)(?=\s|標題|時間|$))?"
    # the title ends with a character other than a space or a tab (or is empty), so that
    # it is not tried at every position of a run of spaces (quadratic time)
    rf"(?:\s*標題[:：]?[ \t]*(?P<title>(?:[^\n]*?[^ \t\n])??)[ \t]*+(?=時間[:：]?[ \t]*{_CTIME}|\n|$))?"
    rf"(?:\s*時間[:：]?[ \t]*(?P<time>{_CTIME}))?"
)
BOX_LINE_RE = re.compile(r"^\s*[─━-]{10,}\s*$")
_HEADER_SCAN_LINES = 40


@dataclass
class Header:
    author: str | None = None
    nick: str | None = None
    board: str | None = None
    title: str | None = None
    time: datetime | None = None
    raw_style: bool = False  # "作者:" with a colon, as in BBS files
    body_start: int = 0  # line index where the body begins


def find_header(lines: list[str]) -> Header | None:
    """The article header within the first lines (a web copy may start with the
    site's navigation text), or None."""
    limit = min(len(lines), _HEADER_SCAN_LINES)
    for i in range(limit):
        stripped = lines[i].lstrip()
        if not stripped.startswith(("作者", "發信人")):
            continue
        chunk = "\n".join(lines[i : min(len(lines), i + 6)])
        match = HEADER_RE.match(chunk)
        if not match or not (match["board"] or match["title"] or match["time"]):
            continue
        consumed = chunk[: match.end()].count("\n")
        start = i + consumed + 1
        while start < len(lines) and BOX_LINE_RE.match(lines[start]):
            start += 1
        return Header(
            author=match["author"],
            nick=match["nick"],
            board=match["board"],
            title=(match["title"] or "").strip() or None,
            time=parse_ctime(match["time"]) if match["time"] else None,
            raw_style=bool(match["colon"]),
            body_start=start,
        )
    return None


def parse_ptt_text(
    text: str,
    *,
    fmt: str,
    encoding: str,
    reference_time: datetime | None = None,
) -> Thread:
    """Parse a PTT article given as text. ``fmt`` is the format label to report
    (``ptt-copied-text`` or ``ptt-bbs``); ``reference_time`` (the file's date) bounds
    push years when the post time is unknown."""
    return parse_ptt_lines(split_lines(text), fmt=fmt, encoding=encoding, reference_time=reference_time)


def _drain(lines: list[str], start: int) -> Iterator[str]:
    """The lines from ``start`` on, each freed in ``lines`` once it is handed out (the
    push area of a big file is most of it, and is read once)."""
    for i in range(start, len(lines)):
        line = lines[i]
        lines[i] = ""
        yield line


def parse_ptt_lines(
    lines: list[str],
    *,
    fmt: str,
    encoding: str,
    reference_time: datetime | None = None,
) -> Thread:
    """:func:`parse_ptt_text` on the text split into lines. Consumes ``lines``: the lines
    of the push area are emptied as they are parsed, so that a big file is never held
    twice (as lines and as comments)."""
    header = find_header(lines)
    warnings: list[Text] = []
    body_start = header.body_start if header else 0
    if header is None:
        warnings.append(msg("the file has no article header: title and author are unknown"))

    content_end, area_start = _bounds(lines, body_start, fmt, header is not None, warnings)

    body_lines, user_sig = split_user_signature(lines[body_start:content_end])
    site_lines = lines[content_end:area_start]
    tail = lines[content_end:]
    url, board_from_url, post_id = find_url(tail, header.board if header else None)
    ip = find_ip(tail)
    del tail
    posted_at = header.time if header else None
    if posted_at is None and post_id:
        posted_at = time_from_post_id(post_id)
    start = clock_start(posted_at, lines[body_start:content_end])
    area = parse_push_area(
        _drain(lines, area_start),
        start=start,
        reference=reference_time,
        thread_author=header.author if header else None,
    )
    warnings.extend(area.warnings)
    if area.forwarder_after:
        warnings.append(_forwarded(area.forwarder_after))

    title = (header.title if header else None) or fallback_title(body_lines)
    return Thread(
        site="ptt",
        format=fmt,
        encoding=encoding,
        title=title,
        body=clean_block(body_lines),
        comments=area.comments,
        board=(header.board if header else None) or board_from_url,
        author=header.author if header else None,
        author_nick=header.nick if header else None,
        posted_at=posted_at,
        url=url,
        ip=ip,
        signature=clean_block(user_sig + site_lines),
        notes=area.notes,
        warnings=warnings,
    )


def _bounds(
    lines: list[str], body_start: int, fmt: str, has_header: bool, warnings: list[Text]
) -> tuple[int, int]:
    """Where the article's content ends and the push area starts (the signature between
    them). Raises :class:`ThreadFileError` for text that is no article."""
    sig = find_signature(lines, body_start)
    if sig is not None:
        return sig
    first_push = next(
        (i for i in range(body_start, len(lines)) if parse_push_line(lines[i].lstrip())),
        len(lines),
    )
    if not has_header and first_push == len(lines):
        if fmt != "ptt-bbs" or not any(line.strip() for line in lines):
            raise ThreadFileError(
                msg("it has neither an article header nor any push lines"),
                looked_like=msg("a PTT article"),
            )
        # a BBS file (ANSI colours, Big5) without header or pushes: an article all the same,
        # such as an advert drawn in ANSI art
        warnings.append(msg("the article has no comments"))
    return first_push, first_push


def _forwarded(last: int) -> Message:
    return msg(
        "this is a forwarded post: floors 1–{last} were written under the original post "
        "before it was forwarded",
        last=last,
    )

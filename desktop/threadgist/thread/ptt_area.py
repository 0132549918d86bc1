"""The parts of a PTT article after the body, shared by the text and HTML parsers:
the push area (comments and notes, with year inference), the article URL and IP."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ..messages import Text, msg
from .model import Comment, Note
from .ptt_lines import (
    FORWARDER_RE,
    FROM_IP_RE,
    OVERSIZE_TEXT,
    PTT_URL_RE,
    URL_LINE_RE,
    PushLine,
    classify_note,
    is_chrome,
    is_site_line,
    parse_push_line,
)
from .timeinfer import (
    CTIME_RE,
    TAIPEI,
    PushDate,
    YearInference,
    infer_backward,
    parse_ctime,
    parse_fulldate,
)

NESTED_TIME_RE = re.compile(rf"^\s*時間[:：]?\s*({CTIME_RE.pattern})")


@dataclass
class PushArea:
    comments: list[Comment] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    warnings: list[Text] = field(default_factory=list)
    forwarder_after: int | None = None


def split_user_signature(body: list[str]) -> tuple[list[str], list[str]]:
    """A user's signature (at most 6 lines after its own ``--``) is not body text."""
    last = len(body)
    while last > 0 and not body[last - 1].strip():
        last -= 1
    for i in range(last - 1, max(-1, last - 8), -1):
        if body[i].rstrip() == "--":
            return body[:i], body[i:last]
    return body, []


def clean_block(lines: list[str]) -> str:
    out = [line.rstrip() for line in lines]
    while out and not out[0].strip():
        out.pop(0)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def fallback_title(body: list[str]) -> str:
    first = next((line.strip() for line in body if line.strip()), "")
    return first[:60] or "(untitled)"


def find_url(lines: list[str], board: str | None) -> tuple[str | None, str | None, str | None]:
    """The article's own URL: the last ``※ 文章網址`` whose board matches the header
    (a forward's signature can point at the original on another board)."""
    for line in reversed(lines):
        match = URL_LINE_RE.search(line)
        if not match:
            continue
        url_match = PTT_URL_RE.match(match["url"])
        if url_match is None:
            return match["url"], None, None
        if board is None or url_match["board"].lower() == board.lower():
            return match["url"], url_match["board"], url_match["id"]
    return None, None, None


def find_ip(lines: list[str]) -> str | None:
    for line in reversed(lines):
        if is_site_line(line) or line.startswith("※ 轉錄者"):
            match = FROM_IP_RE.search(line)
            if match:
                return match["ip"].replace("-", ".") if match["ip"].count("-") == 3 else match["ip"]
    return None


def clock_start(posted_at: datetime | None, body: list[str]) -> datetime | None:
    """Pushes of a forwarded chain start with the innermost original, so the push
    clock starts at the earliest header time found in the article."""
    times = [posted_at] if posted_at else []
    for line in body:
        match = NESTED_TIME_RE.match(line)
        if match:
            when = parse_ctime(match.group(1))
            if when:
                times.append(when)
    return min(times) if times else None


def parse_push_area(
    items: Iterable[str | PushLine],
    *,
    start: datetime | None,
    reference: datetime | None,
    thread_author: str | None,
) -> PushArea:
    area = PushArea()
    clock = YearInference(start) if start else None
    dates: list[PushDate | None] = []  # kept only to infer years backwards (no clock)
    names: dict[str, str] = {}  # one string per user id, however many pushes
    floor = 0
    oversize = False
    for item in items:
        if isinstance(item, PushLine):
            push: PushLine | None = item
            text = ""
        else:
            text = item.strip()
            if not text:
                continue
            if OVERSIZE_TEXT in text:
                oversize = True
                continue
            push = parse_push_line(text)
        if push is not None:
            floor += 1
            when = clock.resolve(push.date) if clock and push.date else None
            if clock is None:
                dates.append(push.date)
            author = names.setdefault(push.author, push.author)
            area.comments.append(Comment(floor, author, push.text, push.tag, when, push.ip))
            continue
        if is_chrome(text):
            continue
        kind, who = classify_note(text)
        full = parse_fulldate(text)
        if clock and full and kind in ("edit", "forward"):
            clock.observe(full)
        if kind == "forward" and FORWARDER_RE.match(text) and floor:
            area.forwarder_after = floor
        if kind == "reply":
            who = thread_author
        area.notes.append(Note(floor, kind, text, who))
    if oversize:
        area.warnings.append(
            msg(
                "the web page left out pushes in the middle of this thread "
                "(「檔案過大！部分文章無法顯示」): only the first and last parts are here"
            )
        )
    if clock is None and area.comments:
        ref = reference or datetime.now(TAIPEI)
        inferred = infer_backward(dates, ref)
        del dates
        comments = area.comments
        for i, inferred_time in enumerate(inferred):  # in place: never two copies of every comment
            comment = comments[i]
            comments[i] = Comment(
                comment.floor, comment.author, comment.text, comment.tag, inferred_time, comment.ip
            )
        area.warnings.append(
            msg("the post time is unknown: the years of comment dates were inferred from the file date")
        )
    if clock is not None and any(comment.time is None for comment in area.comments):
        missing = sum(1 for comment in area.comments if comment.time is None)
        area.warnings.append(msg("{count} comment(s) have no readable date", count=missing))
    return area

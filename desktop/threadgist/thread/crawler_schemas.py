"""The four kinds of PTT crawler article, each read into a :class:`Thread`: jwlin's
ptt-web-crawler (and ptt2json), PyPtt post dicts (1.x and 0.9), balaOuO-style
``comments`` dicts and Rayer/pcrawler-go documents (:data:`PARSERS`, by kind)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Literal

from ..messages import msg
from .model import Comment, Thread
from .ptt_area import clean_block, split_user_signature
from .ptt_lines import PTT_URL_RE, find_signature, split_author
from .timeinfer import (
    TAIPEI,
    PushDate,
    YearInference,
    parse_ctime,
    parse_push_date,
    time_from_post_id,
)

_IPDT_RE = re.compile(r"^\s*(?:(?P<ip>\S+)\s+)?(?P<md>\d{1,2}/\d{1,2})(?:\s+(?P<hm>\d\d:\d\d))?")
_ISOISH_RE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::(\d\d))?")
_PYPTT_TYPES = {"PUSH": "推", "BOO": "噓", "ARROW": "→", 1: "推", 2: "噓", 3: "→"}
_PCRAWLER_TYPES = {1: "推", 0: "→", -1: "噓"}

JsonDict = Mapping[str, Any]
#: which crawler wrote an article
CrawlerKind = Literal["jwlin", "pyptt", "comments", "pcrawler"]
#: tag, author, text, ip, year-less date
RawPush = tuple[str, str, str, str | None, PushDate | None]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _ip_or_none(value: Any) -> str | None:
    text = _text(value).strip()
    return None if text in ("", "None", "null") else text


def _split_author(field: str) -> tuple[str | None, str | None]:
    return split_author(field) or ((field.strip() or None), None)


def _resolve(start: datetime | None, dates: list[PushDate | None]) -> list[datetime | None]:
    if start is None:
        return [None] * len(dates)
    clock = YearInference(start)
    return [clock.resolve(date) if date else None for date in dates]


def _board_from_url(url: str | None) -> tuple[str | None, datetime | None]:
    if not url:
        return None, None
    match = PTT_URL_RE.match(url)
    if not match:
        return None, None
    return match["board"], time_from_post_id(match["id"])


def _thread(
    encoding: str,
    *,
    title: str,
    author_field: str,
    board: str | None,
    posted_at: datetime | None,
    url: str | None,
    body: str,
    ip: str | None,
    pushes: list[RawPush],
) -> Thread:
    url_board, url_time = _board_from_url(url)
    posted_at = posted_at or url_time
    author, nick = _split_author(author_field)
    times = _resolve(posted_at, [push[4] for push in pushes])
    comments = [
        Comment(i, who, text, tag, when, pip)
        for i, ((tag, who, text, pip, _), when) in enumerate(zip(pushes, times, strict=True), 1)
    ]
    lines = body.splitlines()
    sig = find_signature(lines)
    body_lines, _ = split_user_signature(lines[: sig[0]] if sig else lines)
    return Thread(
        site="ptt",
        format="ptt-crawler-json",
        encoding=encoding,
        title=title or "(untitled)",
        body=clean_block(body_lines),
        comments=comments,
        board=board or url_board,
        author=author,
        author_nick=nick,
        posted_at=posted_at,
        url=url,
        ip=ip,
    )


def _jwlin(article: JsonDict, encoding: str) -> Thread:
    pushes = []
    for message in article.get("messages") or []:
        ipdt = _IPDT_RE.match(_text(message.get("push_ipdatetime")))
        date = parse_push_date(ipdt["md"], ipdt["hm"]) if ipdt else None
        pushes.append(
            (
                _text(message.get("push_tag")).strip() or "→",
                _text(message.get("push_userid")).strip(),
                _text(message.get("push_content")).strip(),
                ipdt["ip"] if ipdt else None,
                date,
            )
        )
    url = article.get("url") or (
        f"https://www.ptt.cc/bbs/{article['board']}/{article['article_id']}.html"
        if article.get("board") and article.get("article_id")
        else None
    )
    thread = _thread(
        encoding,
        title=_text(article.get("article_title")),
        author_field=_text(article.get("author")),
        board=article.get("board"),
        posted_at=parse_ctime(_text(article.get("date"))),
        url=url,
        body=_text(article.get("content")),
        ip=_ip_or_none(article.get("ip")),
        pushes=pushes,
    )
    counts = article.get("message_count") or article.get("message_conut")
    if (
        isinstance(counts, Mapping)
        and _text(counts.get("all")).isdigit()
        and int(counts["all"]) != len(thread.comments)
    ):
        thread.warnings.append(
            msg(
                "the crawler counted {counted} comments but the file holds {held}",
                counted=counts["all"],
                held=len(thread.comments),
            )
        )
    thread.warnings.append(msg("the crawler flattened the article text (line breaks and symbols are lost)"))
    return thread


def _pyptt(article: JsonDict, encoding: str) -> Thread:
    pushes = []
    for push in article.get("comments") or article.get("push_list") or []:
        tag = _PYPTT_TYPES.get(push.get("type"), "→")
        stamp = _text(push.get("time")).strip()
        month_day, _, hour_minute = stamp.partition(" ")
        pushes.append(
            (
                tag,
                _text(push.get("author")),
                _text(push.get("content")).strip(),
                _ip_or_none(push.get("ip")),
                parse_push_date(month_day, hour_minute or None) if month_day else None,
            )
        )
    return _thread(
        encoding,
        title=_text(article.get("title")),
        author_field=_text(article.get("author")),
        board=article.get("board"),
        posted_at=parse_ctime(_text(article.get("date"))),
        url=article.get("url") or article.get("web_url"),
        body=_text(article.get("content")),
        ip=_ip_or_none(article.get("ip")),
        pushes=pushes,
    )


def _isoish(text: str) -> datetime | None:
    match = _ISOISH_RE.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second = (int(group) if group else 0 for group in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=TAIPEI)
    except ValueError:
        return None


def _comments_schema(article: JsonDict, encoding: str) -> Thread:
    # The crawler filled push years from the post date (wrong across New Year):
    # keep month/day/time and infer the year again.
    pushes = []
    for push in article.get("comments") or []:
        stamp = _isoish(_text(push.get("time")))
        date = PushDate(stamp.month, stamp.day, stamp.hour, stamp.minute) if stamp else None
        pushes.append(
            (
                _text(push.get("tag")).strip() or "→",
                _text(push.get("author")),
                _text(push.get("content")).strip(),
                _ip_or_none(push.get("ip")),
                date,
            )
        )
    return _thread(
        encoding,
        title=_text(article.get("title")),
        author_field=_text(article.get("author")),
        board=article.get("board"),
        posted_at=_isoish(_text(article.get("time"))) or parse_ctime(_text(article.get("time"))),
        url=article.get("url"),
        body=_text(article.get("content")),
        ip=_ip_or_none(article.get("ip")),
        pushes=pushes,
    )


def _pcrawler(article: JsonDict, encoding: str) -> Thread:
    pushes: list[RawPush] = []
    for push in article.get("CommitterInfoList") or []:
        stamp = _text(push.get("Timestamp"))
        match = re.match(r"^\d{4}-(\d\d)-(\d\d)T(\d\d):(\d\d)", stamp)
        date = PushDate(int(match[1]), int(match[2]), int(match[3]), int(match[4])) if match else None
        pushes.append(
            (
                _PCRAWLER_TYPES.get(push.get("Type"), "→"),
                _text(push.get("Committer")),
                _text(push.get("Content")).strip(),
                None,
                date,
            )
        )
    published = _isoish(_text(article.get("PublishTime")))
    if published is not None and published.year <= 1:
        published = None
    return _thread(
        encoding,
        title=_text(article.get("Title")),
        author_field=_text(article.get("Author")),
        board=article.get("Board") or None,
        posted_at=published,
        url=article.get("PublicUrl") or None,
        body=_text(article.get("Content")),
        ip=None,
        pushes=pushes,
    )


PARSERS: dict[CrawlerKind, Callable[[JsonDict, str], Thread]] = {
    "jwlin": _jwlin,
    "pyptt": _pyptt,
    "comments": _comments_schema,
    "pcrawler": _pcrawler,
}

"""PTT crawler outputs: jwlin/ptt-web-crawler (and ptt2json), PyPtt post dicts
(1.x and 0.9), balaOuO-style ``comments`` dicts and Rayer/pcrawler-go documents."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from ..messages import msg
from . import jsondoc
from .errors import ThreadFileError
from .model import Comment, Thread
from .ptt_area import clean_block, split_user_signature
from .ptt_lines import PTT_URL_RE, find_signature
from .timeinfer import (
    TAIPEI,
    PushDate,
    YearInference,
    parse_ctime,
    parse_push_date,
    time_from_post_id,
)

_TRAILING_COMMA_RE = re.compile(r",(\s*[\]}])")
_IPDT_RE = re.compile(r"^\s*(?:(?P<ip>\S+)\s+)?(?P<md>\d{1,2}/\d{1,2})(?:\s+(?P<hm>\d\d:\d\d))?")
_ISOISH_RE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::(\d\d))?")
_PYPTT_TYPES = {"PUSH": "推", "BOO": "噓", "ARROW": "→", 1: "推", 2: "噓", 3: "→"}
_PCRAWLER_TYPES = {1: "推", 0: "→", -1: "噓"}

JsonDict = Mapping[str, Any]
#: tag, author, text, ip, year-less date
RawPush = tuple[str, str, str, str | None, PushDate | None]


def tolerant_loads(text: str) -> Any:
    """Load JSON that old crawlers wrote with a trailing comma (``…},]}``)."""
    try:
        return jsondoc.loads(_TRAILING_COMMA_RE.sub(r"\1", text))
    except (json.JSONDecodeError, RecursionError):
        return None


def _articles(doc: Any) -> list[Any] | None:
    if isinstance(doc, Mapping) and isinstance(doc.get("articles"), list):
        return list(doc["articles"])
    if isinstance(doc, Mapping):
        return [doc]
    if isinstance(doc, list) and doc and all(isinstance(x, Mapping) for x in doc):
        return doc
    return None


def _kind(d: Any) -> str | None:
    if not isinstance(d, Mapping):
        return None
    if "messages" in d or "article_id" in d or "article_title" in d:
        return "jwlin"
    if "CommitterInfoList" in d:
        return "pcrawler"
    if "push_list" in d or ("aid" in d and "comments" in d):
        return "pyptt"
    if isinstance(d.get("comments"), list) and ("title" in d or "content" in d):
        return "comments"
    return None


def is_crawler(doc: Any) -> bool:
    arts = _articles(doc)
    return arts is not None and any(_kind(a) for a in arts)


def parse(doc: Any, encoding: str) -> list[Thread]:
    arts = _articles(doc) or []
    threads: list[Thread] = []
    skipped = 0
    for a in arts:
        kind = _kind(a)
        if kind is None or (isinstance(a, Mapping) and "error" in a and len(a) <= 2):
            skipped += 1
            continue
        threads.append(_PARSERS[kind](a, encoding))
    if not threads:
        raise ThreadFileError(msg("it holds no article"), looked_like="PTT crawler JSON")
    if skipped:
        threads[0].warnings.append(
            msg("{count} entr(ies) in the file are not articles and were skipped", count=skipped)
        )
    return threads


def _s(v: Any) -> str:
    return "" if v is None else str(v)


def _ip(v: Any) -> str | None:
    s = _s(v).strip()
    return None if s in ("", "None", "null") else s


def _split_author(field: str) -> tuple[str | None, str | None]:
    m = re.match(r"^\s*(\S+?)\s*(?:\((.*)\))?\s*$", field)
    if not m:
        return (field.strip() or None), None
    return m.group(1), m.group(2)


def _resolve(start: datetime | None, dates: list[PushDate | None]) -> list[datetime | None]:
    if start is None:
        return [None] * len(dates)
    clock = YearInference(start)
    return [clock.resolve(d) if d else None for d in dates]


def _board_from_url(url: str | None) -> tuple[str | None, datetime | None]:
    if not url:
        return None, None
    m = PTT_URL_RE.match(url)
    if not m:
        return None, None
    return m["board"], time_from_post_id(m["id"])


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
    times = _resolve(posted_at, [p[4] for p in pushes])
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


def _jwlin(d: JsonDict, encoding: str) -> Thread:
    pushes = []
    for m in d.get("messages") or []:
        ipdt = _IPDT_RE.match(_s(m.get("push_ipdatetime")))
        date = parse_push_date(ipdt["md"], ipdt["hm"]) if ipdt else None
        pushes.append(
            (
                _s(m.get("push_tag")).strip() or "→",
                _s(m.get("push_userid")).strip(),
                _s(m.get("push_content")).strip(),
                ipdt["ip"] if ipdt else None,
                date,
            )
        )
    url = d.get("url") or (
        f"https://www.ptt.cc/bbs/{d['board']}/{d['article_id']}.html"
        if d.get("board") and d.get("article_id")
        else None
    )
    t = _thread(
        encoding,
        title=_s(d.get("article_title")),
        author_field=_s(d.get("author")),
        board=d.get("board"),
        posted_at=parse_ctime(_s(d.get("date"))),
        url=url,
        body=_s(d.get("content")),
        ip=_ip(d.get("ip")),
        pushes=pushes,
    )
    counts = d.get("message_count") or d.get("message_conut")
    if (
        isinstance(counts, Mapping)
        and _s(counts.get("all")).isdigit()
        and int(counts["all"]) != len(t.comments)
    ):
        t.warnings.append(
            msg(
                "the crawler counted {counted} comments but the file holds {held}",
                counted=counts["all"],
                held=len(t.comments),
            )
        )
    t.warnings.append(msg("the crawler flattened the article text (line breaks and symbols are lost)"))
    return t


def _pyptt(d: JsonDict, encoding: str) -> Thread:
    pushes = []
    for c in d.get("comments") or d.get("push_list") or []:
        tag = _PYPTT_TYPES.get(c.get("type"), "→")
        t = _s(c.get("time")).strip()
        md, _, hm = t.partition(" ")
        pushes.append(
            (
                tag,
                _s(c.get("author")),
                _s(c.get("content")).strip(),
                _ip(c.get("ip")),
                parse_push_date(md, hm or None) if md else None,
            )
        )
    return _thread(
        encoding,
        title=_s(d.get("title")),
        author_field=_s(d.get("author")),
        board=d.get("board"),
        posted_at=parse_ctime(_s(d.get("date"))),
        url=d.get("url") or d.get("web_url"),
        body=_s(d.get("content")),
        ip=_ip(d.get("ip")),
        pushes=pushes,
    )


def _isoish(s: str) -> datetime | None:
    m = _ISOISH_RE.match(s.strip())
    if not m:
        return None
    y, mo, d, h, mi, sec = (int(g) if g else 0 for g in m.groups())
    try:
        return datetime(y, mo, d, h, mi, sec, tzinfo=TAIPEI)
    except ValueError:
        return None


def _comments_schema(d: JsonDict, encoding: str) -> Thread:
    # The crawler filled push years from the post date (wrong across New Year):
    # keep month/day/time and infer the year again.
    pushes = []
    for c in d.get("comments") or []:
        t = _isoish(_s(c.get("time")))
        date = PushDate(t.month, t.day, t.hour, t.minute) if t else None
        pushes.append(
            (
                _s(c.get("tag")).strip() or "→",
                _s(c.get("author")),
                _s(c.get("content")).strip(),
                _ip(c.get("ip")),
                date,
            )
        )
    return _thread(
        encoding,
        title=_s(d.get("title")),
        author_field=_s(d.get("author")),
        board=d.get("board"),
        posted_at=_isoish(_s(d.get("time"))) or parse_ctime(_s(d.get("time"))),
        url=d.get("url"),
        body=_s(d.get("content")),
        ip=_ip(d.get("ip")),
        pushes=pushes,
    )


def _pcrawler(d: JsonDict, encoding: str) -> Thread:
    pushes: list[RawPush] = []
    for c in d.get("CommitterInfoList") or []:
        ts = _s(c.get("Timestamp"))
        m = re.match(r"^\d{4}-(\d\d)-(\d\d)T(\d\d):(\d\d)", ts)
        date = PushDate(int(m[1]), int(m[2]), int(m[3]), int(m[4])) if m else None
        pushes.append(
            (
                _PCRAWLER_TYPES.get(c.get("Type"), "→"),
                _s(c.get("Committer")),
                _s(c.get("Content")).strip(),
                None,
                date,
            )
        )
    published = _isoish(_s(d.get("PublishTime")))
    if published is not None and published.year <= 1:
        published = None
    return _thread(
        encoding,
        title=_s(d.get("Title")),
        author_field=_s(d.get("Author")),
        board=d.get("Board") or None,
        posted_at=published,
        url=d.get("PublicUrl") or None,
        body=_s(d.get("Content")),
        ip=None,
        pushes=pushes,
    )


_PARSERS: dict[str, Callable[[JsonDict, str], Thread]] = {
    "jwlin": _jwlin,
    "pyptt": _pyptt,
    "comments": _comments_schema,
    "pcrawler": _pcrawler,
}


is_match = is_crawler  # the loader asks every JSON format the same way

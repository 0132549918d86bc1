"""www.ptt.cc article pages: raw responses, browser-saved and re-indented pages.

A small tokenizer walks ``#main-content`` only (thread/ptt_html_walk.py); the page's head,
meta lines, article text and pushes then make the thread.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime

from ..messages import msg
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
from .ptt_html_walk import Page, walk
from .ptt_lines import PTT_URL_RE, PushLine, find_signature, split_author
from .ptt_text import find_header
from .timeinfer import parse_ctime, time_from_post_id

_MAIN_ID_RE = re.compile(r"\bid\s*=\s*[\"']main-content[\"']", re.I)
_DIV_OPEN_RE = re.compile(r"<div\b[^<>]*\Z", re.I)
OG_TITLE_RE = re.compile(r"<meta\s+property=\"og:title\"\s+content=\"([^\"]*)\"", re.I)
CANONICAL_RE = re.compile(
    r"<link\s+rel=\"canonical\"\s+href=\"([^\"]*)\"|<meta\s+property=\"og:url\"\s+content=\"([^\"]*)\"",
    re.I,
)
_TITLE_OPEN_RE = re.compile(r"<title>", re.I)
_TITLE_CLOSE_RE = re.compile(r"</title>", re.I)
TITLE_PARTS_RE = re.compile(r"^(?P<title>.*?) - 看板 (?P<board>\S+) - 批踢踢實業坊\s*$")


def parse_html(
    text: str, *, encoding: str, reference_time: datetime | None = None, fast: bool = True
) -> Thread:
    _reject_non_articles(text)
    main = find_main(text)
    if main is None:
        raise ThreadFileError(
            msg("it has no article content (#main-content); save the article page itself"),
            looked_like=msg("a web page"),
        )
    page = walk(text, main[1], fast)
    if not page.closed:
        page.warnings.append(msg("the page is truncated: it ends before the end of the article"))
    thread = _build(text[: main[0]], page, encoding, reference_time)
    if not thread.comments and not thread.body.strip() and not page.metas:
        raise ThreadFileError(
            msg(
                "the page holds no article: no title, no text and no comments "
                "(it may have been cut short while saving)"
            ),
            looked_like=msg("a ptt.cc page"),
        )
    return thread


def find_main(text: str) -> tuple[int, int] | None:
    """Where the ``<div id="main-content">`` tag starts and ends, or None. Found from the
    id back to its ``<div`` (a pattern from ``<div`` on to the id would rescan the rest
    of the text at every ``<div`` of a page that has no such id: quadratic time)."""
    for count, match in enumerate(_MAIN_ID_RE.finditer(text)):
        if count == 20:
            break
        tag_start = text.rfind("<", max(0, match.start() - 4096), match.start())
        if tag_start >= 0 and _DIV_OPEN_RE.match(text, tag_start, match.start()):
            tag_end = text.find(">", match.end())
            return (tag_start, tag_end + 1) if tag_end >= 0 else None
    return None


# (bounded: "<form" + unbounded "[^>]*" + "action" rescans the rest at every "<form")
_AGE_PAGE_RE = re.compile(
    r"""class\s*=\s*["'][^"']*\bover18-(?:notice|button-container)\b"""
    r"""|<form\b[^<>]{0,1000}?\baction\s*=\s*["'][^"'<>]{0,1000}?/ask/over18""",
    re.I,
)


def _reject_non_articles(text: str) -> None:
    head = text[:200_000]
    # Article pages of over-18 boards also name /ask/over18 (a cookie check in <head>):
    # the age-confirmation page is told apart by its body, a notice and a yes/no form,
    # and by having no article.
    if _AGE_PAGE_RE.search(head) and find_main(head) is None:
        raise ThreadFileError(
            msg(
                "this is PTT's age-confirmation page, not an article: save the page after "
                "confirming you are over 18"
            ),
            looked_like=msg("a ptt.cc page"),
        )
    if 'class="r-ent"' in head or "r-list-container" in head:
        raise ThreadFileError(
            msg("this is a board's article list, not an article: open one article and save it"),
            looked_like=msg("a ptt.cc board index page"),
        )
    if 'id="main-content"' not in head and "批踢踢實業坊" not in head and "ptt.cc" not in head:
        raise ThreadFileError(
            msg("it is not a PTT article page (only www.ptt.cc article pages can be read as HTML)"),
            looked_like=msg("a web page"),
        )


@dataclass
class _Header:
    """The article's header fields, from its meta lines (or its text), the page's head
    and its address."""

    author: str | None = None
    nick: str | None = None
    board: str | None = None
    title: str | None = None
    posted_at: datetime | None = None
    body_start: int = 0  # the first body line in the article's lines
    url: str | None = None


def _header(page: Page, article: list[str]) -> _Header:
    if not page.metas:
        found = find_header(article)  # a broken header can sit in the body as text
        if found is None:
            return _Header()
        return _Header(found.author, found.nick, found.board, found.title, found.time, found.body_start)
    metas = {tag: value for tag, value in page.metas}
    author, nick = _split_author(metas.get("作者") or metas.get("發信人"))
    posted_at = parse_ctime(metas["時間"]) if "時間" in metas else None
    return _Header(author, nick, metas.get("看板") or metas.get("站內"), metas.get("標題"), posted_at)


def _complete(header: _Header, head: str, tail: list[str]) -> None:
    """The address, and what the meta lines did not say, from the signature's tail and
    the page's head."""
    url, url_board, post_id = find_url(tail, header.board)
    page_url = _page_url(head)
    if url is None and page_url:
        url_match = PTT_URL_RE.match(page_url)
        url, url_board, post_id = (
            page_url,
            url_match["board"] if url_match else None,
            url_match["id"] if url_match else None,
        )
    header.url = url
    if header.title is None or header.board is None:
        t_title, t_board = _title_from_head(head)
        header.title = header.title or t_title
        header.board = header.board or t_board or url_board
    if header.posted_at is None and post_id:
        header.posted_at = time_from_post_id(post_id)


def _build(head: str, page: Page, encoding: str, reference: datetime | None) -> Thread:
    warnings = list(page.warnings)
    first_push = next((i for i, item in enumerate(page.items) if isinstance(item, PushLine)), len(page.items))
    article = [str(entry) for entry in page.items[:first_push]]
    if _reindented(article):
        article = [line.strip() for line in article]
    header = _header(page, article)
    sig = find_signature(article, header.body_start)
    content_end, sig_end = sig if sig else (len(article), len(article))
    body_lines, user_sig = split_user_signature(article[header.body_start : content_end])
    tail = article[content_end:]
    _complete(header, head, tail)
    if not page.metas and header.author is None:
        warnings.append(msg("the page has no article header: the author is unknown"))

    items: list[str | PushLine] = [*article[sig_end:], *page.items[first_push:]]
    area = parse_push_area(
        items,
        start=clock_start(header.posted_at, body_lines),
        reference=reference,
        thread_author=header.author,
    )
    warnings.extend(area.warnings)
    return Thread(
        site="ptt",
        format="ptt-html",
        encoding=encoding,
        title=header.title or fallback_title(body_lines),
        body=clean_block(body_lines),
        comments=area.comments,
        board=header.board,
        author=header.author,
        author_nick=header.nick,
        posted_at=header.posted_at,
        url=header.url,
        ip=find_ip(tail),
        signature=clean_block(user_sig + article[content_end:sig_end]),
        notes=area.notes,
        warnings=warnings,
    )


def _reindented(lines: list[str]) -> bool:
    """Pretty-printed pages indent every text line; real bodies rarely do."""
    nonblank = [line for line in lines if line.strip()]
    if len(nonblank) < 3:
        return False
    indented = sum(1 for line in nonblank if line.startswith((" ", "\t")))
    return indented >= 0.9 * len(nonblank)


def _split_author(field_: str | None) -> tuple[str | None, str | None]:
    if not field_:
        return None, None
    return split_author(field_) or (field_.strip(), None)


def _title_from_head(head: str) -> tuple[str | None, str | None]:
    # the first <title> and the first </title> after it (TITLE_RE would rescan the rest of
    # the head from every later "<title>" when there is no "</title>": quadratic)
    opening = _TITLE_OPEN_RE.search(head)
    closing = _TITLE_CLOSE_RE.search(head, opening.end()) if opening else None
    if opening and closing:
        text = html.unescape(head[opening.end() : closing.start()]).strip()
        parts = TITLE_PARTS_RE.match(text)
        if parts:
            return parts["title"], parts["board"]
    og_title = OG_TITLE_RE.search(head)
    if og_title:
        return html.unescape(og_title.group(1)).strip() or None, None
    return None, None


def _page_url(head: str) -> str | None:
    match = CANONICAL_RE.search(head)
    if match:
        return html.unescape(match.group(1) or match.group(2))
    return None

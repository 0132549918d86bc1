"""www.ptt.cc article pages: raw responses, browser-saved and re-indented pages.

A small tokenizer walks ``#main-content`` only. Canonical push divs are matched whole
by one regular expression (the fast path); anything else goes through a generic
tag/text state machine, which gives the same result for canonical pushes too.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime

from ..messages import Text, msg
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
from .ptt_lines import PTT_URL_RE, PushLine, find_signature, split_author
from .ptt_text import find_header
from .timeinfer import parse_ctime, parse_push_date, time_from_post_id

_FAST_PUSH = (
    r'(?P<push><div class="push">\s*<span class="[^"]*push-tag">(?P<tag>[^<]*)</span>\s*'
    r'<span class="[^"]*push-userid">(?P<uid>[^<]*)</span>\s*'
    # possessive: the content is read once, never re-split (bad markup cost exponential time)
    r'<span class="[^"]*push-content">(?P<content>(?:[^<]++|<(?!/?span\b))*+)</span>\s*'
    r'<span class="push-ipdatetime">(?P<ipdt>[^<]*)</span>\s*</div>)'
)
# Every construct also ends at the end of the text (as in a browser: an unclosed comment
# or script runs to the end), so that no token can fail after scanning far ahead: a
# scan that failed would be repeated from every later "<" (quadratic time), and nested
# quantifiers that may backtrack would be exponential.
_GENERIC = (
    r"|(?P<comment><!--.*?(?:-->|\Z))"
    r"|<(?P<raw>script|style|noscript|template)\b[^>]*+(?:>.*?(?:</(?P=raw)\s*>|\Z)|\Z)"
    r"|<(?P<end>/?)(?P<name>[a-zA-Z][a-zA-Z0-9]*)"
    r"(?P<attrs>(?:[^>\"']++|\"[^\"]*+(?:\"|\Z)|'[^']*+(?:'|\Z))*+)(?:>|\Z)"
)
TOKEN_RE = re.compile(_FAST_PUSH + _GENERIC, re.S | re.I)
GENERIC_RE = re.compile(_GENERIC[1:], re.S | re.I)
_MAIN_ID_RE = re.compile(r"\bid\s*=\s*[\"']main-content[\"']", re.I)
_DIV_OPEN_RE = re.compile(r"<div\b[^<>]*\Z", re.I)
CLASS_RE = re.compile(r"\bclass\s*=\s*[\"']([^\"']*)[\"']", re.I)
CFEMAIL_RE = re.compile(r"\bdata-cfemail\s*=\s*[\"']([0-9a-fA-F]+)[\"']")
IPDT_RE = re.compile(r"^\s*(?:(?P<ip>\S+)\s+)?(?P<md>\d{1,2}/\d{1,2})(?:\s+(?P<hm>\d{1,2}:\d\d))?\s*$")
OG_TITLE_RE = re.compile(r"<meta\s+property=\"og:title\"\s+content=\"([^\"]*)\"", re.I)
CANONICAL_RE = re.compile(
    r"<link\s+rel=\"canonical\"\s+href=\"([^\"]*)\"|<meta\s+property=\"og:url\"\s+content=\"([^\"]*)\"",
    re.I,
)
TITLE_PARTS_RE = re.compile(r"^(?P<title>.*?) - 看板 (?P<board>\S+) - 批踢踢實業坊\s*$")
VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "source", "wbr", "area", "col"})
ROLES = (
    "article-meta-tag",
    "article-meta-value",
    "push-tag",
    "push-userid",
    "push-content",
    "push-ipdatetime",
    "richcontent",
    "warning-box",
    "__cf_email__",
)


@dataclass
class _Page:
    metas: list[tuple[str, str]] = field(default_factory=list)
    items: list[str | PushLine] = field(default_factory=list)  # free text and pushes
    warnings: list[Text] = field(default_factory=list)
    closed: bool = False


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
    page = _walk(text, main[1], fast)
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


def _walk(src: str, pos: int, fast: bool) -> _Page:
    """Tokenize #main-content from ``pos`` until its closing tag."""
    page = _Page()
    stack = _OpenTags()
    div_depth = 1
    free: list[str] = []
    push: dict[str, list[str]] | None = None
    meta: dict[str, list[str]] | None = None
    unescape = html.unescape
    regex = TOKEN_RE if fast else GENERIC_RE

    def flush_free() -> None:
        if free:
            page.items.extend(unescape("".join(free)).split("\n"))
            free.clear()

    role = stack.role
    last = pos
    for tok in regex.finditer(src, pos):
        if tok.start() > last:
            _route(src[last : tok.start()], role(), free, push, meta)
        last = tok.end()
        if fast and tok.group("push") is not None:
            flush_free()
            page.items.append(_make_push(tok["tag"], tok["uid"], _strip_tags(tok["content"]), tok["ipdt"]))
            continue
        name = tok.group("name")
        if name is None:
            continue
        name = name.lower()
        attrs = tok.group("attrs") or ""
        if tok.group("end"):
            if name == "div":
                div_depth -= 1
                if div_depth == 0:
                    page.closed = True
                    break
            tag_role = stack.close(name)
            if tag_role == "push" and push is not None:
                flush_free()
                _finish_push(push, page)
                push = None
            elif tag_role == "metaline" and meta is not None:
                tag_text = unescape("".join(meta.get("article-meta-tag", []))).strip()
                value = unescape("".join(meta.get("article-meta-value", []))).strip()
                page.metas.append((tag_text, value))
                meta = None
            continue
        if name in VOID or attrs.rstrip().endswith("/"):
            if name == "br":
                _route("\n", role(), free, push, meta)
            continue
        classes = CLASS_RE.search(attrs)
        cls = classes.group(1).split() if classes else []
        tag_role = _role_for(name, cls)
        if name == "div":
            div_depth += 1
        if tag_role == "push":
            if "warning-box" in cls:
                tag_role = "warning-box"
            else:
                flush_free()
                push = {}
        elif tag_role == "metaline":
            meta = {}
        elif tag_role == "__cf_email__":
            email_match = CFEMAIL_RE.search(attrs)
            if email_match:
                _route(_decode_cfemail(email_match.group(1)), role(), free, push, meta)
        stack.open(name, tag_role)
    else:
        if last < len(src):
            _route(src[last:], role(), free, push, meta)
    flush_free()
    return page


def _role_for(name: str, cls: list[str]) -> str | None:
    if name == "div":
        if "push" in cls:
            return "push"
        if "article-metaline" in cls or "article-metaline-right" in cls:
            return "metaline"
        if "richcontent" in cls:
            return "richcontent"
    for role in ROLES:
        if role in cls:
            return role
    return None


class _OpenTags:
    """The open elements, with O(1) amortised work per tag whatever the markup: the
    innermost role is kept per depth, and each name's open positions are indexed, so
    unclosed or stray tags never make the walk rescan the stack (that was quadratic)."""

    def __init__(self) -> None:
        self._names: list[str] = []
        self._own: list[str | None] = []  # each element's own role
        self._roles: list[str | None] = []  # innermost "name:role" entry at each depth
        self._where: dict[str, list[int]] = {}

    def role(self) -> str | None:
        return self._roles[-1] if self._roles else None

    def open(self, name: str, role: str | None) -> None:
        self._where.setdefault(name, []).append(len(self._names))
        self._names.append(name)
        self._own.append(role)
        self._roles.append(f"{name}:{role}" if role else self.role())

    def close(self, name: str) -> str | None:
        """Close the innermost open ``name`` (tolerating unclosed children); its role."""
        found = self._where.get(name)
        if not found:
            return None
        i = found[-1]
        own = self._own[i]
        while len(self._names) > i:
            self._where[self._names.pop()].pop()
            self._own.pop()
            self._roles.pop()
        return own


def _route(
    text: str,
    role_entry: str | None,
    free: list[str],
    push: dict[str, list[str]] | None,
    meta: dict[str, list[str]] | None,
) -> None:
    role = role_entry.partition(":")[2] if role_entry else None
    if role in ("richcontent", "__cf_email__"):
        return
    if role == "warning-box":
        free.append("\n" + text.strip() + "\n")
        return
    if push is not None:
        if role in ("push-tag", "push-userid", "push-content", "push-ipdatetime"):
            push.setdefault(role, []).append(text)
        return
    if meta is not None:
        if role in ("article-meta-tag", "article-meta-value"):
            meta.setdefault(role, []).append(text)
        return
    free.append(text)


def _finish_push(push: dict[str, list[str]], page: _Page) -> None:
    page.items.append(
        _make_push(
            "".join(push.get("push-tag", [])),
            "".join(push.get("push-userid", [])),
            "".join(push.get("push-content", [])),
            "".join(push.get("push-ipdatetime", [])),
        )
    )


def _make_push(tag: str, uid: str, content: str, ipdt: str) -> PushLine:
    text = html.unescape(content).strip()
    if text.startswith(":"):
        text = text[1:]
    match = IPDT_RE.match(html.unescape(ipdt))
    ip = date = None
    if match:
        ip = match["ip"]
        date = parse_push_date(match["md"], match["hm"])
    return PushLine(tag.strip() or "→", html.unescape(uid).strip(), text.strip(), ip, date)


_TAG_RE = re.compile(r"<[^<>]*>")  # not "<[^>]*>": every "<" would rescan to the next ">"
# bounded, and ending at the end of the text, so that no "<a" rescans the rest (quadratic)
_CFEMAIL_A_RE = re.compile(r"<a\b[^<>]{0,1000}?__cf_email__[^<>]{0,1000}?>.*?(?:</a>|\Z)", re.S)
_TITLE_OPEN_RE = re.compile(r"<title>", re.I)
_TITLE_CLOSE_RE = re.compile(r"</title>", re.I)


def _strip_tags(fragment: str) -> str:
    if "<" not in fragment:
        return fragment
    email_match = CFEMAIL_RE.search(fragment)
    if email_match:
        fragment = _CFEMAIL_A_RE.sub(_cfemail_anchor, fragment)
    return _TAG_RE.sub("", fragment)


def _cfemail_anchor(anchor: re.Match[str]) -> str:
    """An obfuscated address's ``<a>`` as the address; left alone (its tags are stripped
    next) when the anchor has no ``data-cfemail`` (that used to raise AttributeError)."""
    email_match = CFEMAIL_RE.search(anchor.group())
    return _decode_cfemail(email_match.group(1)) if email_match else anchor.group()


def _decode_cfemail(hexstr: str) -> str:
    """Undo Cloudflare's e-mail obfuscation (the address XOR-ed with its first byte)."""
    try:
        data = bytes.fromhex(hexstr)
        key = data[0]
        return bytes(byte ^ key for byte in data[1:]).decode("utf-8", errors="replace")
    except (ValueError, IndexError):
        return "[email protected]"


def _build(head: str, page: _Page, encoding: str, reference: datetime | None) -> Thread:
    warnings = list(page.warnings)
    first_push = next((i for i, item in enumerate(page.items) if isinstance(item, PushLine)), len(page.items))
    article = [str(entry) for entry in page.items[:first_push]]
    if _reindented(article):
        article = [line.strip() for line in article]
    metas = {tag: value for tag, value in page.metas}
    author_field = metas.get("作者") or metas.get("發信人")
    author, nick = _split_author(author_field)
    board = metas.get("看板") or metas.get("站內")
    title = metas.get("標題")
    posted_at = parse_ctime(metas["時間"]) if "時間" in metas else None

    body_start = 0
    if not page.metas:
        header = find_header(article)  # a broken header can sit in the body as text
        if header is not None:
            author, nick, board, title = header.author, header.nick, header.board, header.title
            posted_at = header.time
            body_start = header.body_start
    sig = find_signature(article, body_start)
    content_end, sig_end = sig if sig else (len(article), len(article))
    body_lines, user_sig = split_user_signature(article[body_start:content_end])
    tail = article[content_end:]

    url, url_board, post_id = find_url(tail, board)
    page_url = _page_url(head)
    if url is None and page_url:
        url_match = PTT_URL_RE.match(page_url)
        url, url_board, post_id = (
            page_url,
            url_match["board"] if url_match else None,
            url_match["id"] if url_match else None,
        )
    if title is None or board is None:
        t_title, t_board = _title_from_head(head)
        title = title or t_title
        board = board or t_board or url_board
    if posted_at is None and post_id:
        posted_at = time_from_post_id(post_id)
    if not page.metas and author is None:
        warnings.append(msg("the page has no article header: the author is unknown"))

    items: list[str | PushLine] = [*article[sig_end:], *page.items[first_push:]]
    area = parse_push_area(
        items,
        start=clock_start(posted_at, body_lines),
        reference=reference,
        thread_author=author,
    )
    warnings.extend(area.warnings)
    return Thread(
        site="ptt",
        format="ptt-html",
        encoding=encoding,
        title=title or fallback_title(body_lines),
        body=clean_block(body_lines),
        comments=area.comments,
        board=board,
        author=author,
        author_nick=nick,
        posted_at=posted_at,
        url=url,
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

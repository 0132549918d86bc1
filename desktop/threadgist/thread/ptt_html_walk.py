"""The walk of a ptt.cc page's ``#main-content``: a small tokenizer that matches canonical
push divs whole with one regular expression (the fast path) and takes anything else through
a generic tag/text state machine, which gives the same result for canonical pushes too.
Every pattern is linear: no token can fail after scanning far ahead."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..messages import Text
from .ptt_html_text import CFEMAIL_RE, decode_cfemail, make_push, strip_tags
from .ptt_lines import PushLine

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
CLASS_RE = re.compile(r"\bclass\s*=\s*[\"']([^\"']*)[\"']", re.I)
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
class Page:
    """What the walk found in #main-content."""

    metas: list[tuple[str, str]] = field(default_factory=list)
    items: list[str | PushLine] = field(default_factory=list)  # free text and pushes
    warnings: list[Text] = field(default_factory=list)
    closed: bool = False


def walk(src: str, pos: int, fast: bool) -> Page:
    """Tokenize #main-content from ``pos`` until its closing tag."""
    walker = _Walker(src, fast)
    regex = TOKEN_RE if fast else GENERIC_RE
    last = pos
    for tok in regex.finditer(src, pos):
        if tok.start() > last:
            walker.text(src[last : tok.start()])
        last = tok.end()
        if fast and tok.group("push") is not None:
            walker.flush_free()
            push = make_push(tok["tag"], tok["uid"], strip_tags(tok["content"]), tok["ipdt"])
            walker.page.items.append(push)
            continue
        name = tok.group("name")
        if name is None:
            continue
        if tok.group("end"):
            if walker.close(name.lower()):
                break
        else:
            walker.open(name.lower(), tok.group("attrs") or "")
    else:
        if last < len(src):
            walker.text(src[last:])
    walker.flush_free()
    return walker.page


class _Walker:
    """The state of the walk: the open tags, the free text, the push or meta line being
    read (their parts by role)."""

    def __init__(self, src: str, fast: bool):
        self.page = Page()
        self.stack = _OpenTags()
        self.div_depth = 1
        self.free: list[str] = []
        self.push: dict[str, list[str]] | None = None
        self.meta: dict[str, list[str]] | None = None

    def text(self, text: str) -> None:
        _route(text, self.stack.role(), self.free, self.push, self.meta)

    def flush_free(self) -> None:
        if self.free:
            self.page.items.extend(html.unescape("".join(self.free)).split("\n"))
            self.free.clear()

    def close(self, name: str) -> bool:
        """An end tag; True at the end of #main-content."""
        if name == "div":
            self.div_depth -= 1
            if self.div_depth == 0:
                self.page.closed = True
                return True
        tag_role = self.stack.close(name)
        if tag_role == "push" and self.push is not None:
            self.flush_free()
            _finish_push(self.push, self.page)
            self.push = None
        elif tag_role == "metaline" and self.meta is not None:
            tag_text = html.unescape("".join(self.meta.get("article-meta-tag", []))).strip()
            value = html.unescape("".join(self.meta.get("article-meta-value", []))).strip()
            self.page.metas.append((tag_text, value))
            self.meta = None
        return False

    def open(self, name: str, attrs: str) -> None:
        """A start tag (or a void one)."""
        if name in VOID or attrs.rstrip().endswith("/"):
            if name == "br":
                self.text("\n")
            return
        classes = CLASS_RE.search(attrs)
        cls = classes.group(1).split() if classes else []
        tag_role = _role_for(name, cls)
        if name == "div":
            self.div_depth += 1
        if tag_role == "push":
            if "warning-box" in cls:
                tag_role = "warning-box"
            else:
                self.flush_free()
                self.push = {}
        elif tag_role == "metaline":
            self.meta = {}
        elif tag_role == "__cf_email__":
            email_match = CFEMAIL_RE.search(attrs)
            if email_match:
                self.text(decode_cfemail(email_match.group(1)))
        self.stack.open(name, tag_role)


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


def _finish_push(push: dict[str, list[str]], page: Page) -> None:
    page.items.append(
        make_push(
            "".join(push.get("push-tag", [])),
            "".join(push.get("push-userid", [])),
            "".join(push.get("push-content", [])),
            "".join(push.get("push-ipdatetime", [])),
        )
    )

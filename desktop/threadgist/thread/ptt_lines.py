"""Line-level rules shared by the PTT text formats (copied web text, raw BBS files)
and by the HTML parser's text between pushes."""

from __future__ import annotations

import re
from typing import NamedTuple

from .model import ARROW, BOO, PUSH
from .timeinfer import PushDate, parse_push_date

_IPV4 = r"\d{1,3}(?:\.\d{1,3}){3}"

# Linear time on any line: the text may end only after a non-space (a match inside a
# run of spaces would also match at the run's start, which is tried first), and the
# spaces are taken possessively, once, with no two space runs side by side. The first
# versions ("(?P<text>.*?)\s*(ip)?\s*", "\S.*?|") tried every way to share a run of
# spaces among their quantifiers from every position: cubic time (2,000 spaces, 30 s).
# tests/test_redos.py checks these match exactly what those versions matched.

# "推 id: text   1.2.3.4 MM/DD HH:MM" — the IP is optional and may touch the text.
PUSH_RE = re.compile(
    r"^(?P<tag>[推噓→]) (?P<id>[^\s:]++)\s*+:(?P<text>(?:.*?\S)??)\s*+"
    rf"(?:(?P<ip>{_IPV4})\s*+)?(?P<md>\d{{1,2}}/\d{{1,2}})(?: (?P<hm>\d\d:\d\d))?\s*+$"
)
# The text: empty, or from a non-space to a non-space, shortest first (as "\S.*?|").
_OLD_TEXT = r"(?P<text>\S(?:.*?\S)??|)"
# 2002-era OLDRECOMMEND: "→ id:msg<pad>推  140.112.28.31 11/19" (host may be a name)
OLD_PUSH_RE = re.compile(
    rf"^→ (?P<id>[^\s:]++):{_OLD_TEXT}\s{{2,}}+(?P<tag>[推噓→])\s++(?P<ip>[\w.-]++)\s++"
    r"(?P<md>\d{1,2}/\d{1,2})\s*+$"
)
# PTT2 variant: "→ CodingMan:What is Ptt?   推 10/04 13:25"
PTT2_PUSH_RE = re.compile(
    rf"^→ (?P<id>[^\s:]++):{_OLD_TEXT}\s{{2,}}+(?P<tag>[推噓])\s++"
    r"(?P<md>\d{1,2}/\d{1,2}) (?P<hm>\d\d:\d\d)\s*+$"
)

SITE_RE = re.compile(r"^\s*(?:※\s*發信站[:：]|◆\s*From[:：]|※\s*文章網址[:：])")
EDIT_RE = re.compile(r"^※\s*編輯[:：]\s*(?P<who>[^\s(]+)")
FORWARDER_RE = re.compile(r"^※\s*轉錄者[:：]\s*(?P<who>[^\s(]+)")
FORWARD_NOTICE_RE = re.compile(r"^※\s*(?P<who>[^\s:]+)\s*:\s*轉錄至")
DELETED_RE = re.compile(r"^\(\s*(?P<mod>\S+)\s+刪除\s+(?P<who>\S+)\s+的推文[:：]?.*\)\s*$")
OVERSIZE_TEXT = "檔案過大！部分文章無法顯示"
URL_LINE_RE = re.compile(r"※\s*文章網址[:：]\s*(?P<url>https?://\S+)")
FROM_IP_RE = re.compile(
    r"(?:來自[:：]\s*|◆\s*From[:：]\s*|轉錄者[:：]\s*\S+\s*\()(?P<ip>"
    rf"{_IPV4}|[A-Za-z0-9][\w.-]*)"
)
PTT_URL_RE = re.compile(
    r"https?://(?:www\.)?ptt\.cc/bbs/(?P<board>[\w-]+)/(?P<id>M\.\d+\.A(?:\.[0-9A-F]{3})?)\.html"
)
VALID_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]{1,11}$")

# Text a select-all copy of a ptt.cc page picks up around the article.
WEB_CHROME = frozenset(
    {
        "批踢踢實業坊",
        "›",
        "關於我們",
        "聯絡資訊",
        "返回看板",
        "分享",
        "推文自動更新已關閉",
        "推文自動更新已開啟",
        "看板",
        "精華區",
        "首頁",
    }
)


#: One shared string per tag (a regex group is a new string each time: 76 bytes a push).
_TAG = {PUSH: PUSH, BOO: BOO, ARROW: ARROW}


class PushLine(NamedTuple):
    """A push line's parts (a tuple, for the same reason as :class:`PushDate`)."""

    tag: str
    author: str
    text: str
    ip: str | None
    date: PushDate | None


def valid_ipv4(ip: str) -> bool:
    parts = ip.split(".")
    return len(parts) == 4 and all(part.isdigit() and int(part) <= 255 for part in parts)


def parse_push_line(line: str) -> PushLine | None:
    """Parse one push line (ANSI already stripped). None when it is not a push."""
    if not line or line[0] not in "推噓→":
        return None
    if line[0] == "→":
        match = OLD_PUSH_RE.match(line) or PTT2_PUSH_RE.match(line)
        if match:
            groups = match.groupdict()
            return PushLine(
                _TAG[match["tag"]],
                match["id"],
                match["text"].strip(),
                groups.get("ip"),
                parse_push_date(match["md"], groups.get("hm")),
            )
    match = PUSH_RE.match(line)
    if not match:
        return None
    text, ip = match["text"], match["ip"]
    if ip is not None and not valid_ipv4(ip):
        text, ip = text + ip, None
    return PushLine(
        _TAG[match["tag"]], match["id"], text.strip(), ip, parse_push_date(match["md"], match["hm"])
    )


def split_author(field: str) -> tuple[str, str | None] | None:
    """``"id (nick)"`` as (id, nick), ``"id"`` as (id, None); None when the field is not
    shaped so. What ``^\\s*(\\S+?)\\s*(?:\\((.*)\\))?\\s*$`` matched, in linear time: that
    pattern looked for the closing ")" at the end from every "(" (quadratic)."""
    body = field.lstrip()
    if not body:
        return None
    token_end = next((i for i, char in enumerate(body) if char.isspace()), len(body))
    last = len(body.rstrip()) - 1  # the nick's ")" must be the last character but spaces

    def closes(opening: int) -> bool:
        return body[last] == ")" and last > opening and "\n" not in body[opening + 1 : last]

    opening = body.find("(", 1, token_end)  # "id(nick)": the first "(" after the id
    if opening > 0 and closes(opening):
        return body[:opening], body[opening + 1 : last]
    opening = len(body) - len(body[token_end:].lstrip())  # "id (nick)"
    if opening <= last and body[opening] == "(" and closes(opening):
        return body[:token_end], body[opening + 1 : last]
    return (body[:token_end], None) if token_end > last else None


def is_site_line(line: str) -> bool:
    return bool(SITE_RE.match(line))


def classify_note(line: str) -> tuple[str, str | None]:
    """Kind and author of a non-push line in the comment area."""
    text = line.strip()
    if match := EDIT_RE.match(text):
        return "edit", match["who"]
    if match := FORWARDER_RE.match(text):
        return "forward", match["who"]
    if match := FORWARD_NOTICE_RE.match(text):
        return "forward", match["who"]
    if match := DELETED_RE.match(text):
        return "deleted", match["who"]
    if text == "--" or is_site_line(text):
        return "site", None
    return "reply", None


def is_chrome(line: str) -> bool:
    text = line.strip()
    return text in WEB_CHROME or text.startswith(("看板 ", "批踢踢實業坊 ›"))


def find_signature(lines: list[str], start: int = 0) -> tuple[int, int] | None:
    """Locate the site-signature block: returns (first, end) line indices, where
    ``first`` is the ``--`` line (or the first site line when ``--`` is missing)
    and ``end`` is one past the last site line. None when there is none.

    The first ``--`` directly followed by a site line wins: a user's own signature
    has its own ``--`` before it, and forwarded originals add further blocks later.
    """
    total = len(lines)
    for i in range(start, total):
        text = lines[i].rstrip()
        if text == "--" and i + 1 < total and is_site_line(lines[i + 1]):
            end = i + 1
            while end < total and is_site_line(lines[end]):
                end += 1
            return i, end
    for i in range(start, total):
        if lines[i].startswith(("※ 發信站", "※發信站", "◆ From")):
            end = i
            while end < total and is_site_line(lines[end]):
                end += 1
            return i, end
    return None

"""Line-level rules shared by the PTT text formats (copied web text, raw BBS files)
and by the HTML parser's text between pushes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import ARROW, BOO, PUSH
from .timeinfer import PushDate, parse_push_date

_IPV4 = r"\d{1,3}(?:\.\d{1,3}){3}"

# "推 id: text   1.2.3.4 MM/DD HH:MM" — the IP is optional and may touch the text.
PUSH_RE = re.compile(
    r"^(?P<tag>[推噓→]) (?P<id>[^\s:]+)\s*:(?P<text>.*?)\s*"
    rf"(?P<ip>{_IPV4})?\s*(?P<md>\d{{1,2}}/\d{{1,2}})(?: (?P<hm>\d\d:\d\d))?\s*$"
)
# 2002-era OLDRECOMMEND: "→ id:msg<pad>推  140.112.28.31 11/19" (host may be a name)
OLD_PUSH_RE = re.compile(
    r"^→ (?P<id>[^\s:]+):(?P<text>\S.*?|)\s{2,}(?P<tag>[推噓→])\s+(?P<ip>[\w.-]+)\s+"
    r"(?P<md>\d{1,2}/\d{1,2})\s*$"
)
# PTT2 variant: "→ CodingMan:What is Ptt?   推 10/04 13:25"
PTT2_PUSH_RE = re.compile(
    r"^→ (?P<id>[^\s:]+):(?P<text>\S.*?|)\s{2,}(?P<tag>[推噓])\s+"
    r"(?P<md>\d{1,2}/\d{1,2}) (?P<hm>\d\d:\d\d)\s*$"
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


@dataclass(frozen=True, slots=True)
class PushLine:
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

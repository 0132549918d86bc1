"""Text out of a ptt.cc page's markup: a push from its four parts, tags stripped from a
push's content, and Cloudflare's obfuscated e-mail addresses decoded."""

from __future__ import annotations

import html
import re

from .ptt_lines import PushLine
from .timeinfer import parse_push_date

CFEMAIL_RE = re.compile(r"\bdata-cfemail\s*=\s*[\"']([0-9a-fA-F]+)[\"']")
IPDT_RE = re.compile(r"^\s*(?:(?P<ip>\S+)\s+)?(?P<md>\d{1,2}/\d{1,2})(?:\s+(?P<hm>\d{1,2}:\d\d))?\s*$")


def make_push(tag: str, uid: str, content: str, ipdt: str) -> PushLine:
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


def strip_tags(fragment: str) -> str:
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
    return decode_cfemail(email_match.group(1)) if email_match else anchor.group()


def decode_cfemail(hexstr: str) -> str:
    """Undo Cloudflare's e-mail obfuscation (the address XOR-ed with its first byte)."""
    try:
        data = bytes.fromhex(hexstr)
        key = data[0]
        return bytes(byte ^ key for byte in data[1:]).decode("utf-8", errors="replace")
    except (ValueError, IndexError):
        return "[email protected]"

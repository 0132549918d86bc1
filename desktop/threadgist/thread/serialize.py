"""The ``parse --json`` contract and the readable overview."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any

from .model import Thread


def _iso(t: datetime | None) -> str | None:
    return t.isoformat() if t else None


def thread_to_dict(t: Thread) -> dict[str, Any]:
    s = t.stats
    return {
        "format": t.format,
        "encoding": t.encoding,
        "site": t.site,
        "board": t.board,
        "title": t.title,
        "author": t.author,
        "author_nick": t.author_nick,
        "posted_at": _iso(t.posted_at),
        "url": t.url,
        "ip": t.ip,
        "body": t.body,
        "comments": [
            {
                "floor": c.floor,
                "tag": c.tag,
                "author": c.author,
                "text": c.text,
                "time": _iso(c.time),
                "ip": c.ip,
                "parent": c.parent,
                "depth": c.depth,
                **({"deleted": True} if c.deleted else {}),
            }
            for c in t.comments
        ],
        "utterances": [
            {"floors": [u.first, u.last], "author": u.author, "text": u.text} for u in t.utterances
        ],
        "notes": [
            {"after_floor": n.after_floor, "kind": n.kind, "author": n.author, "text": n.text}
            for n in t.notes
        ],
        "stats": {
            "push": s.push,
            "boo": s.boo,
            "arrow": s.arrow,
            "comments": s.comments,
            "users": s.users,
        },
        "warnings": [str(w) for w in t.warnings],
    }


def display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - display_width(s))


def overview(t: Thread, *, body_lines: int = 12, max_comments: int | None = None) -> str:
    s = t.stats
    out: list[str] = []
    where = f"{t.board} · " if t.board else ""
    out.append(f"{where}{t.title}")
    who = t.author or "(unknown author)"
    if t.author_nick:
        who += f" ({t.author_nick})"
    when = t.posted_at.strftime("%Y-%m-%d %H:%M %z") if t.posted_at else "unknown time"
    out.append(f"{who} · {when} · {t.format}, {t.encoding}")
    if t.site == "ptt":
        out.append(
            f"推 {s.push}  噓 {s.boo}  → {s.arrow}  · net {s.net:+d} · "
            f"{s.comments} comments by {s.users} users"
        )
    else:
        out.append(f"{s.comments} comments by {s.users} users")
    if t.url:
        out.append(t.url)
    for w in t.warnings:
        out.append(f"warning: {w}")
    out.append("")
    body = t.body.splitlines()
    out.extend(body[:body_lines])
    if len(body) > body_lines:
        out.append(f"… ({len(body) - body_lines} more lines)")
    out.append("")
    width = max((display_width(c.author) for c in t.comments), default=0)
    shown = t.comments if max_comments is None else t.comments[:max_comments]
    for c in shown:
        tag = c.tag or "  " * min(c.depth, 6) + "·"
        when_c = c.time.strftime("%m/%d %H:%M") if c.time else ""
        text = c.text.replace("\n", " ⏎ ")
        out.append(f"{c.floor:>5} {tag} {_pad(c.author, width)}  {text}  {when_c}".rstrip())
    if len(shown) < len(t.comments):
        out.append(f"… ({len(t.comments) - len(shown)} more comments)")
    return "\n".join(out)

"""The ``parse --json`` contract and the readable overview."""

from __future__ import annotations

import unicodedata
from typing import Any

from ..textsafe import one_line
from .json_out import comment_dict, head_dict, tail_dict, utterance_dict
from .model import Thread


def thread_to_dict(thread: Thread) -> dict[str, Any]:
    """The ``parse --json`` object of one thread (thread/json_out.py writes the same as a
    stream)."""
    return {
        **head_dict(thread),
        "comments": [comment_dict(comment) for comment in thread.comments],
        "utterances": [utterance_dict(utterance) for utterance in thread.utterances],
        **tail_dict(thread),
    }


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def overview(thread: Thread, *, body_lines: int = 12, max_comments: int | None = None) -> str:
    """The thread for reading in a terminal: every text from the file on its own line(s),
    without control characters (escape sequences, carriage returns) or bidirectional
    controls (textsafe.py)."""
    stats = thread.stats
    out: list[str] = []
    where = f"{thread.board} · " if thread.board else ""
    out.append(one_line(f"{where}{thread.title}"))
    who = thread.author or "(unknown author)"
    if thread.author_nick:
        who += f" ({thread.author_nick})"
    when = thread.posted_at.strftime("%Y-%m-%d %H:%M %z") if thread.posted_at else "unknown time"
    out.append(one_line(f"{who} · {when} · {thread.format}, {thread.encoding}"))
    if thread.site == "ptt":
        out.append(
            f"推 {stats.push}  噓 {stats.boo}  → {stats.arrow}  · net {stats.net:+d} · "
            f"{stats.comments} comments by {stats.users} users"
        )
    else:
        out.append(f"{stats.comments} comments by {stats.users} users")
    if thread.url:
        out.append(one_line(thread.url))
    for warning in thread.warnings:
        out.append(one_line(f"warning: {warning}"))
    out.append("")
    body = thread.body.splitlines()
    out.extend(one_line(line) for line in body[:body_lines])
    if len(body) > body_lines:
        out.append(f"… ({len(body) - body_lines} more lines)")
    out.append("")
    width = max((display_width(one_line(comment.author)) for comment in thread.comments), default=0)
    shown = thread.comments if max_comments is None else thread.comments[:max_comments]
    for comment in shown:
        author = one_line(comment.author)
        tag = one_line(comment.tag or "  " * min(comment.depth, 6) + "·")
        when_c = comment.time.strftime("%m/%d %H:%M") if comment.time else ""
        text = one_line(comment.text.replace("\n", " ⏎ "))
        out.append(f"{comment.floor:>5} {tag} {_pad(author, width)}  {text}  {when_c}".rstrip())
    if len(shown) < len(thread.comments):
        out.append(f"… ({len(thread.comments) - len(shown)} more comments)")
    return "\n".join(out)

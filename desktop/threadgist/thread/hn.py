"""Hacker News: the Algolia items tree (nested ``children``) and single Firebase items."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from ..messages import Text, msg
from .errors import ThreadFileError
from .model import Comment, Thread

_BLOCK_RE = re.compile(r"<\s*+(?:p|br|/pre|pre)\b[^>]*+>", re.I)
_TAG_RE = re.compile(r"<[^>]++>")


def html_to_text(fragment: str | None) -> str:
    """HN comment HTML (``<p>``, ``<i>``, ``<a>``, ``<pre><code>``, entities) as text."""
    if not fragment:
        return ""
    text = _before_last_gt(_BLOCK_RE.sub, "\n\n", fragment)
    text = html.unescape(_before_last_gt(_TAG_RE.sub, "", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _before_last_gt(sub: Callable[[str, str], str], repl: str, text: str) -> str:
    """``sub`` on the text up to its last ">" only: no tag can end after it, and a tag
    pattern tried from each "<" with no ">" ahead scans to the end of the text every
    time (quadratic: 80 KB of "<" took 15 s)."""
    end = text.rfind(">") + 1
    return sub(repl, text[:end]) + text[end:] if end else text


def is_hn(doc: Any) -> bool:
    if not isinstance(doc, Mapping):
        return False
    if "children" in doc and ("created_at_i" in doc or "story_id" in doc):
        return True
    return "by" in doc and "id" in doc and doc.get("type") in ("story", "comment", "poll", "job")


def _time(stamp: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(stamp), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def parse(doc: Mapping[str, Any], encoding: str) -> list[Thread]:
    if "children" in doc:
        return [_algolia(doc, encoding)]
    return [_firebase(doc, encoding)]


def _algolia(doc: Mapping[str, Any], encoding: str) -> Thread:
    comments: list[Comment] = []
    dead = 0

    def walk(children: list[Any], parent: int | None, depth: int) -> None:
        nonlocal dead
        for child in children:
            if not isinstance(child, Mapping):
                continue
            deleted = child.get("author") is None and child.get("text") is None
            dead += deleted
            floor = len(comments) + 1
            comments.append(
                Comment(
                    floor=floor,
                    author=child.get("author") or "[deleted]",
                    text=html_to_text(child.get("text")),
                    time=_time(child.get("created_at_i")),
                    parent=parent,
                    depth=depth,
                    deleted=deleted,
                )
            )
            walk(child.get("children") or [], floor, depth + 1)

    walk(doc.get("children") or [], None, 0)
    item_id = doc.get("id")
    warnings: list[Text] = (
        [msg("{count} comment(s) are deleted or dead (kept, without text)", count=dead)] if dead else []
    )
    return Thread(
        site="hn",
        format="hn-json",
        encoding=encoding,
        title=html.unescape(doc.get("title") or "(untitled)"),
        body=html_to_text(doc.get("text")) or (doc.get("url") or ""),
        comments=comments,
        board="Hacker News",
        author=doc.get("author"),
        posted_at=_time(doc.get("created_at_i")),
        url=f"https://news.ycombinator.com/item?id={item_id}" if item_id else None,
        warnings=warnings,
    )


def _firebase(doc: Mapping[str, Any], encoding: str) -> Thread:
    kids = doc.get("kids") or []
    item_id = doc.get("id")
    if doc.get("type") not in ("story", "poll", "job"):
        raise ThreadFileError(
            msg("it is a single comment from the Hacker News API, not a story"),
            looked_like=msg("a Hacker News item"),
        )
    warnings: list[Text] = []
    total = doc.get("descendants") or len(kids)
    if total:
        warnings.append(
            msg(
                "this Hacker News API item lists only the ids of its {count} comment(s), not their "
                "text; save {url} to read the whole thread",
                count=total,
                url=f"https://hn.algolia.com/api/v1/items/{item_id}",
            )
        )
    return Thread(
        site="hn",
        format="hn-json",
        encoding=encoding,
        title=html.unescape(doc.get("title") or "(untitled)"),
        body=html_to_text(doc.get("text")) or (doc.get("url") or ""),
        comments=[],
        board="Hacker News",
        author=doc.get("by"),
        posted_at=_time(doc.get("time")),
        url=f"https://news.ycombinator.com/item?id={item_id}" if item_id else None,
        warnings=warnings,
    )

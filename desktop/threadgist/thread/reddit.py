"""Reddit comments-page JSON (``/comments/<id>.json``): the two-Listing array."""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ..messages import Text, msg
from .errors import ThreadFileError
from .model import Comment, Thread

_DELETED = ("[deleted]", "[removed]")


def is_reddit(doc: Any) -> bool:
    return (
        isinstance(doc, list)
        and len(doc) >= 2
        and all(isinstance(listing, Mapping) and listing.get("kind") == "Listing" for listing in doc[:2])
    )


def _time(stamp: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(stamp), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def parse(doc: list[Any], encoding: str) -> list[Thread]:
    posts = [entry for entry in doc[0].get("data", {}).get("children", []) if entry.get("kind") == "t3"]
    if not posts:
        raise ThreadFileError(msg("it has no post (t3) in its first Listing"), looked_like="Reddit JSON")
    post = posts[0].get("data", {})
    comments: list[Comment] = []
    by_name: dict[str, int] = {}
    missing = 0

    def walk(children: list[Any], parent: int | None, depth: int) -> None:
        nonlocal missing
        for child in children:
            kind, data = child.get("kind"), child.get("data") or {}
            if kind == "more":
                missing += int(data.get("count") or len(data.get("children") or []) or 1)
                continue
            if kind != "t1":
                continue
            author = data.get("author") or "[deleted]"
            body = html.unescape(data.get("body") or "")
            deleted = author == "[deleted]" or body in _DELETED
            floor = len(comments) + 1
            comments.append(
                Comment(
                    floor=floor,
                    author=author,
                    text=body,
                    time=_time(data.get("created_utc")),
                    parent=parent,
                    depth=depth,
                    deleted=deleted,
                )
            )
            if data.get("name"):
                by_name[data["name"]] = floor
            replies = data.get("replies")
            if isinstance(replies, Mapping):
                walk(replies.get("data", {}).get("children", []), floor, depth + 1)

    walk(doc[1].get("data", {}).get("children", []), None, 0)
    warnings: list[Text] = []
    if missing:
        warnings.append(
            msg(
                "{count} comment(s) were not loaded in this file (Reddit's “load more comments”)",
                count=missing,
            )
        )
    permalink = post.get("permalink")
    return [
        Thread(
            site="reddit",
            format="reddit-json",
            encoding=encoding,
            title=html.unescape(post.get("title") or "(untitled)"),
            body=html.unescape(post.get("selftext") or ""),
            comments=comments,
            board=post.get("subreddit"),
            author=post.get("author"),
            posted_at=_time(post.get("created_utc")),
            url=f"https://www.reddit.com{permalink}" if permalink else post.get("url"),
            warnings=warnings,
        )
    ]

"""The Hacker News Firebase API, walked item by item (the fallback when Algolia cannot
send the tree): a bounded number of items, fetched level by level with a small thread
pool, kept in the order of each item's ``kids``, and assembled into an Algolia-shaped
tree that the HN parser reads."""

from __future__ import annotations

import json
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ...messages import msg
from .bases import firebase_item_url
from .http import FetchCancelled, FetchDeadline, FetchError, Session

_MAX_PARENT_HOPS = 200


@dataclass
class FirebaseTree:
    story_id: int
    doc: dict[str, Any]  # Algolia-shaped: the story with nested "children"
    loaded: int  # comments fetched
    not_loaded: int  # comments left out by the item cap or the deadline
    late: bool = False  # the fetch's deadline stopped the walk


def fetch_firebase_tree(item_id: int, session: Session, *, label: str) -> FirebaseTree:
    """The story of ``item_id`` (a comment's address leads to its story) with its comments.

    Every request counts against ``max_hn_items``, and every id is asked for once: items
    that list an earlier item (or themselves) among their kids form a cycle, which is
    cut there, not walked for ever."""
    root = _story(item_id, session, label)
    story_id = int(root.get("id", item_id))
    items: dict[int, dict[str, Any]] = {story_id: root}
    parent_of = {story_id: story_id}  # each comment under the item that listed it first
    cap = max(0, session.options.max_hn_items)
    frontier = _new_kids(root, story_id, parent_of)
    asked = left_out = 0
    late = False
    with ThreadPoolExecutor(
        max_workers=max(1, session.options.hn_workers), thread_name_prefix="threadgist-hn"
    ) as pool:
        while frontier:
            take, rest = frontier[: cap - asked], frontier[cap - asked :]
            left_out += len(rest)
            if not take:
                break
            asked += len(take)
            got, late = _fetch_many(take, session, label, pool)
            items.update(got)
            if late:  # the fetch's time is up: what came stays, the rest is left out
                left_out += len(take) - len(got)
                break
            frontier = [
                kid_id
                for parent_id in take
                if parent_id in got
                for kid_id in _new_kids(got[parent_id], parent_id, parent_of)
            ]
    loaded = len(items) - 1
    descendants = root.get("descendants")
    not_loaded = 0
    if left_out:
        total = descendants if isinstance(descendants, int) else 0
        not_loaded = max(left_out, total - loaded)
    return FirebaseTree(story_id, _assemble(story_id, items, parent_of), loaded, not_loaded, late)


def _story(item_id: int, session: Session, label: str) -> dict[str, Any]:
    """The item, or the story it is a comment of (its parents up to the top)."""
    root = _item(item_id, session, label)
    visited = {item_id}
    while root.get("type") == "comment" and isinstance(root.get("parent"), int):
        parent = root["parent"]
        if parent in visited or len(visited) > _MAX_PARENT_HOPS:
            raise FetchError("bad_response", msg("the comment's story could not be found"), path=label)
        visited.add(parent)
        root = _item(parent, session, label)
    return root


def _new_kids(item: dict[str, Any], item_id: int, parent_of: dict[int, int]) -> list[int]:
    """The kids of ``item`` not met before (recorded as its own in ``parent_of``)."""
    kids: list[int] = []
    for kid_id in _kids(item):
        if kid_id not in parent_of and kid_id != item_id:
            parent_of[kid_id] = item_id
            kids.append(kid_id)
    return kids


def _fetch_many(
    ids: list[int], session: Session, label: str, pool: ThreadPoolExecutor
) -> tuple[dict[int, dict[str, Any]], bool]:
    """Fetch ``ids`` in parallel; progress and cancellation on the calling thread. The
    items that came, and whether the fetch's deadline stopped it."""
    futures: dict[Future[dict[str, Any] | None], int] = {
        pool.submit(_item_or_none, item_id, session, label): item_id for item_id in ids
    }
    out: dict[int, dict[str, Any]] = {}
    pending = set(futures)
    late = False
    try:
        while pending and not late:
            done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            session.report()
            try:
                session.check(label)
            except FetchDeadline:
                late = True
            for future in done:
                try:
                    item = future.result()
                except FetchDeadline:
                    late = True
                    continue
                if item is not None:
                    out[futures[future]] = item
    finally:
        for future in pending:
            future.cancel()
    return out, late


def _item(item_id: int, session: Session, label: str) -> dict[str, Any]:
    item = _item_or_none(item_id, session, label)
    if item is None:
        raise FetchError(
            "not_found", msg("no such thread (Hacker News has no such item)"), path=label, status=200
        )
    return item


def _item_or_none(item_id: int, session: Session, label: str) -> dict[str, Any] | None:
    """One item, or None when the API answers ``null`` (no such item)."""
    if session.cancel is not None and session.cancel.is_set():
        raise FetchCancelled(path=label)
    data = session.get(
        firebase_item_url(item_id, session.options.bases),
        label=label,
        site="Hacker News",
        accept="application/json",
    )
    try:
        doc = json.loads(data)
    except ValueError:
        raise FetchError(
            "bad_response", msg("the Hacker News API sent something that is not JSON"), path=label
        ) from None
    if doc is None:
        return None
    if not isinstance(doc, dict):
        raise FetchError("bad_response", msg("the Hacker News API sent an unexpected answer"), path=label)
    return doc


def _kids(item: dict[str, Any]) -> list[int]:
    kids = item.get("kids")
    return [kid for kid in kids if isinstance(kid, int)] if isinstance(kids, list) else []


def _assemble(story_id: int, items: dict[int, dict[str, Any]], parent_of: dict[int, int]) -> dict[str, Any]:
    """The Algolia shape of the story and its loaded comments, each under the item that
    listed it first (iterative: threads can be deeper than Python's recursion limit)."""
    root = _algolia_node(items[story_id], story_id)
    stack = [(root, story_id, items[story_id])]
    placed = {story_id}
    while stack:
        node, item_id, item = stack.pop()
        for kid_id in _kids(item):
            child_item = items.get(kid_id)
            if child_item is None or parent_of.get(kid_id) != item_id or kid_id in placed:
                continue
            placed.add(kid_id)
            child = _algolia_node(child_item, story_id)
            node["children"].append(child)
            stack.append((child, kid_id, child_item))
    return root


def _algolia_node(item: dict[str, Any], story_id: int) -> dict[str, Any]:
    gone = bool(item.get("deleted") or item.get("dead"))
    when = item.get("time")
    node: dict[str, Any] = {
        "id": item.get("id"),
        "created_at": (
            datetime.fromtimestamp(when, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            if isinstance(when, int)
            else None
        ),
        "created_at_i": when if isinstance(when, int) else None,
        "type": item.get("type"),
        "author": None if gone else item.get("by"),
        "text": None if gone else item.get("text"),
        "points": item.get("score"),
        "parent_id": item.get("parent"),
        "story_id": story_id,
        "children": [],
    }
    if item.get("type") != "comment":
        node["title"] = item.get("title")
        node["url"] = item.get("url")
    return node

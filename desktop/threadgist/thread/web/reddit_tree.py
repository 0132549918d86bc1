"""A Reddit comments page as a tree that can take more comments: every comment by its
fullname, the "more" stubs in two queues (ids to ask for; "continue this thread"), and the
comments that came back placed under their parents and spliced in where their stub was.
The page's JSON is changed in place; every value is checked before it is used."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from typing import Any

ID_RE = re.compile(r"^[0-9a-z]{1,13}$")


@dataclass(eq=False)
class Stub:
    """A "more" stub in the tree: the list that holds it, and what is left to load."""

    seq: int  # discovery order (breadth first)
    container: list[Any]
    node: dict[str, Any]
    ids: list[str]  # ids still to ask for (empty: "continue this thread")
    parent: str  # the parent's fullname


class RedditTree:
    """The comments of one page by fullname and its stubs in two queues (breadth first)."""

    def __init__(self, top: list[Any], post: str):
        self.top = top
        self.post = post  # "t3_<id>"
        self.nodes: dict[str, dict[str, Any]] = {}  # "t1_<id>" → the comment's data
        self.ids_q: deque[Stub] = deque()
        self.cont_q: deque[Stub] = deque()
        self.asked: set[str] = set()  # ids asked for
        self.continued: set[str] = set()  # parents whose own page was fetched
        self.new: dict[int, tuple[list[Any], list[Any]]] = {}  # id(list) → (list, things)
        self.redundant: list[Stub] = []  # stubs whose comments another stub loaded
        self.seq = 0
        self.added = 0
        self.changed = False

    @classmethod
    def of(cls, doc: Any, post_id: str) -> RedditTree | None:
        if not (isinstance(doc, list) and len(doc) >= 2 and isinstance(doc[1], dict)):
            return None
        listing = doc[1].get("data")
        top = listing.get("children") if isinstance(listing, dict) else None
        if not isinstance(top, list):
            return None
        post = f"t3_{post_id}"
        first = doc[0].get("data") if isinstance(doc[0], dict) else None
        posts = first.get("children") if isinstance(first, dict) else None
        if isinstance(posts, list) and posts and isinstance(posts[0], dict):
            post_data = posts[0].get("data")
            name = post_data.get("name") if isinstance(post_data, dict) else None
            if isinstance(name, str) and name.startswith("t3_") and ID_RE.match(name[3:]):
                post = name
        tree = cls(top, post)
        tree.index(top, post, fresh=False)
        return tree

    # --- placing what came back --------------------------------------------------------
    def place(self, pairs: list[tuple[str, Any]]) -> None:
        """Put each (parent fullname, thing) under its parent: a thing whose parent comes
        later in the answer waits for it, one whose parent never comes is dropped. The
        lists are rebuilt by :meth:`flush`."""
        waiting: dict[str, list[Any]] = {}
        work: deque[tuple[str, Any]] = deque(pairs)
        while work:
            parent, thing = work.popleft()
            if not readable(thing):
                continue
            data = thing["data"]
            name = fullname(data) if thing["kind"] == "t1" else None
            if name is not None and name in self.nodes:
                continue  # already in the tree
            container = self._container(parent)
            if container is None:
                waiting.setdefault(parent, []).append(thing)
                continue
            self.new.setdefault(id(container), (container, []))[1].append(thing)
            if thing["kind"] == "more":
                self.add_stub(container, thing, parent)
                continue
            self.added += 1
            if name is not None:
                self.nodes[name] = data
                work.extend((name, kid) for kid in waiting.pop(name, []))
            kids = children_of(data.get("replies"))
            if kids is not None:
                self.index(kids, name or "", fresh=True)

    def _container(self, parent: str) -> list[Any] | None:
        """The list that holds the replies of ``parent`` (made when it has none yet)."""
        if parent == self.post:
            return self.top
        data = self.nodes.get(parent)
        if data is None:
            return None
        kids = children_of(data.get("replies"))
        if kids is None:
            kids = []
            data["replies"] = {
                "kind": "Listing",
                "data": {
                    "after": None,
                    "dist": None,
                    "modhash": None,
                    "geo_filter": "",
                    "children": kids,
                    "before": None,
                },
            }
        return kids

    def flush(self, done: list[Stub], partial: Stub | None) -> None:
        """Splice the new things into each list touched, where its loaded stub was (before
        a stub with ids left, or at the end), and remove the loaded stubs. Stubs are found
        from the end of their list, where Reddit puts them."""
        new, self.new = self.new, {}
        done = [*done, *self.redundant]
        self.redundant = []
        gone: set[int] = {id(stub.node) for stub in done}
        marks: dict[int, set[int]] = {}
        for stub in (*done, *((partial,) if partial else ())):
            new.setdefault(id(stub.container), (stub.container, []))
            marks.setdefault(id(stub.container), set()).add(id(stub.node))
        for key, (container, things) in new.items():
            want = marks.get(key, set())
            found: list[int] = []  # descending
            for i in range(len(container) - 1, -1, -1):
                if len(found) == len(want):
                    break
                if id(container[i]) in want:
                    found.append(i)
            for i in found:
                if id(container[i]) in gone:
                    del container[i]
            insert_at = found[-1] if found else len(container)
            container[insert_at:insert_at] = things
            self.changed = True

    # --- indexing ----------------------------------------------------------------------------
    def index(self, children: list[Any], owner: str, *, fresh: bool) -> None:
        """Register the comments and stubs in ``children`` (the replies of ``owner``) and
        below, breadth first. From an answer (``fresh``), what the parser could not read and
        comments already in the tree are dropped and the rest counted as loaded."""
        queue: deque[tuple[list[Any], str]] = deque([(children, owner)])
        while queue:
            items, parent = queue.popleft()
            kept: list[Any] = []
            for child in items:
                if fresh and not readable(child):
                    continue
                data = child.get("data") if isinstance(child, dict) else None
                if not isinstance(data, dict):
                    kept.append(child)
                    continue
                if child.get("kind") == "more":
                    self.add_stub(items, child, parent)
                elif child.get("kind") == "t1":
                    name = fullname(data)
                    if name is not None and name in self.nodes:
                        if fresh:
                            continue  # already in the tree
                    elif name is not None:
                        self.nodes[name] = data
                    if fresh:
                        self.added += 1
                    kids = children_of(data.get("replies"))
                    if kids is not None:
                        queue.append((kids, name or ""))
                kept.append(child)
            if fresh:
                items[:] = kept

    def add_stub(self, container: list[Any], node: dict[str, Any], parent: str) -> None:
        data = node["data"]
        given = data.get("parent_id")
        if isinstance(given, str) and given:
            parent = given
        kids = data.get("children")
        self.seq += 1
        if isinstance(kids, list) and kids:
            ids = [kid for kid in kids if isinstance(kid, str) and ID_RE.match(kid)]
            if ids:
                self.ids_q.append(Stub(self.seq, container, node, ids, parent))
        elif parent.startswith("t1_") and ID_RE.match(parent[3:]):
            self.cont_q.append(Stub(self.seq, container, node, [], parent))


def children_of(replies: Any) -> list[Any] | None:
    """The children list of a Listing, or None when ``replies`` is not one ("" when a
    comment has no replies)."""
    data = replies.get("data") if isinstance(replies, dict) else None
    kids = data.get("children") if isinstance(data, dict) else None
    return kids if isinstance(kids, list) else None


def fullname(data: dict[str, Any]) -> str | None:
    """A comment's fullname ("t1_<id>")."""
    name = data.get("name")
    if isinstance(name, str) and name.startswith("t1_") and len(name) > 3:
        return name
    ident = data.get("id")
    return f"t1_{ident}" if isinstance(ident, str) and ident else None


def readable(thing: Any) -> bool:
    """True for a comment or stub from an answer that the Reddit parser reads without a
    type error (a comment's replies that are not a Listing are dropped)."""
    data = thing.get("data") if isinstance(thing, dict) else None
    if not isinstance(data, dict):
        return False
    kind = thing.get("kind")
    if kind == "t1":
        if not all(isinstance(data.get(key), str | None) for key in ("author", "body", "name", "id")):
            return False
        replies = data.get("replies")
        if not (replies == "" or replies is None or children_of(replies) is not None):
            data["replies"] = ""
        return True
    if kind == "more":
        count, kids = data.get("count"), data.get("children")
        return (count is None or (isinstance(count, int) and not isinstance(count, bool))) and (
            kids is None or isinstance(kids, list)
        )
    return False

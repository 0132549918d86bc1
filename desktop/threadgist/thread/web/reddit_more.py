"""Reddit's held-back comments, loaded: the "more" stubs of a comments page are replaced by
the comments they stand for, as Reddit's own "load more comments" does.

* A stub that lists comment ids is asked for with ``/api/morechildren`` (up to 100 ids a
  request, from one or more stubs). The answer is a flat list of comments and new stubs,
  each placed under its parent by ``parent_id``; new stubs are loaded in later rounds.
* A "continue this thread" stub (no ids, under a comment) is loaded from that comment's
  own page (``/comments/<post>/_/<comment>.json``), whose replies are spliced in.

Stubs are taken breadth first (the thread's top level first), within caps on extra
requests, loaded comments and bytes (:class:`~.http.FetchOptions`). A stub whose comments
came back is removed and they take its place; one not loaded stays, so the parser still
counts it. The result has the shape of Reddit's ``.json`` view. One dict from fullname to
comment keeps the work linear in the size of the thread; every value from the server is
checked before it is used, and what the Reddit parser could not read is dropped. A failed
request stops the loading with a warning (what was loaded is kept); only cancelling
raises."""

from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from ...messages import Message, Text, msg
from .http import FetchCancelled, FetchError, Session
from .urls import ThreadUrl

#: Ids per /api/morechildren request (Reddit's limit).
BATCH = 100
_ID_RE = re.compile(r"^[0-9a-z]{1,13}$")


@dataclass
class MoreResult:
    """What loading the held-back comments did."""

    data: bytes  # the document to save (the page as fetched when nothing was loaded)
    not_loaded: int  # comments still held back
    loaded: int = 0  # comments added
    requests: int = 0  # extra requests made
    warnings: list[Text] = field(default_factory=list)


def count_more(doc: Any) -> int:
    """Comments a Reddit comments page holds back behind "more" stubs (the same count the
    Reddit parser warns about)."""
    if not (isinstance(doc, list) and len(doc) >= 2 and isinstance(doc[1], dict)):
        return 0
    missing = 0
    stack: list[Any] = [doc[1]]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        data = node.get("data")
        if not isinstance(data, dict):
            continue
        if node.get("kind") == "more":
            kids = data.get("children")
            count = data.get("count")
            missing += (
                int(count)
                if isinstance(count, int) and count
                else (len(kids) if isinstance(kids, list) and kids else 1)
            )
            continue
        children = data.get("children")
        if isinstance(children, list):
            stack.extend(children)
        replies = data.get("replies")
        if isinstance(replies, dict):
            stack.append(replies)
    return missing


def load_more(data: bytes, doc: Any, url: ThreadUrl, session: Session) -> MoreResult:
    """Load the comments that the comments page ``doc`` (parsed from ``data``, and changed
    in place) holds back. Raises only :class:`FetchCancelled`."""
    tree = _Tree.of(doc, url.id)
    if tree is None or not (tree.ids_q or tree.cont_q):
        return MoreResult(data, count_more(doc))
    stopped = tree.run(session, url.canonical, len(data))
    result = MoreResult(data, count_more(doc), tree.added, tree.requests)
    if tree.changed:
        try:
            try:
                result.data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError:  # lone surrogates: JSON allows them, UTF-8 does not
                result.data = json.dumps(doc).encode("ascii")
        except (ValueError, RecursionError):
            result = MoreResult(data, count_more(json.loads(data)), 0, tree.requests)
            stopped = msg("the loaded comments could not be saved with the thread")
    if result.not_loaded:
        why = stopped or msg("Reddit did not send them (deleted, or not shown to programs)")
        result.warnings.append(
            msg("{count} comment(s) were not loaded: {why}", count=result.not_loaded, why=why)
        )
    return result


@dataclass(eq=False)
class _Stub:
    """A "more" stub in the tree: the list that holds it, and what is left to load."""

    seq: int  # discovery order (breadth first)
    container: list[Any]
    node: dict[str, Any]
    ids: list[str]  # ids still to ask for (empty: "continue this thread")
    parent: str  # the parent's fullname


class _Tree:
    """The comments of one page by fullname, its stubs in two queues, and the loading."""

    def __init__(self, top: list[Any], post: str):
        self.top = top
        self.post = post  # "t3_<id>"
        self.nodes: dict[str, dict[str, Any]] = {}  # "t1_<id>" → the comment's data
        self.ids_q: deque[_Stub] = deque()
        self.cont_q: deque[_Stub] = deque()
        self.asked: set[str] = set()  # ids asked for
        self.continued: set[str] = set()  # parents whose own page was fetched
        self.new: dict[int, tuple[list[Any], list[Any]]] = {}  # id(list) → (list, things)
        self.redundant: list[_Stub] = []  # stubs whose comments another stub loaded
        self.seq = 0
        self.added = 0
        self.requests = 0
        self.changed = False

    @classmethod
    def of(cls, doc: Any, post_id: str) -> _Tree | None:
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
            if isinstance(name, str) and name.startswith("t3_") and _ID_RE.match(name[3:]):
                post = name
        tree = cls(top, post)
        tree.index(top, post, fresh=False)
        return tree

    # --- the loop ---------------------------------------------------------------------------
    def run(self, session: Session, label: str, size: int) -> Message | None:
        """Load stubs until none is left or a cap is reached; why it stopped early."""
        stopped = self._rounds(session, label, size)
        if self.redundant:
            self._flush([], None)
        return stopped

    def _rounds(self, session: Session, label: str, size: int) -> Message | None:
        opts = session.options
        while self.ids_q or self.cont_q:
            if self.requests >= opts.max_reddit_requests:
                return msg(
                    "Reddit held them back, and this app asks for them in at most {count} extra request(s)",
                    count=max(0, opts.max_reddit_requests),
                )
            if self.added >= opts.max_reddit_comments:
                return msg(
                    "Reddit held them back, and this app loads at most {count} of them",
                    count=max(0, opts.max_reddit_comments),
                )
            if size >= opts.max_bytes:
                return msg("Reddit held them back, and the thread is already as large as this app fetches")
            try:
                session.check(label)  # past the deadline: the comments loaded so far stay
                if self.cont_q and (not self.ids_q or self.cont_q[0].seq < self.ids_q[0].seq):
                    size += self._continue(self.cont_q.popleft(), session, label)
                else:
                    room = min(BATCH, max(1, opts.max_reddit_comments - self.added))
                    size += self._morechildren(session, label, room)
            except FetchCancelled:
                raise
            except FetchError as e:
                return msg("loading them stopped: {why}", why=_why(e))
        return None

    def _get(self, address: str, session: Session, label: str) -> tuple[Any, int]:
        self.requests += 1
        body = session.get(address, label=label, site="Reddit", accept="application/json")
        try:
            return json.loads(body), len(body)
        except (ValueError, RecursionError):
            raise FetchError("bad_response", msg("not JSON"), path=label) from None

    def _morechildren(self, session: Session, label: str, room: int) -> int:
        """One /api/morechildren request for the ids of the next stubs (the bytes read)."""
        taken: list[tuple[_Stub, list[str]]] = []
        while self.ids_q and room:
            stub = self.ids_q.popleft()
            fresh = [
                ident for ident in stub.ids if ident not in self.asked and f"t1_{ident}" not in self.nodes
            ]
            if not fresh:
                if all(f"t1_{ident}" in self.nodes for ident in stub.ids):
                    self.redundant.append(stub)  # another stub loaded them
                continue  # or they were asked for and not sent: it stays, counted
            stub.ids = fresh
            taken.append((stub, fresh[:room]))
            room -= len(taken[-1][1])
        if not taken:
            return 0
        ids = [ident for _, part in taken for ident in part]
        doc, size = self._get(
            f"{session.options.bases.reddit}/api/morechildren.json?api_type=json"
            f"&link_id={self.post}&children={','.join(ids)}&limit_children=false",
            session,
            label,
        )
        answer = doc.get("json") if isinstance(doc, dict) else None
        errors = answer.get("errors") if isinstance(answer, dict) else None
        data = answer.get("data") if isinstance(answer, dict) else None
        things = data.get("things") if isinstance(data, dict) else None
        if errors or not isinstance(things, list):
            raise FetchError("bad_response", msg("Reddit sent an answer this app cannot read"), path=label)
        self.asked.update(ids)
        pairs: list[tuple[str, Any]] = []
        for thing in things:
            tdata = thing.get("data") if isinstance(thing, dict) else None
            parent = tdata.get("parent_id") if isinstance(tdata, dict) else None
            if isinstance(parent, str):
                pairs.append((parent, thing))
        self._place(pairs)
        done: list[_Stub] = []
        partial: _Stub | None = None
        for stub, part in taken:
            got = any(f"t1_{ident}" in self.nodes for ident in part)
            rest = stub.ids[len(part) :]
            if rest:  # only the last stub taken can have ids left
                stub.ids = rest
                self.ids_q.appendleft(stub)
                if got:
                    partial = stub
                    sdata = stub.node["data"]
                    count = sdata.get("count")
                    sdata["children"] = list(rest)
                    if isinstance(count, int) and not isinstance(count, bool):
                        sdata["count"] = max(len(rest), count - len(part))
            elif got:
                done.append(stub)
            # none of its comments came back: it stays, counted
        self._flush(done, partial)
        return size

    def _continue(self, stub: _Stub, session: Session, label: str) -> int:
        """A "continue this thread" stub: its parent's own page holds the replies."""
        parent = stub.parent
        if parent in self.continued or parent not in self.nodes:
            return 0  # nowhere to put them: it stays, counted
        self.continued.add(parent)
        doc, size = self._get(
            f"{session.options.bases.reddit}/comments/{self.post[3:]}/_/{parent[3:]}.json?limit=500",
            session,
            label,
        )
        listing = (
            doc[1].get("data")
            if (isinstance(doc, list) and len(doc) >= 2 and isinstance(doc[1], dict))
            else None
        )
        roots = listing.get("children") if isinstance(listing, dict) else None
        if not isinstance(roots, list):
            raise FetchError("bad_response", msg("Reddit sent an answer this app cannot read"), path=label)
        for root in roots:
            rdata = root.get("data") if isinstance(root, dict) else None
            if isinstance(rdata, dict) and root.get("kind") == "t1" and _name(rdata) == parent:
                replies = _children(rdata.get("replies")) or []
                self._place([(parent, reply) for reply in replies])
                self._flush([stub], None)
                break
        return size  # (the comment gone from its page: the stub stays, counted)

    # --- placing what came back --------------------------------------------------------
    def _place(self, pairs: list[tuple[str, Any]]) -> None:
        """Put each (parent fullname, thing) under its parent: a thing whose parent comes
        later in the answer waits for it, one whose parent never comes is dropped. The
        lists are rebuilt by :meth:`_flush`."""
        waiting: dict[str, list[Any]] = {}
        work: deque[tuple[str, Any]] = deque(pairs)
        while work:
            parent, thing = work.popleft()
            if not _readable(thing):
                continue
            data = thing["data"]
            name = _name(data) if thing["kind"] == "t1" else None
            if name is not None and name in self.nodes:
                continue  # already in the tree
            container = self._container(parent)
            if container is None:
                waiting.setdefault(parent, []).append(thing)
                continue
            self.new.setdefault(id(container), (container, []))[1].append(thing)
            if thing["kind"] == "more":
                self._stub(container, thing, parent)
                continue
            self.added += 1
            if name is not None:
                self.nodes[name] = data
                work.extend((name, kid) for kid in waiting.pop(name, []))
            kids = _children(data.get("replies"))
            if kids is not None:
                self.index(kids, name or "", fresh=True)

    def _container(self, parent: str) -> list[Any] | None:
        """The list that holds the replies of ``parent`` (made when it has none yet)."""
        if parent == self.post:
            return self.top
        data = self.nodes.get(parent)
        if data is None:
            return None
        kids = _children(data.get("replies"))
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

    def _flush(self, done: list[_Stub], partial: _Stub | None) -> None:
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
                if fresh and not _readable(child):
                    continue
                data = child.get("data") if isinstance(child, dict) else None
                if not isinstance(data, dict):
                    kept.append(child)
                    continue
                if child.get("kind") == "more":
                    self._stub(items, child, parent)
                elif child.get("kind") == "t1":
                    name = _name(data)
                    if name is not None and name in self.nodes:
                        if fresh:
                            continue  # already in the tree
                    elif name is not None:
                        self.nodes[name] = data
                    if fresh:
                        self.added += 1
                    kids = _children(data.get("replies"))
                    if kids is not None:
                        queue.append((kids, name or ""))
                kept.append(child)
            if fresh:
                items[:] = kept

    def _stub(self, container: list[Any], node: dict[str, Any], parent: str) -> None:
        data = node["data"]
        given = data.get("parent_id")
        if isinstance(given, str) and given:
            parent = given
        kids = data.get("children")
        self.seq += 1
        if isinstance(kids, list) and kids:
            ids = [kid for kid in kids if isinstance(kid, str) and _ID_RE.match(kid)]
            if ids:
                self.ids_q.append(_Stub(self.seq, container, node, ids, parent))
        elif parent.startswith("t1_") and _ID_RE.match(parent[3:]):
            self.cont_q.append(_Stub(self.seq, container, node, [], parent))


def _children(replies: Any) -> list[Any] | None:
    """The children list of a Listing, or None when ``replies`` is not one ("" when a
    comment has no replies)."""
    data = replies.get("data") if isinstance(replies, dict) else None
    kids = data.get("children") if isinstance(data, dict) else None
    return kids if isinstance(kids, list) else None


def _name(data: dict[str, Any]) -> str | None:
    """A comment's fullname ("t1_<id>")."""
    name = data.get("name")
    if isinstance(name, str) and name.startswith("t1_") and len(name) > 3:
        return name
    ident = data.get("id")
    return f"t1_{ident}" if isinstance(ident, str) and ident else None


def _readable(thing: Any) -> bool:
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
        if not (replies == "" or replies is None or _children(replies) is not None):
            data["replies"] = ""
        return True
    if kind == "more":
        count, kids = data.get("count"), data.get("children")
        return (count is None or (isinstance(count, int) and not isinstance(count, bool))) and (
            kids is None or isinstance(kids, list)
        )
    return False


def _why(error: FetchError) -> Message:
    """A failed request in a few words (never the server's text)."""
    if error.status == 429:
        return msg("Reddit is limiting requests (HTTP 429); fetching the thread again later may load them")
    if error.status in (401, 403, 451):
        return msg(
            "Reddit refused the request (HTTP {status}); fetching the thread again later may load them",
            status=error.status,
        )
    if error.status:
        return msg(
            "Reddit answered HTTP {status}; fetching the thread again later may load them",
            status=error.status,
        )
    if error.kind == "timeout":
        return msg("Reddit did not answer in time; fetching the thread again later may load them")
    if error.kind in ("offline", "cut_short"):
        return msg("the connection failed; fetching the thread again later may load them")
    if error.kind == "too_large":
        return msg("an answer was larger than this app fetches")
    return msg("Reddit sent an answer this app cannot read")

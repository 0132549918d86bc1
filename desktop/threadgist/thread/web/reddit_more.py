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
from dataclasses import dataclass, field
from typing import Any

from ...messages import Message, Text, msg
from .http import FetchCancelled, FetchError, Session
from .reddit_tree import RedditTree, Stub, children_of, fullname
from .urls import ThreadUrl

#: Ids per /api/morechildren request (Reddit's limit).
BATCH = 100


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
    tree = RedditTree.of(doc, url.id)
    if tree is None or not (tree.ids_q or tree.cont_q):
        return MoreResult(data, count_more(doc))
    loader = _Loader(tree)
    stopped = loader.run(session, url.canonical, len(data))
    result = MoreResult(data, count_more(doc), tree.added, loader.requests)
    if tree.changed:
        try:
            try:
                result.data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError:  # lone surrogates: JSON allows them, UTF-8 does not
                result.data = json.dumps(doc).encode("ascii")
        except (ValueError, RecursionError):
            result = MoreResult(data, count_more(json.loads(data)), 0, loader.requests)
            stopped = msg("the loaded comments could not be saved with the thread")
    if result.not_loaded:
        why = stopped or msg("Reddit did not send them (deleted, or not shown to programs)")
        result.warnings.append(
            msg("{count} comment(s) were not loaded: {why}", count=result.not_loaded, why=why)
        )
    return result


class _Loader:
    """Loads a page's stubs, request by request, within the session's caps."""

    def __init__(self, tree: RedditTree):
        self.tree = tree
        self.requests = 0

    def run(self, session: Session, label: str, size: int) -> Message | None:
        """Load stubs until none is left or a cap is reached; why it stopped early."""
        stopped = self._rounds(session, label, size)
        if self.tree.redundant:
            self.tree.flush([], None)
        return stopped

    def _rounds(self, session: Session, label: str, size: int) -> Message | None:
        opts = session.options
        while self.tree.ids_q or self.tree.cont_q:
            if self.requests >= opts.max_reddit_requests:
                return msg(
                    "Reddit held them back, and this app asks for them in at most {count} extra request(s)",
                    count=max(0, opts.max_reddit_requests),
                )
            if self.tree.added >= opts.max_reddit_comments:
                return msg(
                    "Reddit held them back, and this app loads at most {count} of them",
                    count=max(0, opts.max_reddit_comments),
                )
            if size >= opts.max_bytes:
                return msg("Reddit held them back, and the thread is already as large as this app fetches")
            try:
                session.check(label)  # past the deadline: the comments loaded so far stay
                if self.tree.cont_q and (
                    not self.tree.ids_q or self.tree.cont_q[0].seq < self.tree.ids_q[0].seq
                ):
                    size += self._continue(self.tree.cont_q.popleft(), session, label)
                else:
                    room = min(BATCH, max(1, opts.max_reddit_comments - self.tree.added))
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
        taken: list[tuple[Stub, list[str]]] = []
        while self.tree.ids_q and room:
            stub = self.tree.ids_q.popleft()
            fresh = [
                ident
                for ident in stub.ids
                if ident not in self.tree.asked and f"t1_{ident}" not in self.tree.nodes
            ]
            if not fresh:
                if all(f"t1_{ident}" in self.tree.nodes for ident in stub.ids):
                    self.tree.redundant.append(stub)  # another stub loaded them
                continue  # or they were asked for and not sent: it stays, counted
            stub.ids = fresh
            taken.append((stub, fresh[:room]))
            room -= len(taken[-1][1])
        if not taken:
            return 0
        ids = [ident for _, part in taken for ident in part]
        doc, size = self._get(
            f"{session.options.bases.reddit}/api/morechildren.json?api_type=json"
            f"&link_id={self.tree.post}&children={','.join(ids)}&limit_children=false",
            session,
            label,
        )
        answer = doc.get("json") if isinstance(doc, dict) else None
        errors = answer.get("errors") if isinstance(answer, dict) else None
        data = answer.get("data") if isinstance(answer, dict) else None
        things = data.get("things") if isinstance(data, dict) else None
        if errors or not isinstance(things, list):
            raise FetchError("bad_response", msg("Reddit sent an answer this app cannot read"), path=label)
        self.tree.asked.update(ids)
        pairs: list[tuple[str, Any]] = []
        for thing in things:
            tdata = thing.get("data") if isinstance(thing, dict) else None
            parent = tdata.get("parent_id") if isinstance(tdata, dict) else None
            if isinstance(parent, str):
                pairs.append((parent, thing))
        self.tree.place(pairs)
        done: list[Stub] = []
        partial: Stub | None = None
        for stub, part in taken:
            got = any(f"t1_{ident}" in self.tree.nodes for ident in part)
            rest = stub.ids[len(part) :]
            if rest:  # only the last stub taken can have ids left
                stub.ids = rest
                self.tree.ids_q.appendleft(stub)
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
        self.tree.flush(done, partial)
        return size

    def _continue(self, stub: Stub, session: Session, label: str) -> int:
        """A "continue this thread" stub: its parent's own page holds the replies."""
        parent = stub.parent
        if parent in self.tree.continued or parent not in self.tree.nodes:
            return 0  # nowhere to put them: it stays, counted
        self.tree.continued.add(parent)
        doc, size = self._get(
            f"{session.options.bases.reddit}/comments/{self.tree.post[3:]}/_/{parent[3:]}.json?limit=500",
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
            if isinstance(rdata, dict) and root.get("kind") == "t1" and fullname(rdata) == parent:
                replies = children_of(rdata.get("replies")) or []
                self.tree.place([(parent, reply) for reply in replies])
                self.tree.flush([stub], None)
                break
        return size  # (the comment gone from its page: the stub stays, counted)


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

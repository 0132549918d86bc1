"""A replay server on 127.0.0.1 for the URL tests: it serves saved pages and JSON under
paths shaped like the real sites' (one server, one prefix per site), and behaves like
them where it matters: ptt.cc redirects to its age check without the ``over18`` cookie,
Reddit refuses programs without a real User-Agent and answers ``/api/morechildren`` from a
table of comments by id, Algolia 404s unknown items, Firebase answers ``null``. Faults on demand: any status, a stall, a body sent a byte at a
time, a delay before each answer, an over-size body, gzip, a body cut short."""

from __future__ import annotations

import gzip
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from threadgist.thread.web import SiteBases

BLOCK = 16384


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default 5 drops parallel connects (1 s SYN retries)
    daemon_threads = True


@dataclass(frozen=True)
class Seen:
    path: str
    query: str
    headers: dict[str, str]


class ReplayServer:
    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, str]] = {}
        self.status: dict[str, int] = {}  # path → status to answer instead
        self.headers: dict[str, dict[str, str]] = {}  # extra headers per path
        self.stall: set[str] = set()  # paths that send the headers and then nothing
        self.drip: dict[str, float] = {}  # path → seconds between single bytes, for ever
        self.delay = 0.0  # seconds before each answer
        self.oversize: dict[str, tuple[int, bool]] = {}  # path → (bytes, declare length)
        # path → (how, bytes kept): its file cut short, then the connection closed. "length":
        # the whole file's Content-Length, then fewer bytes; "chunked": chunks without the
        # last (empty) one; "gzip": a complete response whose gzip data ends early
        self.cut: dict[str, tuple[str, int]] = {}
        self.gzip = False  # compress when the client accepts gzip
        self.gap = 0.0  # seconds between blocks
        self.ignore_cookie = False  # serve PTT's age check even with the cookie
        self.age_page = b""
        self.more_things: dict[str, list[dict[str, Any]]] = {}  # Reddit: id → what
        # /api/morechildren sends for it (the comment, its replies, new "more" stubs)
        self.more_status: dict[str, int] = {}  # Reddit: id → status when it is asked for
        self.requests: list[Seen] = []
        self._closing = threading.Event()
        srv = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a: Any) -> None:
                pass

            def do_GET(self) -> None:
                srv._handle(self)

        self.httpd = _Server(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    # --- what to serve -----------------------------------------------------------------
    def bases(self) -> SiteBases:
        return SiteBases(
            ptt=f"{self.base}/ptt",
            reddit=f"{self.base}/reddit",
            hn_algolia=f"{self.base}/algolia/api/v1",
            hn_firebase=f"{self.base}/firebase/v0",
        )

    def env(self) -> dict[str, str]:
        b = self.bases()
        return {
            "THREADGIST_PTT_BASE": b.ptt,
            "THREADGIST_REDDIT_BASE": b.reddit,
            "THREADGIST_HN_ALGOLIA_BASE": b.hn_algolia,
            "THREADGIST_HN_FIREBASE_BASE": b.hn_firebase,
        }

    def ptt(self, board: str, post: str, body: bytes) -> str:
        path = f"/ptt/bbs/{board}/{post}.html"
        self.files[path] = (body, "text/html; charset=utf-8")
        return path

    def reddit(self, post: str, body: bytes) -> str:
        path = f"/reddit/comments/{post}.json"
        self.files[path] = (body, "application/json; charset=UTF-8")
        return path

    def algolia(self, item: int, body: bytes) -> str:
        path = f"/algolia/api/v1/items/{item}"
        self.files[path] = (body, "application/json; charset=utf-8")
        return path

    def firebase(self, items: dict[int, dict[str, Any]]) -> None:
        for i, doc in items.items():
            self.files[f"/firebase/v0/item/{i}.json"] = (
                json.dumps(doc).encode(),
                "application/json; charset=utf-8",
            )

    def close(self) -> None:
        if self._closing.is_set():
            return
        self._closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    # --- how ------------------------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        path = parts.path
        self.requests.append(Seen(path, parts.query, {k.lower(): v for k, v in h.headers.items()}))
        if path in self.status:
            code = self.status[path]
            return self._send(
                h,
                code,
                json.dumps({"message": "error", "error": code}).encode(),
                "application/json",
                self.headers.get(path, {}),
            )
        if path.startswith("/ptt/bbs/") and (
            self.ignore_cookie or "over18=1" not in h.headers.get("Cookie", "")
        ):
            where = "/ptt/ask/over18?from=" + quote(path.removeprefix("/ptt"), safe="")
            return self._send(h, 302, b"", "text/html", {"Location": where})
        if path == "/ptt/ask/over18":
            return self._send(h, 200, self.age_page, "text/html; charset=utf-8")
        if path.startswith("/reddit/"):
            agent = h.headers.get("User-Agent", "")
            if not agent or agent.startswith(("Python-urllib", "python-requests", "curl")):
                return self._send(h, 403, b'{"message": "Forbidden", "error": 403}', "application/json")
        if self.delay:
            self._closing.wait(self.delay)
        if path in self.drip:
            return self._drip(h, self.drip[path])
        if path in self.stall:
            h.send_response(200)
            h.send_header("Content-Length", "100000")
            h.end_headers()
            h.wfile.write(b"<html>")
            h.wfile.flush()
            self._closing.wait(10)
            return None
        if path in self.oversize:
            return self._send_oversize(h, *self.oversize[path])
        if path in self.cut and path in self.files:
            return self._send_cut(h, self.files[path], *self.cut[path])
        if path in self.files:
            body, ctype = self.files[path]
            return self._send(h, 200, body, ctype, self.headers.get(path, {}))
        if path == "/reddit/api/morechildren.json":
            return self._morechildren(h, parse_qs(parts.query).get("children", [""])[0])
        if path.startswith("/firebase/"):
            return self._send(h, 200, b"null", "application/json")
        if path.startswith("/algolia/"):
            return self._send(h, 404, b'{"error":"Not Found"}', "application/json")
        return self._send(h, 404, b"<html><body>404</body></html>", "text/html")

    def _send(
        self,
        h: BaseHTTPRequestHandler,
        code: int,
        body: bytes,
        ctype: str,
        extra: dict[str, str] | None = None,
    ) -> None:
        if self.gzip and body and "gzip" in h.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            extra = {**(extra or {}), "Content-Encoding": "gzip"}
        h.send_response(code)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            h.send_header(k, v)
        h.end_headers()
        try:
            for i in range(0, len(body), BLOCK):
                h.wfile.write(body[i : i + BLOCK])
                if self.gap:
                    h.wfile.flush()
                    time.sleep(self.gap)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _morechildren(self, h: BaseHTTPRequestHandler, children: str) -> None:
        """Reddit's answer: the things for the ids asked for, in one flat list (unknown
        ids, like deleted comments, are left out)."""
        ids = children.split(",")
        for i in ids:
            if i in self.more_status:
                return self._send(
                    h, self.more_status[i], b'{"message": "Too Many Requests"}', "application/json"
                )
        things = [t for i in ids for t in self.more_things.get(i, [])]
        body = json.dumps({"json": {"errors": [], "data": {"things": things}}}).encode()
        return self._send(h, 200, body, "application/json; charset=UTF-8")

    def _drip(self, h: BaseHTTPRequestHandler, gap: float) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", "1000000")
        h.end_headers()
        try:
            while not self._closing.is_set():
                h.wfile.write(b"<")
                h.wfile.flush()
                self._closing.wait(gap)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send_cut(self, h: BaseHTTPRequestHandler, file: tuple[bytes, str], how: str, keep: int) -> None:
        body, ctype = file
        h.close_connection = True
        h.send_response(200)
        h.send_header("Content-Type", ctype)
        if how == "gzip":
            body = gzip.compress(body)[:keep]
            h.send_header("Content-Encoding", "gzip")
        if how == "chunked":
            h.send_header("Transfer-Encoding", "chunked")
        else:
            h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        kept = body[:keep]
        h.wfile.write(b"%x\r\n%s\r\n" % (len(kept), kept) if how == "chunked" else kept)
        h.wfile.flush()

    def _send_oversize(self, h: BaseHTTPRequestHandler, size: int, declare: bool) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        if declare:
            h.send_header("Content-Length", str(size))
        else:
            h.send_header("Connection", "close")
            h.close_connection = True
        h.end_headers()
        chunk = b"x" * BLOCK
        try:
            sent = 0
            while sent < size and not self._closing.is_set():
                h.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass


# --- data shaped like the real APIs ----------------------------------------------------------
def firebase_items(tree: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """The items the Firebase API would give for an Algolia tree (deleted comments as
    ``{"deleted": true}`` items)."""
    items: dict[int, dict[str, Any]] = {}

    def walk(node: dict[str, Any], parent: int | None) -> int:
        kids = [walk(c, node["id"]) for c in node.get("children") or []]
        item: dict[str, Any] = {
            "id": node["id"],
            "time": node.get("created_at_i"),
            "type": node.get("type") or "comment",
        }
        if parent is not None:
            item["parent"] = parent
        if node.get("author") is None and node.get("text") is None and parent is not None:
            item["deleted"] = True
        else:
            item["by"] = node.get("author")
            if node.get("text") is not None:
                item["text"] = node["text"]
        if kids:
            item["kids"] = kids
        if parent is None:
            item.update(
                title=node.get("title"),
                url=node.get("url"),
                score=node.get("points"),
                descendants=_count(node) - 1,
            )
        items[node["id"]] = item
        return int(node["id"])

    walk(tree, None)
    return items


def _count(node: dict[str, Any]) -> int:
    return 1 + sum(_count(c) for c in node.get("children") or [])


def algolia_tree(n: int, story_id: int = 40_000_000, fanout: int = 4) -> dict[str, Any]:
    """A deterministic Algolia items tree with ``n`` comments, nested a few levels deep."""
    t0 = 1_700_000_000
    story: dict[str, Any] = {
        "author": "poster",
        "children": [],
        "created_at": "2023-11-14T22:13:20.000Z",
        "created_at_i": t0,
        "id": story_id,
        "options": [],
        "parent_id": None,
        "points": 321,
        "story_id": story_id,
        "text": None,
        "title": "A synthetic story with many comments",
        "type": "story",
        "url": "https://example.com/story",
    }
    nodes = [story]
    for i in range(n):
        parent = nodes[i // fanout] if i >= fanout else story
        node = {
            "author": f"user{i % 97}",
            "children": [],
            "created_at": None,
            "created_at_i": t0 + 60 * (i + 1),
            "id": story_id + i + 1,
            "options": [],
            "parent_id": parent["id"],
            "points": None,
            "story_id": story_id,
            "text": f"<p>Comment {i} says something about &quot;the story&quot;.<p>More.",
            "type": "comment",
        }
        parent["children"].append(node)
        nodes.append(node)
    return story

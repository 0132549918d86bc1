"""Opening threads from their web addresses, against a local replay server (nothing here
reaches the internet): URL recognition, each site end to end, the saved copy, errors per
HTTP status, timeouts, the size cap, cancelling, and the command line."""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from threadgist.cli import main
from threadgist.commands import EXIT_BAD_FILE, EXIT_NETWORK, EXIT_OK
from threadgist.store.settings import Settings
from threadgist.thread import ThreadFileError, load_path
from threadgist.thread.serialize import thread_to_dict
from threadgist.thread.web import (
    USER_AGENT,
    FetchCancelled,
    FetchError,
    FetchOptions,
    SiteBases,
    ThreadUrl,
    UrlError,
    bases_from_env,
    load_saved,
    looks_like_url,
    open_url,
    parse_url,
    saved_source,
    source_url_of,
)

from .conftest import REPO
from .replayserver import ReplayServer, algolia_tree, firebase_items

THREADS = REPO / "benchmarks" / "quality" / "threads"
GOSSIPING = "https://www.ptt.cc/bbs/Gossiping/M.1559093660.A.946.html"
BASEBALL = "https://www.ptt.cc/bbs/Baseball/M.1593841729.A.BDA.html"
REDDIT_DEV = "https://www.reddit.com/r/redditdev/comments/2ujhkr/important_api_licensing_terms/"
HN_GTA = "https://news.ycombinator.com/item?id=26296339"


@pytest.fixture()
def srv(corpus: Path) -> Iterator[ReplayServer]:
    s = ReplayServer()
    s.age_page = (corpus / "ptt/html/over18_ask-page_Gossiping.html").read_bytes()
    s.ptt(
        "Gossiping",
        "M.1559093660.A.946",
        (corpus / "ptt/html/Gossiping_M.1559093660.A.946.html").read_bytes(),
    )
    s.ptt(
        "Baseball", "M.1593841729.A.BDA", (corpus / "ptt/html/Baseball_M.1593841729.A.BDA.html").read_bytes()
    )
    s.reddit("testpost", (corpus / "reddit/go-reddit_testdata_post_post.json").read_bytes())
    s.reddit("2ujhkr", (THREADS / "reddit_redditdev_2ujhkr.json").read_bytes())
    s.algolia(26296339, (THREADS / "hn_algolia_26296339_first4threads.json").read_bytes())
    yield s
    s.close()


def opts(srv: ReplayServer, **kw: object) -> FetchOptions:
    return FetchOptions(bases=srv.bases(), **kw)  # type: ignore[arg-type]


# --- recognising addresses --------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "site", "ident", "board", "canonical"),
    [
        (GOSSIPING, "ptt", "M.1559093660.A.946", "Gossiping", GOSSIPING),
        (
            "http://ptt.cc/bbs/Gossiping/M.1559093660.A.946.html",
            "ptt",
            "M.1559093660.A.946",
            "Gossiping",
            GOSSIPING,
        ),
        (
            "  www.ptt.cc/bbs/movie/M.1073844095.A.html ",
            "ptt",
            "M.1073844095.A",
            "movie",
            "https://www.ptt.cc/bbs/movie/M.1073844095.A.html",
        ),
        (
            "https://www.ptt.cc/ask/over18?from=%2Fbbs%2FGossiping%2FM.1559093660.A.946.html",
            "ptt",
            "M.1559093660.A.946",
            "Gossiping",
            GOSSIPING,
        ),
        (REDDIT_DEV, "reddit", "2ujhkr", "redditdev", "https://www.reddit.com/r/redditdev/comments/2ujhkr/"),
        (
            "https://old.reddit.com/r/redditdev/comments/2ujhkr/",
            "reddit",
            "2ujhkr",
            "redditdev",
            "https://www.reddit.com/r/redditdev/comments/2ujhkr/",
        ),
        (
            "https://np.reddit.com/r/AskReddit/comments/ABC12/x/def45/?context=3",
            "reddit",
            "abc12",
            "AskReddit",
            "https://www.reddit.com/r/AskReddit/comments/abc12/",
        ),
        (
            "new.reddit.com/r/test/comments/testpost.json",
            "reddit",
            "testpost",
            "test",
            "https://www.reddit.com/r/test/comments/testpost/",
        ),
        ("https://redd.it/2ujhkr", "reddit", "2ujhkr", None, "https://www.reddit.com/comments/2ujhkr/"),
        (
            "https://www.reddit.com/comments/2ujhkr",
            "reddit",
            "2ujhkr",
            None,
            "https://www.reddit.com/comments/2ujhkr/",
        ),
        (HN_GTA, "hn", "26296339", None, HN_GTA),
        (
            "news.ycombinator.com/item?id=8863&p=2",
            "hn",
            "8863",
            None,
            "https://news.ycombinator.com/item?id=8863",
        ),
        (
            "https://hn.algolia.com/api/v1/items/8863",
            "hn",
            "8863",
            None,
            "https://news.ycombinator.com/item?id=8863",
        ),
        (
            "https://hacker-news.firebaseio.com/v0/item/8863.json",
            "hn",
            "8863",
            None,
            "https://news.ycombinator.com/item?id=8863",
        ),
    ],
)
def test_parse_url(text: str, site: str, ident: str, board: str | None, canonical: str) -> None:
    u = parse_url(text)
    assert (u.site, u.id, u.board, u.canonical) == (site, ident, board, canonical)
    assert parse_url(u.canonical) == u  # canonical addresses are fixed points


def test_file_names_and_fetch_urls() -> None:
    assert parse_url(GOSSIPING).file_name == "ptt-Gossiping-M.1559093660.A.946.html"
    assert parse_url(REDDIT_DEV).file_name == "reddit-2ujhkr.json"
    assert parse_url(HN_GTA).file_name == "hn-26296339.json"
    assert parse_url(GOSSIPING).fetch_url() == GOSSIPING
    assert parse_url(REDDIT_DEV).fetch_url() == "https://www.reddit.com/comments/2ujhkr.json?limit=500"
    assert parse_url(HN_GTA).fetch_url() == "https://hn.algolia.com/api/v1/items/26296339"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("https://www.google.com/search?q=ptt", "not supported"),
        ("https://www.ptt.cc/bbs/Gossiping/index.html", "board's article list"),
        ("https://www.ptt.cc/bbs/Gossiping/M.1559093660.A.946.htm", "not the address of a ptt.cc article"),
        ("https://www.reddit.com/r/redditdev/", "not the address of a Reddit thread"),
        ("https://www.reddit.com/r/redditdev/s/AbCdEf123", "share link"),
        ("https://news.ycombinator.com/news", "not the address of a Hacker News item"),
        ("https://news.ycombinator.com/item?id=abc", "not the address of a Hacker News item"),
        ("ftp://www.ptt.cc/bbs/Gossiping/M.1559093660.A.946.html", "not a web address"),
        ("file:///etc/passwd", "not a web address"),
        ("http://[::1", "not a valid web address"),
    ],
)
def test_other_addresses_are_refused(text: str, words: str) -> None:
    with pytest.raises(UrlError) as e:
        parse_url(text)
    assert words in str(e.value)
    assert isinstance(e.value, ThreadFileError)


def test_looks_like_url() -> None:
    assert looks_like_url(GOSSIPING) and looks_like_url("HTTPS://example.com/x")
    assert looks_like_url("www.ptt.cc/bbs/X/M.1.A.html") and looks_like_url("redd.it/abc")
    assert not looks_like_url("thread.html") and not looks_like_url("/tmp/https://x")
    assert not looks_like_url("https://a b") and not looks_like_url("")


def test_bases_from_env() -> None:
    env = {
        "THREADGIST_PTT_BASE": "http://127.0.0.1:8123/ptt/",
        "THREADGIST_REDDIT_BASE": "http://evil.example.com",
        "THREADGIST_HN_ALGOLIA_BASE": "https://mirror.example.org/api/v1",
        "THREADGIST_HN_FIREBASE_BASE": "http://127.0.0.1.evil.com/v0",
    }
    b = bases_from_env(env)
    assert b == SiteBases(ptt="http://127.0.0.1:8123/ptt", hn_algolia="https://mirror.example.org/api/v1")
    assert bases_from_env({}) == SiteBases()


# --- each site end to end ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "corpus_file", "count"),
    [
        (GOSSIPING, "ptt/html/Gossiping_M.1559093660.A.946.html", 23),
        (BASEBALL, "ptt/html/Baseball_M.1593841729.A.BDA.html", 36),
    ],
)
def test_ptt(srv: ReplayServer, corpus: Path, tmp_path: Path, url: str, corpus_file: str, count: int) -> None:
    result = open_url(url, tmp_path, options=opts(srv))
    t = result.load.threads[0]
    direct = load_path(str(corpus / corpus_file)).threads[0]
    assert len(t.comments) == len(direct.comments) == count
    assert [(c.tag, c.author, c.text) for c in t.comments] == [
        (c.tag, c.author, c.text) for c in direct.comments
    ]
    assert (t.title, t.board, t.url) == (direct.title, direct.board, url)
    assert result.load.format == "ptt-html" and result.requests == 1
    seen = srv.requests[-1]
    assert seen.headers["cookie"] == "over18=1"
    assert seen.headers["user-agent"] == USER_AGENT and USER_AGENT.startswith("threadgist/")
    assert result.path == tmp_path / parse_url(url).file_name


def test_saved_copy_reopens_the_same(srv: ReplayServer, tmp_path: Path) -> None:
    result = open_url(GOSSIPING, tmp_path, options=opts(srv))
    srv.close()  # offline from here on
    again = load_path(str(result.path))
    assert result.load.path == str(result.path) == again.path
    assert (again.format, again.encoding) == (result.load.format, result.load.encoding)
    assert [thread_to_dict(t) for t in again.threads] == [thread_to_dict(t) for t in result.load.threads]
    assert source_url_of(result.path) == GOSSIPING
    src = saved_source(result.path)
    assert src is not None and src.fetched_at is not None and src.warnings == ()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ptt-Gossiping-M.1559093660.A.946.html",
        "ptt-Gossiping-M.1559093660.A.946.html.source.json",
    ]
    # Open Recent keeps the saved path; it reopens offline and knows where to refresh from
    s = Settings()
    s.add_recent(str(result.path))
    s2 = Settings.from_json(json.loads(json.dumps(s.to_json())))
    assert load_path(s2.recent[0]).threads[0].title == result.load.threads[0].title
    assert source_url_of(s2.recent[0]) == GOSSIPING


def test_source_of_files_not_fetched(tmp_path: Path, corpus: Path) -> None:
    assert saved_source(corpus / "ptt/html/Baseball_M.1593841729.A.BDA.html") is None
    f = tmp_path / "x.html"
    Path(str(f) + ".source.json").write_text('{"url": "file:///etc/passwd"}')
    assert source_url_of(f) is None  # only addresses the app would fetch come back
    Path(str(f) + ".source.json").write_text("{not json")
    assert source_url_of(f) is None


def test_ptt_age_page_despite_the_cookie(srv: ReplayServer, tmp_path: Path) -> None:
    import urllib.request

    with urllib.request.urlopen(f"{srv.base}/ptt/bbs/Gossiping/M.1559093660.A.946.html") as r:
        assert b"over18-notice" in r.read()  # the server's own check: no cookie, age page
    srv.ignore_cookie = True
    with pytest.raises(ThreadFileError) as e:
        open_url(GOSSIPING, tmp_path, options=opts(srv))
    assert str(e.value).startswith(GOSSIPING + ": ")
    assert "age-confirmation page" in str(e.value)
    assert not any(tmp_path.iterdir())  # nothing saved


def test_page_that_is_not_a_thread(srv: ReplayServer, tmp_path: Path) -> None:
    srv.ptt("Gossiping", "M.1559093660.A.946", b"<html><body>Hello</body></html>")
    with pytest.raises(ThreadFileError, match="not a PTT article page"):
        open_url(GOSSIPING, tmp_path, options=opts(srv))


def test_failed_refetch_keeps_the_saved_copy(srv: ReplayServer, tmp_path: Path) -> None:
    first = open_url(GOSSIPING, tmp_path, options=opts(srv))
    srv.ptt("Gossiping", "M.1559093660.A.946", b"<html><body>Oops</body></html>")
    with pytest.raises(ThreadFileError):
        open_url(GOSSIPING, tmp_path, options=opts(srv))
    assert load_path(str(first.path)).threads[0].title == first.load.threads[0].title
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.path.name, first.path.name + ".source.json"]


@pytest.mark.parametrize("compressed", [False, True])
def test_reddit(srv: ReplayServer, corpus: Path, tmp_path: Path, compressed: bool) -> None:
    srv.gzip = compressed
    result = open_url("https://www.reddit.com/r/test/comments/testpost/test/", tmp_path, options=opts(srv))
    direct = load_path(str(corpus / "reddit/go-reddit_testdata_post_post.json")).threads[0]
    t = result.load.threads[0]
    assert len(t.comments) == len(direct.comments) == 2
    assert [thread_to_dict(x) for x in result.load.threads] == [thread_to_dict(direct)]
    assert result.path.name == "reddit-testpost.json" and result.not_loaded == 0
    seen = srv.requests[-1]
    assert (seen.path, seen.query) == ("/reddit/comments/testpost.json", "limit=500")
    assert seen.headers["user-agent"] == USER_AGENT
    assert seen.headers["accept-encoding"] == "gzip"
    assert result.received < result.size if compressed else result.received == result.size


@pytest.mark.parametrize(
    ("requests", "why"),
    [
        (30, "Reddit did not send them"),  # the replay server has none of them
        (0, "at most 0 extra request(s)"),
    ],
)
def test_reddit_more_comments_not_sent_are_counted(
    srv: ReplayServer, tmp_path: Path, requests: int, why: str
) -> None:
    result = open_url(REDDIT_DEV, tmp_path, options=opts(srv, max_reddit_requests=requests))
    direct = load_path(str(THREADS / "reddit_redditdev_2ujhkr.json")).threads[0]
    t = result.load.threads[0]
    assert len(t.comments) == len(direct.comments) == 51
    assert result.not_loaded == 25 and result.requests == 1 + min(requests, 1)
    assert result.path.read_bytes() == (THREADS / "reddit_redditdev_2ujhkr.json").read_bytes()
    assert (
        len(result.warnings) == 1
        and str(result.warnings[0]).startswith("25 comment(s) were not loaded: ")
        and why in str(result.warnings[0])
    )
    # the thread says why (the fetch's note takes the place of the parser's, same count)
    assert t.warnings == result.warnings
    assert load_saved(str(result.path)).threads[0].warnings == t.warnings  # also offline
    # the file alone (no sidecar): the parser's note of the same comments
    assert list(map(str, load_path(str(result.path)).threads[0].warnings)) == [
        "25 comment(s) were not loaded in this file (Reddit's “load more comments”)"
    ]


def test_reddit_wants_a_real_user_agent(srv: ReplayServer, tmp_path: Path) -> None:
    with pytest.raises(FetchError) as e:
        open_url(REDDIT_DEV, tmp_path, options=opts(srv, user_agent="Python-urllib/3.11"))
    assert (e.value.kind, e.value.status, e.value.network) == ("blocked", 403, True)
    assert "Reddit refused the request (HTTP 403)" in str(e.value)
    assert "add .json" in str(e.value)


# --- Reddit's held-back comments ("more") ---------------------------------------------------
REDDIT_TEST = "https://www.reddit.com/r/test/comments/testpost/test/"
MORE = "/reddit/api/morechildren.json"
CONTINUE = "/reddit/comments/testpost/_/testc2.json"


def listing(children: list[Any]) -> dict[str, Any]:
    return {
        "kind": "Listing",
        "data": {
            "after": None,
            "dist": None,
            "modhash": None,
            "geo_filter": "",
            "children": children,
            "before": None,
        },
    }


class RedditShapes:
    """Comments and "more" stubs shaped like the captured r/test page (go-reddit's
    testdata), with their ids, parents and texts changed."""

    def __init__(self, corpus: Path):
        self.page = json.loads((corpus / "reddit/go-reddit_testdata_post_post.json").read_text())
        self.c1 = self.page[1]["data"]["children"][0]  # testc1 "Hi", with testc2 "Hello"
        self.c2 = self.c1["data"]["replies"]["data"]["children"][0]

    def comment(
        self, ident: str, parent: str, depth: int, replies: list[dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        thing: dict[str, Any] = json.loads(json.dumps(self.c2))
        thing["data"].update(
            id=ident,
            name=f"t1_{ident}",
            parent_id=parent,
            depth=depth,
            body=f"comment {ident} &amp; more",
            body_html=f"&lt;p&gt;comment {ident}&lt;/p&gt;",
            permalink=f"/r/test/comments/testpost/test/{ident}/",
            replies=listing(replies) if replies else "",
        )
        return thing

    @staticmethod
    def more(ids: list[str], parent: str, depth: int, count: int | None = None) -> dict[str, Any]:
        first = ids[0] if ids else "_"
        return {
            "kind": "more",
            "data": {
                "count": len(ids) if count is None else count,
                "name": f"t1_{first}",
                "id": first,
                "parent_id": parent,
                "depth": depth,
                "children": ids,
            },
        }

    def thread(self, top_more: list[str], count: int, *, cont: bool = True) -> bytes:
        """testc1 → testc2 → "continue this thread", and a top-level stub of ``top_more``."""
        page = json.loads(json.dumps(self.page))
        c1 = page[1]["data"]["children"][0]
        c2 = c1["data"]["replies"]["data"]["children"][0]
        if cont:
            c2["data"]["replies"] = listing([self.more([], "t1_testc2", 2, 0)])
        if top_more:
            page[1]["data"]["children"].append(self.more(top_more, "t3_testpost", 0, count))
        return json.dumps(page).encode()

    def continued(self) -> bytes:
        """testc2's own page: its replies d1, d2 (with d3)."""
        c2 = json.loads(json.dumps(self.c2))
        c2["data"]["replies"] = listing(
            [
                self.comment("d1", "t1_testc2", 2),
                self.comment("d2", "t1_testc2", 2, [self.comment("d3", "t1_d2", 3)]),
            ]
        )
        return json.dumps([self.page[0], listing([c2])]).encode()


@pytest.fixture()
def more(srv: ReplayServer, corpus: Path) -> RedditShapes:
    """r/test with 7 comments held back: a top-level stub of m1, m2, m3 whose answer holds
    m2's reply m2a and a new stub of m1's replies m4, m5 (a second round); and a "continue
    this thread" stub under testc2 (d1, d2, d3)."""
    r = RedditShapes(corpus)
    srv.reddit("testpost", r.thread(["m1", "m2", "m3"], 6))
    srv.files[CONTINUE] = (r.continued(), "application/json; charset=UTF-8")
    srv.more_things.update(
        {
            "m1": [r.comment("m1", "t3_testpost", 0), r.more(["m4", "m5"], "t1_m1", 1)],
            "m2": [r.comment("m2", "t3_testpost", 0), r.comment("m2a", "t1_m2", 1)],
            "m3": [r.comment("m3", "t3_testpost", 0)],
            "m4": [r.comment("m4", "t1_m1", 1)],
            "m5": [r.comment("m5", "t1_m1", 1)],
        }
    )
    return r


def shape(t: Any) -> list[tuple[str, int | None, int]]:
    return [(c.text.removesuffix(" & more").removeprefix("comment "), c.parent, c.depth) for c in t.comments]


def stubs(doc: Any) -> list[dict[str, Any]]:
    found, stack = [], [doc[1]]
    while stack:
        node = stack.pop()
        if node.get("kind") == "more":
            found.append(node["data"])
        kids = node["data"].get("children") if node.get("kind") == "Listing" else None
        stack.extend(kids or [])
        replies = node["data"].get("replies") if node.get("kind") == "t1" else None
        if replies:
            stack.append(replies)
    return found


ALL_LOADED = [
    ("Hi", None, 0),
    ("Hello", 1, 1),
    ("d1", 2, 2),
    ("d2", 2, 2),
    ("d3", 4, 3),
    ("m1", None, 0),
    ("m4", 6, 1),
    ("m5", 6, 1),
    ("m2", None, 0),
    ("m2a", 9, 1),
    ("m3", None, 0),
]


def test_reddit_more_comments_are_loaded(srv: ReplayServer, more: RedditShapes, tmp_path: Path) -> None:
    result = open_url(REDDIT_TEST, tmp_path, options=opts(srv))
    t = result.load.threads[0]
    assert shape(t) == ALL_LOADED
    assert (result.not_loaded, result.warnings, t.warnings) == (0, [], [])
    # breadth first: the top-level stub, then the deeper "continue", then the new stub
    assert [(x.path, parse_qs(x.query)) for x in srv.requests] == [
        ("/reddit/comments/testpost.json", {"limit": ["500"]}),
        (
            MORE,
            {
                "api_type": ["json"],
                "link_id": ["t3_testpost"],
                "children": ["m1,m2,m3"],
                "limit_children": ["false"],
            },
        ),
        (CONTINUE, {"limit": ["500"]}),
        (
            MORE,
            {
                "api_type": ["json"],
                "link_id": ["t3_testpost"],
                "children": ["m4,m5"],
                "limit_children": ["false"],
            },
        ),
    ]
    assert result.requests == 4
    assert {x.headers["user-agent"] for x in srv.requests} == {USER_AGENT}
    saved = json.loads(result.path.read_bytes())  # Reddit's own shape, no stub left
    assert [x["kind"] for x in saved] == ["Listing", "Listing"] and stubs(saved) == []
    assert load_path(str(result.path)).threads[0].comments == t.comments
    assert saved_source(result.path) is not None


def test_reddit_more_ids_in_batches_of_100(srv: ReplayServer, corpus: Path, tmp_path: Path) -> None:
    r = RedditShapes(corpus)
    ids = [f"x{i}" for i in range(150)]
    srv.reddit("testpost", r.thread(ids, 150, cont=False))
    srv.more_things.update({i: [r.comment(i, "t3_testpost", 0)] for i in ids})
    result = open_url(REDDIT_TEST, tmp_path, options=opts(srv))
    asked = [parse_qs(x.query)["children"][0].split(",") for x in srv.requests if x.path == MORE]
    assert asked == [ids[:100], ids[100:]]
    assert [c.text for c in result.load.threads[0].comments] == [
        "Hi",
        "Hello",
        *(f"comment {i} & more" for i in ids),
    ]
    assert result.not_loaded == 0 and result.warnings == []


def test_reddit_more_request_cap(srv: ReplayServer, more: RedditShapes, tmp_path: Path) -> None:
    result = open_url(REDDIT_TEST, tmp_path, options=opts(srv, max_reddit_requests=1))
    t = result.load.threads[0]
    assert shape(t) == [
        ("Hi", None, 0),
        ("Hello", 1, 1),
        ("m1", None, 0),
        ("m2", None, 0),
        ("m2a", 4, 1),
        ("m3", None, 0),
    ]
    assert result.requests == 2 and result.not_loaded == 3  # "continue" (1) and m4, m5
    assert list(map(str, result.warnings)) == [
        "3 comment(s) were not loaded: Reddit held them back, and this app asks for them in at "
        "most 1 extra request(s)"
    ]
    assert t.warnings == result.warnings  # why, in place of the parser's "in this file"
    left = stubs(json.loads(result.path.read_bytes()))  # the unloaded stubs stay
    assert sorted(tuple(x["children"]) for x in left) == [(), ("m4", "m5")]
    src = saved_source(result.path)
    assert src is not None and src.warnings == tuple(result.warnings)


def test_reddit_more_comment_cap(srv: ReplayServer, more: RedditShapes, tmp_path: Path) -> None:
    result = open_url(REDDIT_TEST, tmp_path, options=opts(srv, max_reddit_comments=2))
    asked = [parse_qs(x.query)["children"] for x in srv.requests[1:]]
    assert asked == [["m1,m2"]]  # 2 ids asked for, 3 comments came: no further round
    assert shape(result.load.threads[0])[2:] == [("m1", None, 0), ("m2", None, 0), ("m2a", 4, 1)]
    left = stubs(json.loads(result.path.read_bytes()))
    assert sorted((x["children"], x["count"]) for x in left) == [
        ([], 0),
        (["m3"], 6 - 2),
        (["m4", "m5"], 2),
    ]  # the split stub keeps its place
    assert result.not_loaded == 4 + 1 + 2
    assert list(map(str, result.warnings)) == [
        "7 comment(s) were not loaded: Reddit held them back, and this app loads at most 2 of them"
    ]


@pytest.mark.parametrize(
    ("fail", "status", "comments", "missing"),
    [
        ("m4", 429, 9, 2),  # the third request: what the first two loaded is kept
        ("m4", 403, 9, 2),
        ("m1", 429, 2, 7),  # the first: the page as fetched
        ("m1", 500, 2, 7),
    ],
)
def test_reddit_more_refused(
    srv: ReplayServer, more: RedditShapes, tmp_path: Path, fail: str, status: int, comments: int, missing: int
) -> None:
    srv.more_status[fail] = status
    result = open_url(REDDIT_TEST, tmp_path, options=opts(srv))
    t = result.load.threads[0]
    assert len(t.comments) == comments and result.not_loaded == missing
    assert len(result.warnings) == 1
    w = str(result.warnings[0])
    assert w.startswith(f"{missing} comment(s) were not loaded: loading them stopped: Reddit ")
    assert f"HTTP {status}" in w and "Too Many" not in w and '"message"' not in w
    assert t.warnings == result.warnings
    assert srv.requests[-1].path == MORE  # nothing asked after the refusal
    if fail == "m1":
        assert result.path.read_bytes() == srv.files["/reddit/comments/testpost.json"][0]


def test_reddit_more_stops_at_the_deadline(srv: ReplayServer, more: RedditShapes, tmp_path: Path) -> None:
    """The fetch's deadline comes while held-back comments load (an answer that never
    ends): the thread and the comments loaded so far are kept, and it says why."""
    srv.drip[MORE] = 0.05
    t0 = time.monotonic()
    result = open_url(REDDIT_TEST, tmp_path, options=opts(srv, deadline=1.0))
    assert time.monotonic() - t0 < 3
    t = result.load.threads[0]
    assert shape(t)[:2] == [("Hi", None, 0), ("Hello", 1, 1)] and result.not_loaded > 0
    assert [str(w) for w in result.warnings] == [
        f"{result.not_loaded} comment(s) were not loaded: loading them stopped: Reddit did not answer "
        "in time; fetching the thread again later may load them"
    ]


@pytest.mark.parametrize(
    "answer",
    [
        b"<html>Too Many Requests</html>",
        b"[]",
        b"null",
        b'{"json": []}',
        b'{"json": {"errors": [["RATELIMIT", "you are doing that too much", "ratelimit"]]}}',
        b'{"json": {"errors": [], "data": {"things": {"kind": "t1"}}}}',
    ],
)
def test_reddit_more_unreadable_answer(
    srv: ReplayServer, more: RedditShapes, tmp_path: Path, answer: bytes
) -> None:
    srv.files[MORE] = (answer, "application/json")
    result = open_url(REDDIT_TEST, tmp_path, options=opts(srv))
    assert len(result.load.threads[0].comments) == 2 and result.not_loaded == 7
    assert list(map(str, result.warnings)) == [
        "7 comment(s) were not loaded: loading them stopped: Reddit sent an answer this app cannot read"
    ]


def test_reddit_more_malformed_things_are_dropped(
    srv: ReplayServer, more: RedditShapes, tmp_path: Path
) -> None:
    ok3 = {"kind": "t1", "data": {"id": "ok3", "body": "grandchild", "author": "c", "replies": ""}}
    things: list[Any] = [
        1,
        None,
        "x",
        [],
        {"kind": "t1"},
        {"kind": "t1", "data": []},
        {"kind": "t1", "data": {"parent_id": 5, "id": "p5"}},
        {"kind": "t1", "data": {"id": "zz", "parent_id": "t3_testpost", "body": 5}},
        {"kind": "t1", "data": {"id": ["zz"], "parent_id": "t3_testpost", "body": "x"}},
        {"kind": "more", "data": {"children": "abc", "parent_id": "t3_testpost"}},
        {"kind": "more", "data": {"count": "7", "children": [], "parent_id": "t1_testc1"}},
        {"kind": "t2", "data": {"parent_id": "t3_testpost"}},
        {
            "kind": "t1",
            "data": {
                "id": "ok2",
                "parent_id": "t1_ok1",
                "body": "child",
                "author": "b",
                "replies": listing([5, ok3, {"kind": "more"}]),
            },
        },
        {
            "kind": "t1",
            "data": {
                "id": "ok1",
                "name": "t1_ok1",
                "parent_id": "t3_testpost",
                "body": "fine",
                "author": "a",
                "replies": {"data": 5},
            },
        },
        {"kind": "t1", "data": {"id": "loop", "parent_id": "t1_loop", "body": "self"}},
        {"kind": "t1", "data": {"id": "testc1", "parent_id": "t3_testpost", "body": "dup"}},
        {"kind": "t1", "data": {"id": "m1", "parent_id": "t1_nowhere", "body": "orphan"}},
    ]
    srv.files[MORE] = (
        json.dumps({"json": {"errors": [], "data": {"things": things}}}).encode(),
        "application/json",
    )
    result = open_url(REDDIT_TEST, tmp_path, options=opts(srv, max_reddit_requests=1))
    t = result.load.threads[0]
    assert [(c.text, c.parent) for c in t.comments] == [
        ("Hi", None),
        ("Hello", 1),
        ("fine", None),
        ("child", 3),
        ("grandchild", 4),
    ]
    assert result.not_loaded == 7  # none of m1, m2, m3 came: their stub stays
    assert load_path(str(result.path)).threads[0].comments == t.comments


def test_reddit_continue_page_unreadable(srv: ReplayServer, more: RedditShapes, tmp_path: Path) -> None:
    srv.files[CONTINUE] = (b'{"json": 1}', "application/json")
    result = open_url(REDDIT_TEST, tmp_path, options=opts(srv))
    assert len(result.load.threads[0].comments) == 2 + 4 and result.not_loaded == 3
    assert "cannot read" in str(result.warnings[0])
    del srv.files[CONTINUE]  # 404: that comment is gone
    result = open_url(REDDIT_TEST, tmp_path, options=opts(srv))
    assert "HTTP 404" in str(result.warnings[0]) and result.not_loaded == 3


def test_reddit_cancel_while_loading_more(srv: ReplayServer, more: RedditShapes, tmp_path: Path) -> None:
    stop = threading.Event()

    def progress(received: int, total: int | None) -> None:
        if len(srv.requests) >= 2:  # the first morechildren answer is arriving
            stop.set()

    with pytest.raises(FetchCancelled):
        open_url(REDDIT_TEST, tmp_path, options=opts(srv), cancel=stop, progress=progress)
    assert [x.path for x in srv.requests] == ["/reddit/comments/testpost.json", MORE]
    assert not any(tmp_path.iterdir())


def test_hn_algolia_tree_in_one_request(srv: ReplayServer, tmp_path: Path) -> None:
    result = open_url(HN_GTA, tmp_path, options=opts(srv))
    direct = load_path(str(THREADS / "hn_algolia_26296339_first4threads.json")).threads[0]
    assert result.requests == 1 and result.path.name == "hn-26296339.json"
    assert [thread_to_dict(x) for x in result.load.threads] == [thread_to_dict(direct)]
    assert len(direct.comments) == 56


def test_hn_comment_address_opens_its_story(srv: ReplayServer, tmp_path: Path) -> None:
    tree = json.loads((THREADS / "hn_algolia_26296339_first4threads.json").read_text())
    sub = tree["children"][0]
    srv.algolia(sub["id"], json.dumps(sub).encode())
    result = open_url(f"https://news.ycombinator.com/item?id={sub['id']}", tmp_path, options=opts(srv))
    assert result.url.canonical == HN_GTA and result.requests == 2
    assert len(result.load.threads[0].comments) == 56


def test_hn_firebase_fallback_keeps_order(srv: ReplayServer, tmp_path: Path) -> None:
    tree = json.loads((THREADS / "hn_algolia_26296339_first4threads.json").read_text())
    srv.firebase(firebase_items(tree))
    srv.status["/algolia/api/v1/items/26296339"] = 503
    result = open_url(HN_GTA, tmp_path, options=opts(srv, hn_workers=4))
    direct = load_path(str(THREADS / "hn_algolia_26296339_first4threads.json")).threads[0]
    t = result.load.threads[0]
    key = [(c.floor, c.author, c.text, c.parent, c.depth, c.time, c.deleted) for c in t.comments]
    assert key == [(c.floor, c.author, c.text, c.parent, c.depth, c.time, c.deleted) for c in direct.comments]
    assert (t.title, t.author, t.url) == (direct.title, direct.author, direct.url)
    assert result.requests == 1 + 1 + 56 and result.warnings == []
    assert load_path(str(result.path)).threads[0].comments == t.comments


def test_hn_firebase_lone_surrogate_is_saved(srv: ReplayServer, tmp_path: Path) -> None:
    """JSON may carry a lone surrogate (\\ud800); the saved copy must still be written."""
    story = {"by": "op", "id": 8863, "kids": [8864], "time": 1175714200, "title": "t", "type": "story"}
    kid = {
        "by": "u",
        "id": 8864,
        "parent": 8863,
        "text": "half \ud800 a pair",
        "time": 1175714300,
        "type": "comment",
    }
    srv.firebase({8863: story, 8864: kid})
    srv.status["/algolia/api/v1/items/8863"] = 503
    result = open_url("https://news.ycombinator.com/item?id=8863", tmp_path, options=opts(srv))
    [c] = result.load.threads[0].comments
    assert c.text.startswith("half ") and c.text.endswith(" a pair")
    assert load_path(str(result.path)).threads[0].comments == result.load.threads[0].comments


def test_hn_firebase_item_cap(srv: ReplayServer, corpus: Path, tmp_path: Path) -> None:
    story = json.loads((corpus / "hn/selesy-hn_testdata_8863.firebase-v0-item.json").read_text())
    kids = {
        k: {"by": f"u{k}", "id": k, "parent": 8863, "text": f"kid {k}", "time": 1175714300, "type": "comment"}
        for k in story["kids"]
    }
    srv.firebase({8863: story, **kids})
    result = open_url(
        "https://news.ycombinator.com/item?id=8863", tmp_path, options=opts(srv, max_hn_items=10)
    )
    t = result.load.threads[0]
    assert [c.text for c in t.comments] == [f"kid {k}" for k in story["kids"][:10]]
    assert t.title == story["title"] and result.not_loaded == 71 - 10
    assert result.warnings and "61 comment(s) were not loaded" in str(result.warnings[0])
    src = saved_source(result.path)
    assert src is not None and src.warnings == tuple(result.warnings)
    # the saved file cannot know what is missing; the thread says it, now and reopened
    assert t.warnings == result.warnings
    assert load_saved(str(result.path)).threads[0].warnings == result.warnings
    assert load_path(str(result.path)).threads[0].warnings == []


def test_hn_no_such_item(srv: ReplayServer, tmp_path: Path) -> None:
    with pytest.raises(FetchError) as e:
        open_url("https://news.ycombinator.com/item?id=99", tmp_path, options=opts(srv))
    assert e.value.kind == "not_found" and not e.value.network
    assert "no such thread" in str(e.value)


def test_1000_comment_thread(srv: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    srv.algolia(40_000_000, json.dumps(algolia_tree(1000)).encode())
    t0 = time.perf_counter()
    result = open_url("https://news.ycombinator.com/item?id=40000000", tmp_path, options=opts(srv))
    seconds = time.perf_counter() - t0
    assert len(result.load.threads[0].comments) == 1000
    assert max(c.depth for c in result.load.threads[0].comments) >= 3
    with capsys.disabled():
        print(
            f"\n1,000-comment HN thread fetched, saved and parsed in {seconds * 1000:.0f} ms "
            f"({result.size / 1024:.0f} KB)"
        )


# --- errors -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "kind", "words"),
    [
        (404, "not_found", "no such thread (PTT answered HTTP 404)"),
        (410, "not_found", "no such thread"),
        (403, "blocked", "PTT refused the request (HTTP 403)"),
        (429, "blocked", "PTT is limiting requests (HTTP 429): try again in a few minutes"),
        (500, "server", "PTT has a problem (HTTP 500): try again later"),
        (503, "server", "HTTP 503"),
        (400, "bad_response", "PTT did not send the thread (HTTP 400)"),
    ],
)
def test_status_errors(srv: ReplayServer, tmp_path: Path, status: int, kind: str, words: str) -> None:
    srv.status["/ptt/bbs/Gossiping/M.1559093660.A.946.html"] = status
    with pytest.raises(FetchError) as e:
        open_url(GOSSIPING, tmp_path, options=opts(srv))
    assert (e.value.kind, e.value.status) == (kind, status)
    assert str(e.value).startswith(GOSSIPING + ": ") and words in str(e.value)
    assert '"message"' not in str(e.value)  # the server's text is never part of the message
    assert not any(tmp_path.iterdir())


def test_retry_after(srv: ReplayServer, tmp_path: Path) -> None:
    path = "/reddit/comments/2ujhkr.json"
    srv.status[path] = 429
    srv.headers[path] = {"Retry-After": "30"}
    with pytest.raises(FetchError, match="try again in 30 s"):
        open_url(REDDIT_DEV, tmp_path, options=opts(srv))


def test_offline(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    bases = SiteBases(ptt=f"http://127.0.0.1:{port}")
    with pytest.raises(FetchError) as e:
        open_url(GOSSIPING, tmp_path, options=FetchOptions(bases=bases))
    assert e.value.kind == "offline" and e.value.network
    assert "cannot reach 127.0.0.1 (the connection was refused)" in str(e.value)


def test_timeout(srv: ReplayServer, tmp_path: Path) -> None:
    srv.stall.add("/ptt/bbs/Gossiping/M.1559093660.A.946.html")
    t0 = time.perf_counter()
    with pytest.raises(FetchError) as e:
        open_url(GOSSIPING, tmp_path, options=opts(srv, timeout=0.3))
    assert time.perf_counter() - t0 < 3
    assert e.value.kind == "timeout" and "did not answer within 0.3 s" in str(e.value)


@pytest.mark.parametrize("declare", [True, False])
def test_size_cap(srv: ReplayServer, tmp_path: Path, declare: bool) -> None:
    srv.oversize["/ptt/bbs/Gossiping/M.1559093660.A.946.html"] = (5_000_000, declare)
    with pytest.raises(FetchError) as e:
        open_url(GOSSIPING, tmp_path, options=opts(srv, max_bytes=200_000))
    assert e.value.kind == "too_large" and "larger than 195 KB" in str(e.value)
    assert not any(tmp_path.iterdir())


def test_size_cap_counts_decompressed_bytes(srv: ReplayServer, tmp_path: Path) -> None:
    bomb = b"<html>" + b" " * 20_000_000
    srv.files["/ptt/bbs/Gossiping/M.1559093660.A.946.html"] = (gzip.compress(bomb), "text/html")
    srv.headers["/ptt/bbs/Gossiping/M.1559093660.A.946.html"] = {"Content-Encoding": "gzip"}
    with pytest.raises(FetchError) as e:
        open_url(GOSSIPING, tmp_path, options=opts(srv, max_bytes=1_000_000))
    assert e.value.kind == "too_large"


def test_progress(srv: ReplayServer, tmp_path: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    result = open_url(REDDIT_DEV, tmp_path, options=opts(srv), progress=lambda a, b: seen.append((a, b)))
    assert len(seen) >= 2 and seen[-1][0] == result.received
    assert [a for a, _ in seen] == sorted(a for a, _ in seen)
    assert seen[0][1] == result.size  # Content-Length
    assert result.requests == 2  # and the held-back comments (not sent)
    assert all(b is not None and a <= b for a, b in seen)  # totals count every request


def test_cancel_before_and_during(srv: ReplayServer, tmp_path: Path) -> None:
    stop = threading.Event()
    stop.set()
    with pytest.raises(FetchCancelled):
        open_url(GOSSIPING, tmp_path, options=opts(srv), cancel=stop)
    assert srv.requests == []
    srv.gap = 0.05
    stop = threading.Event()
    t0 = time.perf_counter()
    with pytest.raises(FetchCancelled) as e:
        open_url(REDDIT_DEV, tmp_path, options=opts(srv), cancel=stop, progress=lambda a, b: stop.set())
    assert time.perf_counter() - t0 < 1.0 and e.value.kind == "cancelled"
    assert not e.value.network and not any(tmp_path.iterdir())


def test_cancel_the_firebase_walk(srv: ReplayServer, tmp_path: Path) -> None:
    tree = json.loads((THREADS / "hn_algolia_26296339_first4threads.json").read_text())
    srv.firebase(firebase_items(tree))
    srv.status["/algolia/api/v1/items/26296339"] = 500
    stop = threading.Event()
    calls = 0

    def progress(received: int, total: int | None) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            stop.set()

    with pytest.raises(FetchCancelled):
        open_url(HN_GTA, tmp_path, options=opts(srv), cancel=stop, progress=progress)
    assert len(srv.requests) < 58


def test_thread_url_object_is_accepted(srv: ReplayServer, tmp_path: Path) -> None:
    u = ThreadUrl("ptt", "M.1593841729.A.BDA", BASEBALL, "Baseball")
    assert open_url(u, tmp_path, options=opts(srv)).url == u


# --- the command line -------------------------------------------------------------------
def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def cli_env(srv: ReplayServer, home: Path, monkeypatch: pytest.MonkeyPatch) -> ReplayServer:
    for k, v in srv.env().items():
        monkeypatch.setenv(k, v)
    return srv


def test_cli_parse_url(cli_env: ReplayServer, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "parse", GOSSIPING, "--json")
    assert code == EXIT_OK and err == ""
    t = json.loads(out)["threads"][0]
    assert t["url"] == GOSSIPING and t["stats"]["comments"] == 23
    saved = home / "data" / "fetched" / "ptt-Gossiping-M.1559093660.A.946.html"
    assert saved.is_file() and source_url_of(saved) == GOSSIPING
    code, out, _ = cli(capsys, "parse", str(saved), "--json")  # offline, from the saved copy
    assert code == EXIT_OK and json.loads(out)["threads"][0] == t
    code, out, _ = cli(capsys, "parse", "redd.it/2ujhkr", "--comments", "3")
    assert code == EXIT_OK and "Important: API licensing terms clarified" in out


def test_cli_parse_url_loads_reddit_more(
    cli_env: ReplayServer, more: RedditShapes, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "parse", REDDIT_TEST, "--json")
    assert code == EXIT_OK and err == ""
    t = json.loads(out)["threads"][0]
    assert t["stats"]["comments"] == len(ALL_LOADED) == 11
    cli_env.more_status["m4"] = 429
    code, out, err = cli(capsys, "parse", REDDIT_TEST, "--json")
    assert code == EXIT_OK and json.loads(out)["threads"][0]["stats"]["comments"] == 9
    assert "2 comment(s) were not loaded" in err and "HTTP 429" in err


def test_cli_exit_codes(cli_env: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    cli_env.status["/ptt/bbs/Gossiping/M.1559093660.A.946.html"] = 404
    code, out, err = cli(capsys, "parse", GOSSIPING)
    assert code == EXIT_BAD_FILE == 3 and out == "" and "no such thread" in err
    cli_env.status["/ptt/bbs/Gossiping/M.1559093660.A.946.html"] = 429
    code, _, err = cli(capsys, "parse", GOSSIPING)
    assert code == EXIT_NETWORK == 5 and "HTTP 429" in err
    cli_env.ignore_cookie = True
    code, _, err = cli(capsys, "parse", BASEBALL)
    assert code == EXIT_BAD_FILE and "age-confirmation" in err
    code, _, err = cli(capsys, "parse", "https://example.com/thread")
    assert code == EXIT_BAD_FILE and "not supported" in err


def test_cli_offline(home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("THREADGIST_HN_ALGOLIA_BASE", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("THREADGIST_HN_FIREBASE_BASE", f"http://127.0.0.1:{port}")
    code, _, err = cli(capsys, "parse", HN_GTA)
    assert code == EXIT_NETWORK and "cannot reach 127.0.0.1" in err


def test_cli_summarize_url(cli_env: ReplayServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "summarize", "https://www.example.com/x", "--dry-run")
    assert code == EXIT_BAD_FILE and "not supported" in err
    cli_env.status["/reddit/comments/2ujhkr.json"] = 403
    code, _, err = cli(capsys, "summarize", REDDIT_DEV, "--dry-run")
    assert code == EXIT_NETWORK and "Reddit refused the request" in err


@pytest.mark.parametrize("target", ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,x"])
def test_a_redirect_to_another_scheme_is_said_as_such(srv: ReplayServer, tmp_path: Path, target: str) -> None:
    """urllib refuses these with an HTTPError of the redirect's status; the message said
    "PTT did not send the thread (HTTP 302)" (the second probe)."""
    path = "/ptt/bbs/Gossiping/M.1559093660.A.946.html"
    srv.status[path] = 302
    srv.headers[path] = {"Location": target}
    with pytest.raises(FetchError) as e:
        open_url(GOSSIPING, tmp_path, options=opts(srv))
    assert "not a web page" in str(e.value) and not any(tmp_path.iterdir())

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
    s.ptt("Gossiping", "M.1559093660.A.946",
          (corpus / "ptt/html/Gossiping_M.1559093660.A.946.html").read_bytes())
    s.ptt("Baseball", "M.1593841729.A.BDA",
          (corpus / "ptt/html/Baseball_M.1593841729.A.BDA.html").read_bytes())
    s.reddit("testpost", (corpus / "reddit/go-reddit_testdata_post_post.json").read_bytes())
    s.reddit("2ujhkr", (THREADS / "reddit_redditdev_2ujhkr.json").read_bytes())
    s.algolia(26296339, (THREADS / "hn_algolia_26296339_first4threads.json").read_bytes())
    yield s
    s.close()


def opts(srv: ReplayServer, **kw: object) -> FetchOptions:
    return FetchOptions(bases=srv.bases(), **kw)  # type: ignore[arg-type]


# --- recognising addresses --------------------------------------------------------------
@pytest.mark.parametrize(("text", "site", "ident", "board", "canonical"), [
    (GOSSIPING, "ptt", "M.1559093660.A.946", "Gossiping", GOSSIPING),
    ("http://ptt.cc/bbs/Gossiping/M.1559093660.A.946.html", "ptt", "M.1559093660.A.946",
     "Gossiping", GOSSIPING),
    ("  www.ptt.cc/bbs/movie/M.1073844095.A.html ", "ptt", "M.1073844095.A", "movie",
     "https://www.ptt.cc/bbs/movie/M.1073844095.A.html"),
    ("https://www.ptt.cc/ask/over18?from=%2Fbbs%2FGossiping%2FM.1559093660.A.946.html", "ptt",
     "M.1559093660.A.946", "Gossiping", GOSSIPING),
    (REDDIT_DEV, "reddit", "2ujhkr", "redditdev", "https://www.reddit.com/r/redditdev/comments/2ujhkr/"),
    ("https://old.reddit.com/r/redditdev/comments/2ujhkr/", "reddit", "2ujhkr", "redditdev",
     "https://www.reddit.com/r/redditdev/comments/2ujhkr/"),
    ("https://np.reddit.com/r/AskReddit/comments/ABC12/x/def45/?context=3", "reddit", "abc12",
     "AskReddit", "https://www.reddit.com/r/AskReddit/comments/abc12/"),
    ("new.reddit.com/r/test/comments/testpost.json", "reddit", "testpost", "test",
     "https://www.reddit.com/r/test/comments/testpost/"),
    ("https://redd.it/2ujhkr", "reddit", "2ujhkr", None, "https://www.reddit.com/comments/2ujhkr/"),
    ("https://www.reddit.com/comments/2ujhkr", "reddit", "2ujhkr", None,
     "https://www.reddit.com/comments/2ujhkr/"),
    (HN_GTA, "hn", "26296339", None, HN_GTA),
    ("news.ycombinator.com/item?id=8863&p=2", "hn", "8863", None,
     "https://news.ycombinator.com/item?id=8863"),
    ("https://hn.algolia.com/api/v1/items/8863", "hn", "8863", None,
     "https://news.ycombinator.com/item?id=8863"),
    ("https://hacker-news.firebaseio.com/v0/item/8863.json", "hn", "8863", None,
     "https://news.ycombinator.com/item?id=8863"),
])
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


@pytest.mark.parametrize(("text", "words"), [
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
])
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
    env = {"THREADGIST_PTT_BASE": "http://127.0.0.1:8123/ptt/",
           "THREADGIST_REDDIT_BASE": "http://evil.example.com",
           "THREADGIST_HN_ALGOLIA_BASE": "https://mirror.example.org/api/v1",
           "THREADGIST_HN_FIREBASE_BASE": "http://127.0.0.1.evil.com/v0"}
    b = bases_from_env(env)
    assert b == SiteBases(ptt="http://127.0.0.1:8123/ptt",
                          hn_algolia="https://mirror.example.org/api/v1")
    assert bases_from_env({}) == SiteBases()


# --- each site end to end ---------------------------------------------------------------
@pytest.mark.parametrize(("url", "corpus_file", "count"), [
    (GOSSIPING, "ptt/html/Gossiping_M.1559093660.A.946.html", 23),
    (BASEBALL, "ptt/html/Baseball_M.1593841729.A.BDA.html", 36),
])
def test_ptt(srv: ReplayServer, corpus: Path, tmp_path: Path, url: str, corpus_file: str,
             count: int) -> None:
    result = open_url(url, tmp_path, options=opts(srv))
    t = result.load.threads[0]
    direct = load_path(str(corpus / corpus_file)).threads[0]
    assert len(t.comments) == len(direct.comments) == count
    assert [(c.tag, c.author, c.text) for c in t.comments] == \
        [(c.tag, c.author, c.text) for c in direct.comments]
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
    assert [thread_to_dict(t) for t in again.threads] == \
        [thread_to_dict(t) for t in result.load.threads]
    assert source_url_of(result.path) == GOSSIPING
    src = saved_source(result.path)
    assert src is not None and src.fetched_at is not None and src.warnings == ()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ptt-Gossiping-M.1559093660.A.946.html", "ptt-Gossiping-M.1559093660.A.946.html.source.json"]
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
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        first.path.name, first.path.name + ".source.json"]


@pytest.mark.parametrize("compressed", [False, True])
def test_reddit(srv: ReplayServer, corpus: Path, tmp_path: Path, compressed: bool) -> None:
    srv.gzip = compressed
    result = open_url("https://www.reddit.com/r/test/comments/testpost/test/", tmp_path,
                      options=opts(srv))
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


def test_reddit_more_comments_are_counted(srv: ReplayServer, tmp_path: Path) -> None:
    result = open_url(REDDIT_DEV, tmp_path, options=opts(srv))
    direct = load_path(str(THREADS / "reddit_redditdev_2ujhkr.json")).threads[0]
    t = result.load.threads[0]
    assert len(t.comments) == len(direct.comments) == 51
    assert result.not_loaded == 25
    assert "25 comment(s) were not loaded" in " ".join(t.warnings)
    assert load_path(str(result.path)).threads[0].warnings == t.warnings  # also offline


def test_reddit_wants_a_real_user_agent(srv: ReplayServer, tmp_path: Path) -> None:
    with pytest.raises(FetchError) as e:
        open_url(REDDIT_DEV, tmp_path, options=opts(srv, user_agent="Python-urllib/3.11"))
    assert (e.value.kind, e.value.status, e.value.network) == ("blocked", 403, True)
    assert "Reddit refused the request (HTTP 403)" in str(e.value)
    assert "add .json" in str(e.value)


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
    result = open_url(f"https://news.ycombinator.com/item?id={sub['id']}", tmp_path,
                      options=opts(srv))
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
    assert key == [(c.floor, c.author, c.text, c.parent, c.depth, c.time, c.deleted)
                   for c in direct.comments]
    assert (t.title, t.author, t.url) == (direct.title, direct.author, direct.url)
    assert result.requests == 1 + 1 + 56 and result.warnings == []
    assert load_path(str(result.path)).threads[0].comments == t.comments


def test_hn_firebase_item_cap(srv: ReplayServer, corpus: Path, tmp_path: Path) -> None:
    story = json.loads((corpus / "hn/selesy-hn_testdata_8863.firebase-v0-item.json").read_text())
    kids = {k: {"by": f"u{k}", "id": k, "parent": 8863, "text": f"kid {k}", "time": 1175714300,
                "type": "comment"} for k in story["kids"]}
    srv.firebase({8863: story, **kids})
    result = open_url("https://news.ycombinator.com/item?id=8863", tmp_path,
                      options=opts(srv, max_hn_items=10))
    t = result.load.threads[0]
    assert [c.text for c in t.comments] == [f"kid {k}" for k in story["kids"][:10]]
    assert t.title == story["title"] and result.not_loaded == 71 - 10
    assert result.warnings and "61 comment(s) were not loaded" in result.warnings[0]
    src = saved_source(result.path)
    assert src is not None and src.warnings == tuple(result.warnings)


def test_hn_no_such_item(srv: ReplayServer, tmp_path: Path) -> None:
    with pytest.raises(FetchError) as e:
        open_url("https://news.ycombinator.com/item?id=99", tmp_path, options=opts(srv))
    assert e.value.kind == "not_found" and not e.value.network
    assert "no such thread" in str(e.value)


def test_1000_comment_thread(srv: ReplayServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
                             ) -> None:
    srv.algolia(40_000_000, json.dumps(algolia_tree(1000)).encode())
    t0 = time.perf_counter()
    result = open_url("https://news.ycombinator.com/item?id=40000000", tmp_path, options=opts(srv))
    seconds = time.perf_counter() - t0
    assert len(result.load.threads[0].comments) == 1000
    assert max(c.depth for c in result.load.threads[0].comments) >= 3
    with capsys.disabled():
        print(f"\n1,000-comment HN thread fetched, saved and parsed in {seconds * 1000:.0f} ms "
              f"({result.size / 1024:.0f} KB)")


# --- errors -----------------------------------------------------------------------------
@pytest.mark.parametrize(("status", "kind", "words"), [
    (404, "not_found", "no such thread (PTT answered HTTP 404)"),
    (410, "not_found", "no such thread"),
    (403, "blocked", "PTT refused the request (HTTP 403)"),
    (429, "blocked", "PTT is limiting requests (HTTP 429): try again in a few minutes"),
    (500, "server", "PTT has a problem (HTTP 500): try again later"),
    (503, "server", "HTTP 503"),
    (400, "bad_response", "PTT did not send the thread (HTTP 400)"),
])
def test_status_errors(srv: ReplayServer, tmp_path: Path, status: int, kind: str, words: str
                       ) -> None:
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
        open_url(REDDIT_DEV, tmp_path, options=opts(srv), cancel=stop,
                 progress=lambda a, b: stop.set())
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


def test_cli_parse_url(cli_env: ReplayServer, home: Path, capsys: pytest.CaptureFixture[str]
                       ) -> None:
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


def test_cli_offline(home: Path, monkeypatch: pytest.MonkeyPatch,
                     capsys: pytest.CaptureFixture[str]) -> None:
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

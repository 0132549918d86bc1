"""Fuzzing every parser (hypothesis): bad input costs linear time and never a traceback.

Whatever the bytes, ``load_bytes`` either returns threads whose fields have the types the
app expects, or raises :class:`ThreadFileError`, within a time bound proportional to the
input's size. The inputs are random bytes; real files (the shared corpus and the quality
benchmark's threads) with bytes flipped, cut, repeated or with tags, ANSI escapes and
delimiters inserted; and documents generated per format (JSON with a value of the wrong
type at any field, HTML with unclosed and misnested tags, BBS files with ANSI, Big5 and
long lines). ``parse_url`` gets random text.

Deterministic (``derandomize``, no example database), so CI runs the same cases each time.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadgist.thread import FORMATS, Comment, LoadResult, Note, ThreadFileError, load_bytes
from threadgist.thread.serialize import overview, thread_to_dict
from threadgist.thread.web.urls import ThreadUrl, UrlError, parse_url

from .conftest import CORPUS, REPO

FUZZ = settings(
    database=None,
    derandomize=True,
    deadline=None,
    max_examples=400,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


def time_bound(size: int) -> float:
    """0.5 s + 2 µs a byte, doubled for a busy two-core CI machine. Anything superlinear
    (the bugs this file is for) overshoots it by far on the larger cases."""
    return 2 * (0.5 + 2e-6 * size)


def _seed_files() -> list[bytes]:
    patterns = (
        "ptt/html/*.html",
        "ptt/bbs/*.txt",
        "ptt/json/*.json",
        "reddit/*.json",
        "hn/*.json",
        "ptt/copied-text/*.txt",
        "ptt/derived-text/*.txt",
    )
    paths = [p for pat in patterns for p in sorted(CORPUS.glob(pat))]
    paths += sorted(
        p
        for p in (REPO / "benchmarks" / "quality" / "threads").iterdir()
        if p.is_file() and p.suffix != ".md"
    )
    paths += sorted((REPO / "resources" / "samples").glob("*.txt"))
    return [p.read_bytes() for p in paths if p.is_file()]


SEEDS = _seed_files()


def check_load(data: bytes) -> LoadResult | None:
    """The property: a well-typed result or ThreadFileError, in time."""
    t0 = time.perf_counter()
    try:
        result: LoadResult | None = load_bytes(data, name="fuzz")
    except ThreadFileError as e:
        assert str(e)
        result = None
    elapsed = time.perf_counter() - t0
    assert elapsed < time_bound(len(data)), f"{elapsed:.2f} s for {len(data):,} bytes"
    if result is not None:
        check_types(result)
    return result


def _text(v: object, optional: bool = False) -> None:
    if optional and v is None:
        return
    assert isinstance(v, str), f"{v!r} is not text"
    v.encode("utf-8")  # no lone surrogates: everything can be shown, saved and sent


def check_types(result: LoadResult) -> None:
    assert result.format in FORMATS
    _text(result.encoding)
    assert result.threads
    for t in result.threads:
        for v in (t.site, t.format, t.encoding, t.title, t.body, t.signature):
            _text(v)
        for opt in (t.board, t.author, t.author_nick, t.url, t.ip):
            _text(opt, optional=True)
        assert t.posted_at is None or isinstance(t.posted_at, datetime)
        for c in t.comments:
            assert isinstance(c, Comment)
            assert type(c.floor) is int and type(c.depth) is int
            assert c.parent is None or type(c.parent) is int
            _text(c.author)
            _text(c.text)
            _text(c.tag, optional=True)
            _text(c.ip, optional=True)
            assert c.time is None or isinstance(c.time, datetime)
            assert isinstance(c.deleted, bool)
        for n in t.notes:
            assert isinstance(n, Note) and type(n.after_floor) is int
            _text(n.text)
            _text(n.author, optional=True)
        for w in t.warnings:
            _text(str(w))  # a message renders to text
        # what the app does next with a thread must not fail either
        assert t.stats.comments == len(t.comments)
        assert len(t.utterances) <= len(t.comments)
        json.dumps(thread_to_dict(t), ensure_ascii=False).encode("utf-8")
        overview(t, max_comments=20)


# --- (a) random bytes -------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=8192))
def test_random_bytes(data: bytes) -> None:
    check_load(data)


@FUZZ
@given(st.text(max_size=4096))
def test_random_text(text: str) -> None:
    check_load(text.encode("utf-8", errors="surrogatepass"))


# --- (b) mutated real files -------------------------------------------------------------

INSERTS = [
    b"<div>",
    b"</div>",
    b"<span>",
    b"</span>",
    b'<div class="push">',
    b"<!--",
    b"-->",
    b'<span class="push-content">',
    b'<span class="f3 push-content">: ',
    b"<br>",
    b"<a ",
    b'<div id="main-content">',
    b'<div class="article-metaline">',
    b"<script>",
    b"&#xd800;",
    b"&#0;",
    b"&",
    b"<",
    b">",
    b'"',
    b"'",
    b"\x1b[1;31m",
    b"\x1b[m",
    b"\x1b",
    b"\x1b*s",
    b"\x08",
    b"\r",
    b"\n",
    b"\r\n",
    b"--\n",
    b"\n--\n",
    "※ 發信站: 批踢踢實業坊(ptt.cc)\n".encode(),
    "推 ".encode(),
    "\n→ someone: text 1.2.3.4 01/01 00:00\n".encode(),
    "作者: ".encode(),
    "作者".encode(),
    "\n時間: Sat Jul  4 13:48:46 2020\n".encode(),
    b"\xa4\x40",
    b"\xa4",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\x00",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b'"\\ud800"',
    b"null",
    b"[[[[[[[[",
    b'{"a":',
    b"\\",
    b"\t",
    b" " * 300,
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(("flip", "cut", "dup", "insert", "delete", "repeat")))
        n = len(data)
        i = draw(st.integers(0, n))
        if op == "flip" and n:
            data[min(i, n - 1)] ^= 1 << draw(st.integers(0, 7))
        elif op == "cut":
            del data[i:]
        elif op == "dup" and n:
            j = draw(st.integers(i, min(n, i + 4096)))
            data[j:j] = data[i:j]
        elif op == "insert":
            data[i:i] = draw(st.sampled_from(INSERTS)) * draw(st.sampled_from((1, 1, 2, 50)))
        elif op == "delete":
            del data[i : i + draw(st.integers(1, 512))]
        elif op == "repeat" and n:  # a slice many times: large inputs, to catch superlinear cost
            j = draw(st.integers(i, min(n, i + 512)))
            times = draw(st.sampled_from((10, 100, 1000)))
            data[j:j] = data[i:j] * times
    return bytes(data[: 4 * 1024 * 1024])


@FUZZ
@given(mutated())
def test_mutated_real_files(data: bytes) -> None:
    check_load(data)


def test_the_real_files_themselves_load_in_time() -> None:
    assert SEEDS
    for data in SEEDS:
        check_load(data)


# --- (c) generated documents, per format ----------------------------------------------


def _huge(s: str) -> str:
    return s * 20_000


WEIRD: st.SearchStrategy[Any] = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(-(2**80), 2**80),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=30),
        st.sampled_from(
            [
                "\ud800",
                "a\udfffb",
                "",
                " ",
                "推",
                "M.1559093660.A.946",
                "12/31",
                "1.2.3.4 12/31 23:59",
                "2024-02-30 25:61:00",
                "Thu Feb 30 99:99:99 2024",
                "t1",
                "t3",
                "more",
                "Listing",
                "story",
                "comment",
                "PUSH",
                "BOO",
            ]
        ),
        st.sampled_from(["x", "<p>", "推", "&amp;"]).map(_huge),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _reddit(c: Callable[[str, Any], Any]) -> Any:
    comment = {
        "kind": c("kind", "t1"),
        "data": c(
            "data",
            {
                "author": c("author", "u1"),
                "body": c("body", "hi &amp; bye"),
                "created_utc": c("created_utc", 1600000000.0),
                "name": c("name", "t1_a"),
                "replies": c("replies", ""),
            },
        ),
    }
    more = {"kind": "more", "data": c("more", {"count": c("count", 3), "children": ["x"]})}
    post = {
        "kind": c("kind", "t3"),
        "data": c(
            "data",
            {
                "title": c("title", "T"),
                "selftext": c("selftext", "body"),
                "author": c("author", "op"),
                "subreddit": c("subreddit", "test"),
                "created_utc": c("created_utc", 1.5e9),
                "permalink": c("permalink", "/r/test/comments/abc/t/"),
                "url": c("url", "https://x"),
            },
        ),
    }
    return [
        {"kind": "Listing", "data": c("data", {"children": c("children", [post])})},
        {"kind": "Listing", "data": c("data", {"children": c("children", [comment, more])})},
    ]


def _hn(c: Callable[[str, Any], Any]) -> Any:
    child = {
        "id": c("id", 2),
        "author": c("author", "pg"),
        "text": c("text", "<p>hi <i>x</i>"),
        "created_at_i": c("created_at_i", 1600000000),
        "children": c("children", []),
    }
    return {
        "id": c("id", 1),
        "created_at_i": c("created_at_i", 1600000000),
        "title": c("title", "Ask HN"),
        "author": c("author", "pg"),
        "text": c("text", None),
        "url": c("url", "https://example.com"),
        "story_id": c("story_id", 1),
        "children": c("children", [child, child]),
    }


def _hn_firebase(c: Callable[[str, Any], Any]) -> Any:
    return {
        "by": c("by", "pg"),
        "id": c("id", 8863),
        "type": c("type", "story"),
        "kids": c("kids", [1, 2]),
        "descendants": c("descendants", 2),
        "title": c("title", "T"),
        "time": c("time", 1175714200),
        "url": c("url", "u"),
    }


def _jwlin(c: Callable[[str, Any], Any]) -> Any:
    msg = {
        "push_tag": c("push_tag", "推"),
        "push_userid": c("push_userid", "u1"),
        "push_content": c("push_content", ": hi"),
        "push_ipdatetime": c("push_ipdatetime", "1.2.3.4 03/20 20:11"),
    }
    art = {
        "article_id": c("article_id", "M.1710936579.A.B7D"),
        "article_title": c("article_title", "T"),
        "author": c("author", "a (nick)"),
        "board": c("board", "Test"),
        "content": c("content", "body\n--\n"),
        "date": c("date", "Wed Mar 20 20:09:37 2024"),
        "ip": c("ip", "1.2.3.4"),
        "message_count": c("message_count", {"all": c("all", 2)}),
        "messages": c("messages", [msg, msg]),
        "url": c("url", None),
    }
    return c("root", {"articles": c("articles", [art])})


def _pyptt(c: Callable[[str, Any], Any]) -> Any:
    com = {
        "type": c("type", "PUSH"),
        "author": c("author", "u1"),
        "content": c("content", "x"),
        "ip": c("ip", None),
        "time": c("time", "03/20 20:11"),
    }
    return {
        "aid": c("aid", "1bcd"),
        "board": c("board", "Test"),
        "title": c("title", "T"),
        "author": c("author", "a"),
        "date": c("date", "Wed Mar 20 20:09:37 2024"),
        "content": c("content", "body"),
        "comments": c("comments", [com]),
        "url": c("url", "https://www.ptt.cc/bbs/Test/M.1710936579.A.B7D.html"),
    }


def _comments(c: Callable[[str, Any], Any]) -> Any:
    com = {
        "tag": c("tag", "推"),
        "author": c("author", "u1"),
        "content": c("content", "x"),
        "ip": c("ip", "1.2.3.4"),
        "time": c("time", "2024-03-20 20:11:00"),
    }
    return {
        "title": c("title", "T"),
        "content": c("content", "b"),
        "author": c("author", "a"),
        "board": c("board", "B"),
        "time": c("time", "2024-03-20 20:09:37"),
        "url": c("url", None),
        "comments": c("comments", [com, com]),
    }


def _pcrawler(c: Callable[[str, Any], Any]) -> Any:
    com = {
        "Type": c("Type", 1),
        "Committer": c("Committer", "u1"),
        "Content": c("Content", "x"),
        "Timestamp": c("Timestamp", "2019-05-29T09:35:00Z"),
    }
    return {
        "Title": c("Title", "T"),
        "Author": c("Author", "a"),
        "Board": c("Board", "B"),
        "Content": c("Content", "b"),
        "PublishTime": c("PublishTime", "0001-01-01T00:00:00Z"),
        "PublicUrl": c("PublicUrl", ""),
        "CommitterInfoList": c("CommitterInfoList", [com]),
    }


JSON_TEMPLATES = [_reddit, _hn, _hn_firebase, _jwlin, _pyptt, _comments, _pcrawler]


@st.composite
def json_docs(draw: st.DrawFn) -> bytes:
    """A document of one known shape with any of its fields, at random, of a wrong type."""
    template = draw(st.sampled_from(JSON_TEMPLATES))
    rate = draw(st.sampled_from((0.0, 0.1, 0.3, 1.0)))

    def c(name: str, default: Any) -> Any:
        if rate and draw(st.floats(0, 1)) < rate:
            return draw(WEIRD)
        return default

    doc = template(c)
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from((None, 1))))
    if draw(st.booleans()):
        text = text.replace("]", ",]", 1)  # the trailing comma old crawlers wrote
    return text.encode("utf-8", errors="surrogatepass")


@FUZZ
@given(json_docs())
def test_json_with_wrong_types(data: bytes) -> None:
    check_load(data)


def test_deeply_nested_json() -> None:
    for depth in (100, 900, 5000, 100_000):
        check_load(b"[" * depth + b"]" * depth)
        check_load(b'{"articles": ' + b"[" * depth + b"]" * depth + b"}")
        check_load(b'{"children": [' + b'{"children": [' * depth + b"]}" * depth + b'], "story_id": 1}')
        reply = b'{"kind": "t1", "data": {"replies": {"kind": "Listing", "data": {"children": ['
        check_load(
            b'[{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {}}]}},'
            b' {"kind": "Listing", "data": {"children": ['
            + reply * (depth // 4)
            + b"]}}}}" * (depth // 4)
            + b"]}}]"
        )


HTML_HEAD = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>[問卦] 測試 - 看板 Test - '
    '批踢踢實業坊</title></head><body><div id="main-container">'
    '<div id="main-content" class="bbs-screen bbs-content">'
)
HTML_PIECES = st.sampled_from(
    [
        '<div class="article-metaline">',
        '<span class="article-meta-tag">',
        "作者",
        "標題",
        "時間",
        '<span class="article-meta-value">',
        "someone (nick)",
        "Sat Jul  4 13:48:46 2020",
        '<div class="push">',
        '<span class="hl push-tag">',
        '<span class="f1 hl push-tag">',
        "推 ",
        "噓 ",
        "→ ",
        '<span class="f3 hl push-userid">',
        "uid",
        '<span class="f3 push-content">',
        ": text",
        '<span class="push-ipdatetime">',
        " 1.2.3.4 07/04 13:50\n",
        "</span>",
        "</div>",
        "<div>",
        "<span>",
        "<b>",
        "</b>",
        "<a href='x'>",
        "</a>",
        "<br>",
        "<br/>",
        "<!-- c -->",
        "<!--",
        "<script>x<",
        "</script>",
        "<pre>",
        "</pre>",
        "<p",
        ">",
        "<",
        "&amp;",
        "&#xd800;",
        "&#99999999;",
        "&lt;span",
        "\n",
        "--\n",
        "※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 1.2.3.4\n",
        "※ 文章網址: https://www.ptt.cc/bbs/Test/M.1593841729.A.BDA.html\n",
        "內文 text ",
        '<div class="richcontent">',
        '<a class="__cf_email__" data-cfemail="4d2c">',
        '<div class="push warning-box">',
        "檔案過大！部分文章無法顯示",
        '<span class="',
        '<div class="push"><span class="hl push-tag">推 </span><span class="f3 hl push-userid">u'
        '</span><span class="f3 push-content">: <span>a</span>',
    ]
)


@st.composite
def html_docs(draw: st.DrawFn) -> bytes:
    pieces = draw(st.lists(HTML_PIECES, max_size=200))
    repeat = draw(st.sampled_from((1, 1, 1, 20, 300)))  # big pages of the same bad markup
    tail = draw(st.sampled_from(("</div></div></body></html>", "", "</div>")))
    return (HTML_HEAD + "".join(pieces) * repeat + tail).encode("utf-8", errors="surrogatepass")


@FUZZ
@given(html_docs())
def test_html_misnested_and_unclosed(data: bytes) -> None:
    check_load(data)


BBS_PIECES = st.one_of(
    st.sampled_from(
        [
            "作者: someone (nick) 看板: Test\n",
            "標題: [問卦] 測試\n",
            "時間: Sat Jul  4 13:48:46 2020\n",
            "作者  someone (nick)",
            "發信人: someone (nick), 信區: Test\n",
            "\n",
            "\r\n",
            "\r",
            "內文\n",
            "--\n",
            "※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 1.2.3.4 (臺灣)\n",
            "※ 文章網址: https://www.ptt.cc/bbs/Test/M.1593841729.A.BDA.html\n",
            "推 someone: 好 1.2.3.4 07/04 13:50\n",
            "→ other: 嗯         07/04 13:51\n",
            "噓 x:      12/31 23:59\n",
            "→ a:b   推  140.112.28.31 11/19\n",
            "※ 編輯: someone (1.2.3.4 臺灣), 07/04/2020 13:55:00\n",
            "※ 轉錄者: x (1.2.3.4)\n",
            "(mod 刪除 x 的推文: 違規)\n",
            "檔案過大！部分文章無法顯示\n",
            "\x1b[1;31m",
            "\x1b[m",
            "\x1b[33m",
            "\x1b*s",
            "\x1b",
            "\x08",
            "\f",
            "\t",
            "  ",
        ]
    ),
    st.text(max_size=20),
    st.integers(1, 20_000).map(lambda n: "長" * n),
)


@st.composite
def bbs_docs(draw: st.DrawFn) -> bytes:
    text = "".join(draw(st.lists(BBS_PIECES, max_size=120)))
    text *= draw(st.sampled_from((1, 1, 30)))
    enc = draw(st.sampled_from(("big5", "utf-8")))
    data = text.encode(enc, errors="ignore")
    raw = draw(
        st.lists(st.tuples(st.integers(0, len(data)), st.binary(min_size=1, max_size=2)), max_size=10)
    )  # stray Big5 lead bytes and pairs
    out = bytearray(data)
    for pos, b in sorted(raw, reverse=True):
        out[pos:pos] = bytes([0x81 + b[0] % 0x7E]) + b[1:]
    return bytes(out)


@settings(FUZZ, max_examples=150)  # the slowest: long lines repeated
@given(bbs_docs())
def test_bbs_ansi_big5_long_lines(data: bytes) -> None:
    check_load(data)


def test_big_degenerate_inputs_take_linear_time() -> None:
    """A few large inputs of one repeated piece each (a megabyte or two)."""
    cases = [
        b"<" * 2_000_000,
        b"<div>" * 300_000,
        b"\x1b[" * 700_000,
        b"\xa4" * 2_000_000,
        "推 ".encode() * 300_000,
        "→ a:".encode() * 400_000,
        b"{" * 1_000_000,
        b"\n" * 2_000_000,
        (HTML_HEAD + "<span>" * 200_000).encode(),
        (HTML_HEAD + "<!--" * 300_000).encode(),
        (HTML_HEAD + '<div class="push"><span class="push-content">' * 40_000).encode(),
        "作者: x\n".encode() + b"x" * 2_000_000,
        "作者 ".encode() * 300_000,
        ('{"messages": [' + '{"push_content": "推", "push_userid": "u"},' * 40_000 + "{}]}").encode(),
        b'["' + b"\\ud800" * 300_000 + b'"]',
    ]
    for data in cases:
        check_load(data)


# --- addresses --------------------------------------------------------------------------

URL_PIECES = st.sampled_from(
    [
        "https://",
        "http://",
        "www.ptt.cc",
        "ptt.cc",
        "/bbs/",
        "Gossiping",
        "/M.1559093660.A.946",
        ".html",
        "reddit.com",
        "old.reddit.com",
        "redd.it/",
        "/r/",
        "/comments/",
        "abc123",
        "/",
        "news.ycombinator.com",
        "/item?id=",
        "8863",
        "hn.algolia.com/api/v1/items/",
        "?",
        "&",
        "#",
        "%",
        "%2F",
        "%ZZ",
        " ",
        "\n",
        "\x00",
        "[",
        "]",
        ":",
        "@",
        "::1",
        "xn--",
        "\ud800",
        "é",
        "..",
    ]
)


@FUZZ
@given(st.one_of(st.text(max_size=300), st.lists(URL_PIECES, max_size=20).map("".join)))
def test_parse_url(text: str) -> None:
    t0 = time.perf_counter()
    try:
        url = parse_url(text)
    except UrlError as e:
        assert str(e)
    else:
        assert isinstance(url, ThreadUrl)
        assert url.site in ("ptt", "reddit", "hn")
        _text(url.id)
        _text(url.canonical)
        _text(url.board, optional=True)
        _text(url.file_name)
    assert time.perf_counter() - t0 < time_bound(len(text))


def test_parse_url_long_input() -> None:
    for text in (
        "https://www.ptt.cc/" + "a/" * 500_000,
        "%" * 1_000_000,
        "h" * 1_000_000,
        "https://reddit.com/r/x/comments/" + "a" * 1_000_000,
    ):
        t0 = time.perf_counter()
        with contextlib.suppress(UrlError):
            parse_url(text)
        assert time.perf_counter() - t0 < time_bound(len(text))

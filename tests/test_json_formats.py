"""Crawler JSON, Reddit and Hacker News files."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from threadgist.thread import ThreadFileError, load_bytes, load_path
from threadgist.thread.timeinfer import TAIPEI

from .helpers import one, tags


def test_jwlin_old_message_conut(corpus: Path) -> None:
    path = corpus / "ptt/json/PublicServan-1-2.jwlin-crawler-old-message_conut.json"
    result = load_path(str(path))
    assert result.format == "ptt-crawler-json"
    raw = json.loads(path.read_text("utf-8"))["articles"]
    assert len(result.threads) == len(raw) == 39  # jwlin: 39 articles on pages 1-2
    for t, a in zip(result.threads, raw, strict=True):
        counts = a["message_conut"]
        assert t.stats.comments == counts["all"] == len(a["messages"])
        assert (t.stats.push, t.stats.boo, t.stats.arrow) == (
            counts["push"],
            counts["boo"],
            counts["neutral"],
        )
        assert t.stats.net == counts["count"]
        assert t.ip is None  # "None" string
        assert t.board == "PublicServan"
    second = result.threads[1]
    assert second.title == "恭喜開板" and second.author == "pinkpink211"
    assert second.author_nick == "想念我的直排輪"
    assert second.comments[0].time == datetime(2005, 9, 25, 21, 27, tzinfo=TAIPEI)
    assert second.url == "https://www.ptt.cc/bbs/PublicServan/M.1127653557.A.EDA.html"


def test_jwlin_trailing_comma_and_single_article(corpus: Path) -> None:
    path = corpus / "ptt/json/PublicServan-1-2.jwlin-crawler-old-message_conut.json"
    text = path.read_text("utf-8")
    broken = text.rstrip()[: -len("]}")].rstrip() + ",\n]}"
    with pytest.raises(json.JSONDecodeError):
        json.loads(broken)
    assert len(load_bytes(broken.encode()).threads) == 39
    single = json.dumps(json.loads(text)["articles"][1], ensure_ascii=False)
    t = load_bytes(single.encode()).threads[0]
    assert t.title == "恭喜開板" and t.stats.comments == 11


def test_other_crawler_schema_with_push_ips(corpus: Path) -> None:
    t = one(corpus / "ptt/json/Gossiping_M.1710936579.A.B7D.crawler-json-with-push-ip.json")
    assert t.format == "ptt-crawler-json"
    assert (t.author, t.board) == ("aitt", "Gossiping")
    assert t.stats.comments == 18 and tags(t) == (11, 4, 3)
    assert t.comments[0].ip == "49.159.24.75"
    assert t.body.endswith("最大錢坑嗎?")  # the "--" is cut
    assert t.posted_at == datetime(2024, 3, 20, 20, 9, 37, tzinfo=TAIPEI)


def test_comment_years_reinferred_across_new_year() -> None:
    doc = {
        "url": "https://www.ptt.cc/bbs/Test/M.1704038400.A.123.html",
        "content": "x",
        "author": "a",
        "title": "t",
        "board": "Test",
        "time": "2023-12-31 23:50:00",
        "comments": [
            {"tag": "推", "author": "b", "content": "1", "ip": None, "time": "2023-12-31 23:59:00"},
            # the crawler took the year from the post: really 2024-01-01
            {"tag": "推", "author": "c", "content": "2", "ip": None, "time": "2023-01-01 00:05:00"},
        ],
    }
    t = load_bytes(json.dumps(doc).encode()).threads[0]
    assert [c.time.year for c in t.comments if c.time] == [2023, 2024]


def test_pcrawler_expected_document_is_itself_readable(corpus: Path) -> None:
    t = one(corpus / "ptt/html/Gossiping_M.1559093660.A.946.expected-by-pcrawler-go.json")
    assert t.format == "ptt-crawler-json"
    assert t.stats.comments == 23 and tags(t) == (5, 6, 12)
    assert t.board == "Gossiping"  # from the URL
    assert t.comments[0].time == datetime(2019, 5, 29, 9, 34, tzinfo=TAIPEI)


def test_pyptt_dicts() -> None:
    new = {
        "board": "Test",
        "aid": "1VBq2nLm",
        "index": 1,
        "author": "abc (暱稱)",
        "date": "Mon Jan  1 12:00:00 2024",
        "title": "[問卦] PyPtt",
        "content": "內文\n",
        "url": "https://www.ptt.cc/bbs/Test/M.1704081600.A.123.html",
        "ip": "1.2.3.4",
        "comments": [
            {"type": "PUSH", "author": "u1", "content": "推", "ip": None, "time": "01/01 12:01"},
            {"type": "BOO", "author": "u2", "content": "噓", "ip": "5.6.7.8", "time": "01/02 09:00"},
            {"type": "ARROW", "author": "u3", "content": "→", "ip": None, "time": "01/02 09:01"},
        ],
    }
    t = load_bytes(json.dumps(new).encode()).threads[0]
    assert tags(t) == (1, 1, 1) and t.comments[1].ip == "5.6.7.8"
    assert t.body == "內文" and t.author == "abc"
    old = {
        "aid": "x",
        "author": "abc (n)",
        "board": "Test",
        "content": "c",
        "date": "Mon Jan  1 12:00:00 2024",
        "title": "old",
        "push_list": [{"author": "u", "content": "a", "ip": "", "time": "01/01 12:02", "type": 2}],
        "web_url": "https://www.ptt.cc/bbs/Test/M.1704081600.A.123.html",
    }
    t = load_bytes(json.dumps([old, old]).encode()).threads[0]
    assert t.comments[0].tag == "噓" and t.url and t.url.endswith(".html")


def test_reddit_comments_page(corpus: Path) -> None:
    t = one(corpus / "reddit/go-reddit_testdata_post_post.json")
    assert (t.site, t.format, t.board, t.title) == ("reddit", "reddit-json", "test", "Test")
    assert t.body == "Hello"
    assert [(c.floor, c.text, c.parent, c.depth) for c in t.comments] == [
        (1, "Hi", None, 0),
        (2, "Hello", 1, 1),
    ]
    assert t.stats.users == 1 and all(c.tag is None for c in t.comments)
    assert t.posted_at == datetime.fromtimestamp(1595067967, UTC)


def test_reddit_more_stubs_and_deleted(corpus: Path) -> None:
    doc = json.loads((corpus / "reddit/go-reddit_testdata_post_post.json").read_text("utf-8"))
    children = doc[1]["data"]["children"]
    children.append(
        {
            "kind": "t1",
            "data": {
                "name": "t1_del",
                "author": "[deleted]",
                "body": "[removed]",
                "created_utc": 1595068400,
                "replies": "",
            },
        }
    )
    children.append({"kind": "more", "data": {"count": 17, "children": ["a", "b"]}})
    t = load_bytes(json.dumps(doc).encode()).threads[0]
    assert t.stats.comments == 3
    assert t.comments[-1].deleted and t.comments[-1].text == "[removed]"
    assert any("17 comment(s) were not loaded" in w for w in map(str, t.warnings))
    assert t.stats.users == 1  # deleted authors are not users


def test_hn_firebase_item_says_what_is_missing(corpus: Path) -> None:
    t = one(corpus / "hn/selesy-hn_testdata_8863.firebase-v0-item.json")
    assert (t.site, t.format, t.author) == ("hn", "hn-json", "dhouston")
    assert t.title == "My YC app: Dropbox - Throw away your USB drive"
    assert t.stats.comments == 0
    assert any("71 comment(s)" in w and "hn.algolia.com/api/v1/items/8863" in w for w in map(str, t.warnings))


ALGOLIA = {
    "id": 8863,
    "created_at": "2007-04-04T19:16:40.000Z",
    "created_at_i": 1175714200,
    "type": "story",
    "author": "dhouston",
    "title": "My YC app: Dropbox - Throw away your USB drive",
    "url": "http://www.getdropbox.com/u/2/screencast.html",
    "text": None,
    "points": 104,
    "parent_id": None,
    "story_id": 8863,
    "options": [],
    "children": [
        {
            "id": 8865,
            "created_at_i": 1175714575,
            "type": "comment",
            "author": "dhouston",
            "text": "oh, and a mac port is coming :)",
            "points": None,
            "parent_id": 8863,
            "story_id": 8863,
            "options": [],
            "children": [
                {
                    "id": 9007,
                    "created_at_i": 1175720000,
                    "type": "comment",
                    "author": "x",
                    "text": '<p>it&#x27;s <i>great</i></p><p>see <a href="http://a.b">http://a.b</a>',
                    "children": [],
                }
            ],
        },
        {
            "id": 9100,
            "created_at_i": 1175730000,
            "type": "comment",
            "author": None,
            "text": None,
            "children": [
                {
                    "id": 9101,
                    "created_at_i": 1175730100,
                    "type": "comment",
                    "author": "y",
                    "text": "reply to a dead one",
                    "children": [],
                }
            ],
        },
    ],
}


def test_hn_algolia_tree() -> None:
    t = load_bytes(json.dumps(ALGOLIA).encode()).threads[0]
    assert t.format == "hn-json" and t.stats.comments == 4
    assert [(c.floor, c.parent, c.depth) for c in t.comments] == [
        (1, None, 0),
        (2, 1, 1),
        (3, None, 0),
        (4, 3, 1),
    ]
    assert t.comments[1].text == "it's great\n\nsee http://a.b"
    assert t.comments[2].deleted and t.comments[2].author == "[deleted]"
    assert t.body == "http://www.getdropbox.com/u/2/screencast.html"


def test_json_that_is_not_a_thread() -> None:
    with pytest.raises(ThreadFileError) as e:
        load_bytes(b'{"name": "package", "version": "1.0"}')
    assert "JSON but not a thread" in str(e.value)


@pytest.mark.parametrize(
    "doc",
    [
        # an HN Algolia tree with an author given as a list (was a TypeError traceback)
        {
            "id": 1,
            "created_at_i": 1,
            "title": "t",
            "children": [{"author": ["x"], "text": "hi", "created_at_i": 1}],
        },
        # an HN title given as an object (was accepted and printed as {"a": 1})
        {"id": 1, "created_at_i": 1, "title": {"a": 1}, "children": []},
        # Reddit: a comment body given as an object
        [
            {
                "kind": "Listing",
                "data": {
                    "children": [
                        {
                            "kind": "t3",
                            "data": {
                                "title": "t",
                                "selftext": "s",
                                "author": "a",
                                "created_utc": 1,
                                "id": "x",
                            },
                        }
                    ]
                },
            },
            {
                "kind": "Listing",
                "data": {
                    "children": [
                        {
                            "kind": "t1",
                            "data": {
                                "author": "b",
                                "body": {"x": 1},
                                "created_utc": 2,
                                "id": "c1",
                                "name": "t1_c1",
                                "parent_id": "t3_x",
                                "replies": "",
                            },
                        }
                    ]
                },
            },
        ],
    ],
)
def test_json_fields_of_the_wrong_type_are_a_clear_error(
    tmp_path: Path, doc: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from threadgist.cli import main

    f = tmp_path / "bad.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ThreadFileError) as e:
        load_path(str(f))
    assert "bad.json" in str(e.value) and "JSON" in str(e.value)
    assert main(["parse", str(f)]) == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err and "bad.json" in err


def test_a_lone_surrogate_in_json_becomes_a_replacement_character(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from threadgist.cli import main

    f = tmp_path / "s.json"
    f.write_text(
        '{"url": "https://www.ptt.cc/bbs/Test/M.1.A.1.html", "title": "t\\ud800", '
        '"author": "a", "board": "Test", "content": "body", "time": "2024-03-20 20:09:39",'
        ' "comments": [{"tag": "推", "author": "u", "content": "hi\\udc00", '
        '"ip": "", "time": "03/20 20:10"}]}',
        encoding="utf-8",
    )
    t = load_path(str(f)).threads[0]
    assert t.title == "t\ufffd" and t.comments[0].text == "hi\ufffd"
    assert main(["parse", str(f), "--json"]) == 0
    assert "\ufffd" in capsys.readouterr().out

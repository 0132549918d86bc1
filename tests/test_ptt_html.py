"""ptt.cc HTML pages from the shared corpus, with the peers' own assertions."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from threadgist.thread import ThreadFileError, load_path
from threadgist.thread.ptt_html import parse_html
from threadgist.thread.timeinfer import TAIPEI

from .helpers import one, tags


def test_baseball_counts_match_gossipbay(corpus: Path) -> None:
    t = one(corpus / "ptt/html/Baseball_M.1593841729.A.BDA.html")
    assert t.format == "ptt-html"
    assert t.title == "[閒聊] 聊聊大王"
    assert (t.author, t.author_nick, t.board) == ("sky419012", "fly", "Baseball")
    # gossipbay: PushTotal 36, PushUp 14, PushDown 5, UniquePush 14, BattlePush 22
    assert t.stats.comments == 36
    assert tags(t) == (14, 5, 17)
    assert t.stats.users == 14
    assert t.stats.boo + t.stats.arrow == 22
    assert t.posted_at == datetime(2020, 7, 4, 13, 48, 46, tzinfo=TAIPEI)
    assert t.url == "https://www.ptt.cc/bbs/Baseball/M.1593841729.A.BDA.html"
    assert "※" not in t.body and "--" not in t.body.splitlines()
    assert t.body.startswith("先打個預防針")


def test_baseball_split_comment_is_one_utterance(corpus: Path) -> None:
    t = one(corpus / "ptt/html/Baseball_M.1593841729.A.BDA.html")
    multi = [u for u in t.utterances if u.last > u.first]
    assert multi, "the page has users splitting a comment over 推+→ lines"
    for u in multi:
        lines = [t.comment(f) for f in range(u.first, u.last + 1)]
        assert all(c is not None and c.author == u.author for c in lines)
        assert all(c is not None and c.tag == "→" for c in lines[1:])
    # counts stay per line
    assert sum(u.last - u.first + 1 for u in t.utterances) == t.stats.comments
    assert {u.author for u in multi} & {"timkuo86", "kgkg0057"}


def test_baseball_edit_line_is_a_note_not_a_comment(corpus: Path) -> None:
    t = one(corpus / "ptt/html/Baseball_M.1593841729.A.BDA.html")
    assert any(n.kind == "edit" for n in t.notes)
    assert all(not c.text.startswith("※") for c in t.comments)


def test_beauty_browser_saved_counts_dates_and_ips(corpus: Path) -> None:
    t = one(corpus / "ptt/html/Beauty_M.1614414718.A.266.browser-saved.html")
    # aphrodite: like/unlike/total = 7/3/16, createDate 2021-02-27T16:31:56+08:00
    assert (t.stats.push, t.stats.boo, t.stats.comments) == (7, 3, 16)
    assert t.posted_at is not None
    assert t.posted_at.isoformat() == "2021-02-27T16:31:56+08:00"
    assert "http://i.imgur.com/FF4ACrK.jpg" in t.body
    glued = next(c for c in t.comments if c.author == "ghost3208")
    assert (glued.text, glued.ip) == ("石頭奶", "114.136.190.144")
    assert all(c.ip for c in t.comments)
    assert t.comments[-1].time == datetime(2021, 2, 28, 19, 8, tzinfo=TAIPEI)
    assert "推文自動更新已關閉" not in " ".join(n.text for n in t.notes)


def test_beauty_image_heavy_page(corpus: Path) -> None:
    t = one(corpus / "ptt/html/Beauty_M.1615868640.A.038.browser-saved.html")
    assert t.stats.comments == 8
    assert "imgur-embed" not in t.body


def test_reindented_page_matches_pcrawler_expected_json(corpus: Path) -> None:
    t = one(corpus / "ptt/html/Gossiping_M.1559093660.A.946.html")
    expected = json.loads(
        (corpus / "ptt/html/Gossiping_M.1559093660.A.946.expected-by-pcrawler-go.json").read_text("utf-8")
    )
    assert t.title == expected["Title"]
    assert f"{t.author} ({t.author_nick})" == expected["Author"]
    assert t.url == expected["PublicUrl"]
    assert len(t.comments) == len(expected["CommitterInfoList"]) == 23
    kinds = {1: "推", 0: "→", -1: "噓"}
    for c, e in zip(t.comments, expected["CommitterInfoList"], strict=True):
        assert c.tag == kinds[e["Type"]]
        assert c.author == e["Committer"]
        assert c.text == e["Content"]
        assert c.time is not None
        assert c.time.strftime("%m-%dT%H:%M") == e["Timestamp"][5:16]
        assert c.time.year == 2019  # pcrawler-go leaves the year at 0000
    assert t.body.startswith("柳林醫師很久以前")
    assert not any(line.startswith(" ") for line in t.body.splitlines())


def test_ip_logging_page(corpus: Path) -> None:
    t = one(corpus / "ptt/html/Gossiping_M.1569901516.A.5F2.html")
    assert t.stats.comments == 7
    assert all(c.ip and c.ip.count(".") == 3 for c in t.comments)


def test_over18_page_gets_a_specific_error(corpus: Path) -> None:
    with pytest.raises(ThreadFileError) as e:
        load_path(str(corpus / "ptt/html/over18_ask-page_Gossiping.html"))
    assert "age-confirmation page" in str(e.value)
    assert "over18_ask-page_Gossiping.html" in str(e.value)


@pytest.mark.parametrize(
    "name",
    [
        "Baseball_M.1593841729.A.BDA.html",
        "Beauty_M.1614414718.A.266.browser-saved.html",
        "Beauty_M.1615868640.A.038.browser-saved.html",
        "Gossiping_M.1559093660.A.946.html",
        "Gossiping_M.1569901516.A.5F2.html",
    ],
)
def test_fast_path_equals_generic_state_machine(corpus: Path, name: str) -> None:
    text = (corpus / "ptt/html" / name).read_text("utf-8")
    fast = parse_html(text, encoding="utf-8", fast=True)
    slow = parse_html(text, encoding="utf-8", fast=False)
    assert fast.comments == slow.comments
    assert fast.body == slow.body
    assert fast.notes == slow.notes
    assert (fast.title, fast.author, fast.board, fast.posted_at) == (
        slow.title,
        slow.author,
        slow.board,
        slow.posted_at,
    )


PUSH = (
    '<div class="push"><span class="{c}hl push-tag">{tag} </span>'
    '<span class="f3 hl push-userid">{uid}</span>'
    '<span class="f3 push-content">: {text}</span>'
    '<span class="push-ipdatetime"> {when}\n</span></div>'
)


def page(inner: str, metas: bool = True, head: str = "") -> str:
    meta = (
        '<div class="article-metaline"><span class="article-meta-tag">作者</span>'
        '<span class="article-meta-value">someid (暱稱)</span></div>'
        '<div class="article-metaline-right"><span class="article-meta-tag">看板</span>'
        '<span class="article-meta-value">Test</span></div>'
        '<div class="article-metaline"><span class="article-meta-tag">標題</span>'
        '<span class="article-meta-value">[問卦] 標題 &amp; 測試</span></div>'
        '<div class="article-metaline"><span class="article-meta-tag">時間</span>'
        '<span class="article-meta-value">Tue Dec 31 23:50:00 2019</span></div>'
        if metas
        else ""
    )
    return (
        f"<html><head>{head}<title>x - 看板 Test - 批踢踢實業坊</title></head><body>"
        f'<div id="main-container"><div id="main-content" class="bbs-screen bbs-content">'
        f"{meta}{inner}</div></div></body></html>"
    )


SITE = (
    '內文\n--\n<span class="f2">※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 1.2.3.4 (臺灣)\n</span>'
    '<span class="f2">※ 文章網址: <a href="https://www.ptt.cc/bbs/Test/M.1577807400.A.123.html">'
    "https://www.ptt.cc/bbs/Test/M.1577807400.A.123.html</a>\n</span>"
)


def test_synthetic_edge_cases() -> None:
    pushes = [
        PUSH.format(c="", tag="推", uid="aaa", text="新年快樂", when="12/31 23:59"),
        '<div class="richcontent"><img src="https://i.imgur.com/x.jpg"></div>',
        PUSH.format(c="f1 ", tag="→", uid="bbb         ", text="", when="01/01 00:01"),
        '<div class="push center warning-box">檔案過大！部分文章無法顯示</div>',
        PUSH.format(
            c="f1 ",
            tag="噓",
            uid="ccc",
            text='寄信 <a href="/cdn-cgi/l/email-protection" class="__cf_email__" '
            'data-cfemail="30467052">[email&#160;protected]</a> 看看',
            when="  1.169.74.117 01/02 10:00",
        ),
        '<span class="f2">※ 編輯: someid (1.2.3.4 臺灣), 01/02/2020 11:00:00\n</span>',
        "作者的回覆\n",
        '<span class="f1">(modid 刪除 ddd 的推文: 廣告)</span>\n',
    ]
    t = parse_html(page(SITE + "".join(pushes)), encoding="utf-8")
    assert t.title == "[問卦] 標題 & 測試"
    assert [c.tag for c in t.comments] == ["推", "→", "噓"]
    assert t.comments[1].author == "bbb" and t.comments[1].text == ""
    assert t.comments[0].time == datetime(2019, 12, 31, 23, 59, tzinfo=TAIPEI)
    assert t.comments[1].time == datetime(2020, 1, 1, 0, 1, tzinfo=TAIPEI)
    assert t.comments[2].text == "寄信 v@b 看看"
    assert t.comments[2].ip == "1.169.74.117"
    assert any("檔案過大" in w for w in map(str, t.warnings))
    kinds = [(n.kind, n.author) for n in t.notes]
    assert ("edit", "someid") in kinds and ("reply", "someid") in kinds
    assert ("deleted", "ddd") in kinds
    assert t.ip == "1.2.3.4"
    assert t.url == "https://www.ptt.cc/bbs/Test/M.1577807400.A.123.html"


def test_no_metalines_falls_back_to_title_url_and_body_header() -> None:
    body = (
        "作者: someid (暱稱) 看板: Test\n標題: [閒聊] 沒有 metaline\n時間: Mon Jan  6 10:00:00 2020\n\n本文\n"
    )
    t = parse_html(page(body + SITE[2:], metas=False), encoding="utf-8")
    assert (t.author, t.board, t.title) == ("someid", "Test", "[閒聊] 沒有 metaline")
    assert t.body == "本文"
    bare = parse_html(page("只有內文\n", metas=False), encoding="utf-8")
    assert bare.board == "Test" and bare.title == "x"
    assert any("no article header" in w for w in map(str, bare.warnings))


def test_header_without_board_selects_metas_by_tag_text() -> None:
    inner = (
        '<div class="article-metaline"><span class="article-meta-tag">作者</span>'
        '<span class="article-meta-value">oldid (舊)</span></div>'
        '<div class="article-metaline"><span class="article-meta-tag">標題</span>'
        '<span class="article-meta-value">舊文章</span></div>'
        '<div class="article-metaline"><span class="article-meta-tag">時間</span>'
        '<span class="article-meta-value">Sat Jan 10 10:00:00 2004</span></div>本文\n'
    )
    t = parse_html(page(inner, metas=False), encoding="utf-8")
    assert (t.author, t.title, t.board) == ("oldid", "舊文章", "Test")
    assert t.posted_at is not None and t.posted_at.year == 2004


def test_truncated_page_keeps_what_it_has_with_a_warning() -> None:
    full = page(SITE + PUSH.format(c="", tag="推", uid="aaa", text="一", when="01/01 00:01"))
    cut = full[: full.index("</div></div></body>")]
    t = parse_html(cut, encoding="utf-8")
    assert t.stats.comments == 1
    assert any("truncated" in w for w in map(str, t.warnings))


def test_article_on_an_over18_board_opens(corpus: Path) -> None:
    """Pages saved from over-18 boards carry the site's cookie check, which names
    /ask/over18, in <head>; they are articles and parse like any other page."""
    fixture = Path(__file__).parent / "data" / "Gossiping_M.1569901516.A.5F2.over18-script.html"
    assert "/ask/over18" in fixture.read_text(encoding="utf-8")
    t = one(fixture)
    plain = one(corpus / "ptt/html/Gossiping_M.1569901516.A.5F2.html")
    assert t.title == plain.title and t.stats == plain.stats and t.stats.comments == 7
    assert [c.text for c in t.comments] == [c.text for c in plain.comments]
    with pytest.raises(ThreadFileError, match="age-confirmation"):  # the ask page still is not
        load_path(str(corpus / "ptt/html/over18_ask-page_Gossiping.html"))


@pytest.mark.parametrize("n", [22, 2000])
def test_unclosed_push_content_costs_linear_time(n: int) -> None:
    """A push content span closed with the wrong tag once made the fast path backtrack
    exponentially (22 characters took 26 s)."""
    import time

    page = (
        '<html><head><title>t</title></head><body><div id="main-content">'
        '<span class="article-meta-value">a</span>text\n--\n'
        '<div class="push"><span class="hl push-tag">推 </span>'
        '<span class="f3 hl push-userid">u</span>'
        f'<span class="f3 push-content">: {"x" * n}</spam>'
        '<span class="push-ipdatetime"> 10/01 10:00</span></div></div></body></html>'
    )
    started = time.monotonic()
    t = parse_html(page, encoding="utf-8")
    assert time.monotonic() - started < 2.0  # was 26 s at n=22, doubling per character
    assert t.stats.comments <= 1


def test_unclosed_tags_cost_linear_time() -> None:
    """`x<span>` repeated with nothing closed made the walk rescan the open-tag stack for
    every text run (50 s for 560 KB). Four times the input must not cost sixteen times."""
    import time

    def cost(n: int) -> float:
        page = '<html><head><title>t</title></head><body><div id="main-content">' + "x<span>" * n
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            parse_html(page, encoding="utf-8")
            best = min(best, time.perf_counter() - started)
        return best

    small, big = cost(10_000), cost(40_000)
    assert big < 8 * small + 0.05, (small, big)


def test_a_page_cut_after_its_first_meta_tag_is_refused(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from threadgist.cli import main

    page = (corpus / "ptt/html/Gossiping_M.1569901516.A.5F2.html").read_text(encoding="utf-8")
    cut = page[: page.index('<span class="article-meta-tag">') + 40]
    f = tmp_path / "cut.html"
    f.write_text(cut, encoding="utf-8")
    assert main(["parse", str(f)]) == 3
    assert "holds no article" in capsys.readouterr().err

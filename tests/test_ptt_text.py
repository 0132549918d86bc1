"""Copied web text: the shared synthetic sample, the derived textContent files
(checked against the HTML they came from) and the bundled sample thread."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from threadgist.thread import load_bytes
from threadgist.thread.timeinfer import TAIPEI

from .conftest import SAMPLE
from .helpers import one, tags


def test_stock_synthetic_copy(corpus: Path) -> None:
    t = one(corpus / "ptt/copied-text/Stock_synthetic_copied-web-text.txt")
    assert t.format == "ptt-copied-text"
    assert (t.author, t.author_nick, t.board) == ("lanternfox", "燈狐", "Stock")
    assert t.title == "[新聞] 半導體廠宣布在高雄加碼投資先進封裝"
    assert t.posted_at == datetime(2025, 10, 14, 9, 12, 3, tzinfo=TAIPEI)
    # README: 40 push lines: 推 20 / → 18 / 噓 2, 14 distinct user ids
    assert t.stats.comments == 40
    assert tags(t) == (20, 2, 18)
    assert t.stats.users == 14
    own = [c for c in t.comments if c.author == "lanternfox"]
    assert len(own) == 1 and own[0].tag == "→"
    assert t.comments[0].text == "設備股又要噴了"
    assert t.body.startswith("原文標題：")
    assert t.body.endswith("設備股可以留意。")
    assert not t.notes  # blank lines between pushes are not notes
    ironkettle = next(u for u in t.utterances if u.author == "ironkettle")
    assert (ironkettle.first, ironkettle.last) == (7, 9)
    assert ironkettle.text.startswith("用水問題才是重點")


def _same_comments(a: Path, b: Path) -> None:
    ta, tb = one(a), one(b)
    assert [(c.tag, c.author, c.text, c.time, c.ip) for c in ta.comments] == [
        (c.tag, c.author, c.text, c.time, c.ip) for c in tb.comments
    ]
    assert (ta.title, ta.author, ta.board, ta.posted_at, ta.url, ta.ip) == (
        tb.title,
        tb.author,
        tb.board,
        tb.posted_at,
        tb.url,
        tb.ip,
    )


def test_derived_text_equals_its_html(corpus: Path) -> None:
    _same_comments(
        corpus / "ptt/derived-text/Baseball_M.1593841729.A.BDA.textContent.txt",
        corpus / "ptt/html/Baseball_M.1593841729.A.BDA.html",
    )
    _same_comments(
        corpus / "ptt/derived-text/Beauty_M.1614414718.A.266.textContent.txt",
        corpus / "ptt/html/Beauty_M.1614414718.A.266.browser-saved.html",
    )


def test_glued_ip_in_text(corpus: Path) -> None:
    t = one(corpus / "ptt/derived-text/Beauty_M.1614414718.A.266.textContent.txt")
    by = {c.author: c for c in t.comments}
    assert (by["ghost3208"].text, by["ghost3208"].ip) == ("石頭奶", "114.136.190.144")
    assert (by["aaff0511"].text, by["aaff0511"].ip) == ("感覺會彈出來", "223.137.166.171")
    assert by["sheep0121"].text == "這身材……"


def test_bundled_sample_crosses_new_year() -> None:
    t = one(SAMPLE)
    assert t.format == "ptt-copied-text"
    assert t.stats.comments >= 60
    assert t.board == "Tech_Job" and t.author == "mistcrane"
    times = [c.time for c in t.comments]
    assert all(x is not None for x in times)
    assert times == sorted(times)  # type: ignore[type-var]
    assert times[0].year == 2025 and times[-1].year == 2026  # type: ignore[union-attr]
    # a date inside the comment text does not confuse the push parser
    tricky = next(c for c in t.comments if c.author == "emberlynx")
    assert tricky.text == "新年快樂 煙火好漂亮 12/31不對 是01/01了"


COPY_SEPARATE_LINES = """批踢踢實業坊
›
看板 Test
關於我們
聯絡資訊
返回看板
分享
作者\tsomeid (暱稱)
看板\tTest
標題\t[心得] 分開的 metas
時間\tFri Jan  3 10:00:00 2020
內文第一行

--
※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 1.2.3.4 (臺灣)
※ 文章網址: https://www.ptt.cc/bbs/Test/M.1578016800.A.ABC.html

推 aaa: 第一則 01/03 10:01

→ bbb: 沒有空白  27.242.3.129 01/03 10:02

檔案過大！部分文章無法顯示

噓 ccc: 最後一則 01/04 11:00

推文自動更新已關閉
返回看板
分享
"""


def test_innertext_shape_with_site_chrome() -> None:
    t = load_bytes(COPY_SEPARATE_LINES.encode()).threads[0]
    assert (t.author, t.author_nick, t.board) == ("someid", "暱稱", "Test")
    assert t.title == "[心得] 分開的 metas"
    assert t.body == "內文第一行"
    assert [c.author for c in t.comments] == ["aaa", "bbb", "ccc"]
    assert t.comments[1].ip == "27.242.3.129"
    assert not t.notes, t.notes
    assert any("檔案過大" in w for w in map(str, t.warnings))
    assert t.url == "https://www.ptt.cc/bbs/Test/M.1578016800.A.ABC.html"


def test_utf16_and_bom_copies() -> None:
    for data in (
        COPY_SEPARATE_LINES.encode("utf-16"),
        b"\xef\xbb\xbf" + COPY_SEPARATE_LINES.encode(),
        COPY_SEPARATE_LINES.replace("\n", "\r\n").encode(),
    ):
        t = load_bytes(data).threads[0]
        assert [c.text for c in t.comments] == ["第一則", "沒有空白", "最後一則"]


def test_header_missing_uses_file_date_for_years() -> None:
    text = "推 aaa: 一 12/31 23:59\n推 bbb: 二 01/01 00:01\n"
    ref = datetime(2021, 3, 1, tzinfo=TAIPEI)
    t = load_bytes(text.encode(), reference_time=ref).threads[0]
    assert [c.time.year for c in t.comments if c.time] == [2020, 2021]
    assert any("no article header" in w for w in map(str, t.warnings))
    assert any("inferred from the file date" in w for w in map(str, t.warnings))


def test_pushes_years_later() -> None:
    # CoLoR_BAND: 12/05 -> 02/10 -> 12/08
    text = (
        "作者a (b)看板X標題t時間Thu Dec  5 10:00:00 2019\n內文\n"
        "推 aaa: 一 12/05 10:01\n推 bbb: 二 02/10 09:00\n推 ccc: 三 12/08 08:00\n"
    )
    t = load_bytes(text.encode()).threads[0]
    assert [c.time.strftime("%Y-%m-%d") for c in t.comments if c.time] == [
        "2019-12-05",
        "2020-02-10",
        "2020-12-08",
    ]

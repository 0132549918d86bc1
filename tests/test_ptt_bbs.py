"""Raw PttBBS files: Big5-UAO, ANSI, CRLF/LF, signatures, forwards, notes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from threadgist.thread import ThreadFileError, load_bytes, load_path
from threadgist.thread.decode import decode_big5_uao, decode_bytes
from threadgist.thread.ptt_bbs import split_raw_article
from threadgist.thread.timeinfer import TAIPEI

from .helpers import one, tags

BBS = "ptt/bbs"


def test_temp6_split_matches_go_pttbbsweb_byte_for_byte(corpus: Path) -> None:
    raw = (corpus / BBS / "Gossiping_M.1608551127.A.91E_TVBS-poll_temp6.big5.txt").read_bytes()
    exp = corpus / BBS / "expected-split"
    content, signature, recommend = split_raw_article(raw)
    assert content == (exp / "Gossiping_M.1608551127.A.91E_temp6.big5.content.txt").read_bytes()
    assert signature == (exp / "Gossiping_M.1608551127.A.91E_temp6.big5.signature.txt").read_bytes()
    assert recommend == (exp / "Gossiping_M.1608551127.A.91E_temp6.big5.recommend.txt").read_bytes()


def test_temp6_thread(corpus: Path) -> None:
    t = one(corpus / BBS / "Gossiping_M.1608551127.A.91E_TVBS-poll_temp6.big5.txt")
    assert (t.format, t.encoding) == ("ptt-bbs", "big5-uao")
    assert t.title == "[新聞] TVBS六都民調 侯奪冠、盧升第四、柯墊底"
    assert (t.author, t.author_nick) == ("cheinshin", "那就這樣吧")
    assert t.stats.comments == 76
    assert tags(t) == (43, 10, 23)
    assert t.ip == "49.216.65.39"
    # re-serialised ANSI (\e[0;33m, \e[37m) parses like the canonical form
    assert t.comments[0].author == "s555666"
    assert t.comments[0].text == "https://i.imgur.com/CrYi0Ns.jpg"
    assert t.comments[-1].time == datetime(2020, 12, 22, 0, 11, tzinfo=TAIPEI)
    assert "\x1b" not in t.body and "\ufffd" not in t.body


def test_utf8_variant_with_ips_and_uao_only_nickname(corpus: Path) -> None:
    t = one(corpus / BBS / "Gossiping_M.1584668624.A.064_mahjong.utf8.txt")
    assert t.encoding == "utf-8"
    assert t.author_nick == "☁☁☁☂"
    assert t.stats.comments == 21
    assert all(c.ip for c in t.comments)


def test_uao_is_not_cp950_or_hkscs() -> None:
    raw = bytes.fromhex("9DBA9DBA9DBA9DBC")
    assert decode_big5_uao(raw) == ("☁☁☁☂", 0)
    assert raw.decode("big5hkscs") != "☁☁☁☂"
    assert "\ufffd" in raw.decode("cp950", errors="replace")


def test_ansi_between_the_two_bytes_of_a_character() -> None:
    word = "推文".encode("cp950")
    split = word[:1] + b"\x1b[1;31m" + word[1:]
    header = "作者: abc (暱稱) 看板: Test\n標題: 測試\n時間: Mon Dec 21 18:54:24 2020\n\n".encode("cp950")
    push = b"\x1b[1;37m" + "推 ".encode("cp950") + b"\x1b[33mxyz\x1b[m\x1b[33m: " + split
    data = header + "本文\n".encode("cp950") + push + b"   \x1b[m 12/21 18:55\n"
    t = load_bytes(data).threads[0]
    assert t.comments[0].text == "推文"
    assert (t.format, t.encoding) == ("ptt-bbs", "big5-uao")


def test_crlf_and_lf_give_the_same_thread(corpus: Path) -> None:
    raw = (corpus / BBS / "GreysAnatomy_M.1583484545.A.A75_temp11.big5.txt").read_bytes()
    assert b"\r\n" in raw
    a = load_bytes(raw).threads[0]
    b = load_bytes(raw.replace(b"\r\n", b"\n")).threads[0]
    assert a.comments == b.comments and a.body == b.body and a.notes == b.notes


def test_edit_lines_and_author_replies_interleaved(corpus: Path) -> None:
    t = one(corpus / BBS / "GreysAnatomy_M.1583484545.A.A75_temp11.big5.txt")
    assert t.stats.comments == 56
    edits = [n for n in t.notes if n.kind == "edit"]
    replies = [n for n in t.notes if n.kind == "reply"]
    assert edits and all(n.author == "mapinkie" for n in edits)
    assert replies and all(n.author == "mapinkie" for n in replies)
    assert t.ip == "58.152.169.221"
    assert any(n.after_floor > 0 for n in replies)


def test_twice_forwarded_post(corpus: Path) -> None:
    t = one(corpus / BBS / "NBA_forwarded-MJ-records_temp10.big5.txt")
    assert t.title == "[轉錄][數據] 幫整理了一下MJ保持的九十項NBA第一"
    assert t.author == "AAstar"
    assert t.stats.comments == 88
    # the post's own IP is the forwarder's, not the original's first 發信站
    assert t.ip == "36.226.170.211"
    assert t.body.startswith("※ [本文轉錄自 AIR_JORDAN 看板 #19UFg6e0 ]")
    assert any("forwarded post: floors 1–63" in w for w in map(str, t.warnings))
    first, last = t.comments[0], t.comments[-1]
    assert first.time == datetime(2009, 1, 22, 23, 35, tzinfo=TAIPEI)
    assert t.comments[62].time is not None and t.comments[62].time.year == 2009
    assert t.comments[63].time == datetime(2016, 6, 23, 12, 16, tzinfo=TAIPEI)
    assert last.time == datetime(2016, 7, 22, 14, 39, tzinfo=TAIPEI)
    old_edit = [n for n in t.notes if n.kind == "edit"]
    assert old_edit and "來自" in old_edit[0].text


def test_fw_signature_url_points_elsewhere(corpus: Path) -> None:
    t = one(corpus / BBS / "RedSox_Fw-ChrisSale_temp1.big5.txt")
    assert t.board == "RedSox" and t.title.startswith("Fw: ")
    assert t.url is None  # the only 文章網址 is the MLB original's
    assert t.stats.comments == 23


def test_right_aligned_ips(corpus: Path) -> None:
    t = one(corpus / BBS / "SYSOP_M.1620276642.A.E0F_Re-noquote_ip-pushes.big5.txt")
    assert [c.ip for c in t.comments] == ["1.200.29.12", "140.113.0.229", "180.214.183.155"]
    assert t.title.startswith("Re: ")


def test_job_post_with_two_edits(corpus: Path) -> None:
    t = one(corpus / BBS / "CodeJob_M.1608360370.A.07D_temp4.big5.txt")
    assert t.stats.comments == 3 and tags(t) == (0, 0, 3)
    assert [n.kind for n in t.notes] == ["edit", "edit"]
    assert "發案人" in t.body
    assert t.body.splitlines()[0].startswith("        ")  # layout kept


SYN_HEADER = "作者: abc (暱稱) 看板: Test\n標題: 測試\n時間: Tue Nov 19 10:00:00 2002\n\n本文\n--\n"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("→ zzz:好文\x20\x20\x20\x20\x20推  140.112.28.31 11/19", ("推", "zzz", "好文", "140.112.28.31")),
        ("→ yyy:不推      噓  ntucst 11/20", ("噓", "yyy", "不推", "ntucst")),
        ("→ CodingMan:What is Ptt?   推 11/21 13:25", ("推", "CodingMan", "What is Ptt?", None)),
        ("推 www: 一般格式 11/21 13:26", ("推", "www", "一般格式", None)),
    ],
)
def test_old_push_formats(line: str, expected: tuple[str, str, str, str | None]) -> None:
    data = SYN_HEADER + "※ 發信站: 批踢踢實業坊(ptt.csie.ntu.edu.tw)\n◆ From: stego\n" + line + "\n"
    t = load_bytes(data.encode("cp950")).threads[0]
    c = t.comments[0]
    assert (c.tag, c.author, c.text, c.ip) == expected
    assert c.time is not None and c.time.year == 2002
    assert t.ip == "stego"


def test_notes_in_the_push_area() -> None:
    area = (
        "※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 1.2.3.4 (臺灣)\n"
        "推 aaa: 一 11/19 10:01\n"
        "※ aaa:轉錄至看板 Other                                    11/19 10:02\n"
        "(mod 刪除 bbb 的推文: 違規)\n"
        "→ abc: 作者回應 11/19 10:03\n"
        "作者直接寫的回覆\n"
    )
    t = load_bytes((SYN_HEADER + area).encode()).threads[0]
    assert [n.kind for n in t.notes] == ["forward", "deleted", "reply"]
    assert t.notes[2].author == "abc" and t.notes[2].after_floor == 2
    assert t.stats.comments == 2


def test_terminal_screen_text() -> None:
    text = (
        " 作者  someid (暱稱)                                   看板  MobileComm\n"
        " 標題  [問題] 標題\n"
        " 時間  Thu Jul  9 20:06:27 2020\n" + "─" * 39 + "\n"
        "body…\n--\n※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 118.161.135.33 (臺灣)\n"
        "推 marunaru    : 買28k的就還好 買電信的就盤                        07/09 20:06\n"
    )
    t = load_bytes(text.encode()).threads[0]
    assert t.format == "ptt-bbs"
    assert (t.author, t.board, t.title) == ("someid", "MobileComm", "[問題] 標題")
    assert t.body == "body…"
    assert t.comments[0].text == "買28k的就還好 買電信的就盤"


def test_user_signature_is_not_body() -> None:
    text = SYN_HEADER.replace("本文\n--\n", "本文\n-- \n我的簽名檔\n第二行\n--\n") + (
        "※ 發信站: 批踢踢實業坊(ptt.cc)\n"
    )
    t = load_bytes(text.encode()).threads[0]
    assert t.body == "本文"
    assert "我的簽名檔" in t.signature


def test_undecodable_bytes_become_replacement_with_a_warning() -> None:
    data = SYN_HEADER.encode("cp950") + b"\xff\xfe\x81\x20ok\n" + "推 a1: 好 11/19 10:01\n".encode("cp950")
    dec = decode_bytes(data)
    assert dec.encoding == "big5-uao" and dec.replaced >= 1
    t = load_bytes(data).threads[0]
    assert any("could not be decoded" in w for w in map(str, t.warnings))
    assert t.comments[0].text == "好"


def test_a_headerless_bbs_article_without_pushes_opens(tmp_path: Path) -> None:
    """An advert drawn in ANSI art has no header and no pushes: it is still an article."""
    f = tmp_path / "ad.txt"
    f.write_bytes("\x1b[1;33m  ★ 春季特賣 ★ \x1b[m\n\x1b[36m  全館八折，歡迎參觀  \x1b[m\n".encode())
    t = load_path(str(f)).threads[0]
    assert t.comments == [] and "春季特賣" in t.body
    assert "the article has no comments" in map(str, t.warnings)


def test_plain_text_without_header_or_pushes_is_still_refused(tmp_path: Path) -> None:
    f = tmp_path / "notes.txt"
    f.write_text("just some notes\nnothing like a thread\n", encoding="utf-8")
    with pytest.raises(ThreadFileError, match="neither an article header nor any push lines"):
        load_path(str(f))

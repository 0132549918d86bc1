"""The drift timeline's core (digest/drift.py, digest/drift_render.py), without Qt: the
bins, the counts per group, the onset on a thread that drifts and none on threads that
do not, and the copies' table in the digest's language with every title escaped."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path

from threadgist.digest.drift import drift
from threadgist.digest.drift_model import DIGRESSION, UNASSIGNED, VIEWPOINT
from threadgist.digest.drift_onset import MESSAGES_ZH, in_digest_language, onset_line
from threadgist.digest.drift_render import drift_html, drift_markdown, timeline_copies
from threadgist.digest.labels import LabelledThread, load_labelled
from threadgist.digest.meta import Covered, DigestMeta, NewSince
from threadgist.digest.model import Digest, Digression, Usage, Verification, Viewpoint
from threadgist.thread.model import Comment, Thread

from .conftest import REPO

SET = REPO / "benchmarks" / "quality"
STOCK = "Stock_synthetic_copied-web-text.txt"
TVBS = "Gossiping_M.1608551127.A.91E_TVBS-poll_temp6.big5.txt"
EVEN = "Gossiping_M.1540789539.A.78D_article77-of-114.crawler.json"  # off topic all along
TS = REPO / "resources" / "i18n" / "threadgist_zh_TW.ts"
TZ = timezone(timedelta(hours=8))


def labelled(name: str) -> LabelledThread:
    return load_labelled(SET / "labels" / f"{name}.labels.json", SET / "threads")


def digest_of(viewpoints: list[tuple[str, list[int]]], digressions: list[tuple[str, list[int]]]) -> Digest:
    return Digest(
        "",
        [Viewpoint(title, "", floors, []) for title, floors in viewpoints],
        [Digression(title, "", floors) for title, floors in digressions],
        {},
        {},
        Verification(),
        Usage(),
        DigestMeta(lang="zh-TW"),
    )


def labels_digest(lt: LabelledThread) -> Digest:
    """The hand labels as a digest (a perfect model's)."""

    def floors(gid: str) -> list[int]:
        return [floor for floor, group in lt.lines.items() if group == gid]

    return digest_of(
        [(g.title, floors(g.id)) for g in lt.groups if g.kind == "viewpoint"],
        [(g.title, floors(g.id)) for g in lt.groups if g.kind != "viewpoint"],
    )


def minutes_thread(n: int, *, dated: bool = True) -> Thread:
    start = datetime(2025, 1, 1, 21, 0, tzinfo=TZ)
    comments = [
        Comment(
            floor,
            f"user{floor % 7}",
            f"line {floor}",
            "推",
            start + timedelta(minutes=floor - 1) if dated else None,
        )
        for floor in range(1, n + 1)
    ]
    return Thread("ptt", "text", "utf-8", "title", "body", comments)


def test_bins_count_every_comment_once_by_group_over_time() -> None:
    thread = minutes_thread(30)  # one comment a minute, 21:00–21:29
    digest = digest_of(
        [("A", list(range(1, 11))), ("B", list(range(11, 16)))], [("chat", list(range(16, 31)))]
    )
    made = drift(thread, digest)
    assert made.by_time and made.can_time and made.step == timedelta(minutes=5)
    assert [g.kind for g in made.groups] == [VIEWPOINT, VIEWPOINT, UNASSIGNED, DIGRESSION]
    assert [b.counts for b in made.bins] == [
        (5, 0, 0, 0),
        (5, 0, 0, 0),
        (0, 5, 0, 0),
        (0, 0, 0, 5),
        (0, 0, 0, 5),
        (0, 0, 0, 5),
    ]
    assert made.bins[2].members[1] == (11, 12, 13, 14, 15)
    assert made.bin_label(3) == "21:15–21:20"
    onset = made.onset
    assert onset is not None
    assert (onset.bin, onset.floor, onset.author, onset.share, onset.before) == (3, 16, "user2", 1.0, 0.0)
    assert str(onset_line(made)) == "Off topic from 21:15 (floor 16): 100% of what followed"


def test_floor_order_where_comments_have_no_time() -> None:
    thread = minutes_thread(48, dated=False)
    digest = digest_of([("A", list(range(1, 30)))], [("chat", list(range(30, 49)))])
    made = drift(thread, digest)
    assert not made.by_time and not made.can_time and made.step is None
    assert len(made.bins) == 24 and all(b.total == 2 for b in made.bins)
    assert made.bins[0].counts == (2, 0, 0)  # A, unassigned, chat
    assert made.bin_label(0) == "#1–2"
    assert made.onset is not None and made.onset.floor == 30
    assert str(onset_line(made)) == "Off topic from floor 30: 100% of what followed"
    # asking for time where there is none gives floor order too
    assert not drift(thread, digest, by_time=True).by_time


def test_the_stock_thread_drifts_into_energy_politics() -> None:
    lt = labelled(STOCK)
    digest = labels_digest(lt)
    off = {floor for floor, gid in lt.lines.items() if gid and lt.kind_of(floor) == "digression"}
    for by_time in (True, False):
        made = drift(lt.thread, digest, by_time=by_time)
        assert made.by_time is by_time
        assert sum(b.total for b in made.bins) == len(lt.thread.comments)
        assert sum(made.off_topic(i) for i in range(len(made.bins))) == len(off)
        onset = made.onset
        assert onset is not None
        # the energy quarrel starts at floor 13 (the first twelve are on topic)
        assert onset.floor == 13 and onset.author == "mapleleaf9"
        assert onset.group.startswith("核電")
        assert onset.before < 0.1 and 0.35 < onset.share < 0.45
    made = drift(lt.thread, digest)
    assert str(onset_line(made)) == "Off topic from 09:22 (floor 13): 39% of what followed"
    assert (
        in_digest_language(onset_line(made), "zh-TW") == "從 09:22（第 13 樓）起離題：之後的留言有 39% 離題"
    )


def test_threads_that_do_not_drift_have_no_onset() -> None:
    for name in (TVBS, EVEN):  # hardly off topic; off topic evenly from the first push
        made = drift(labelled(name).thread, labels_digest(labelled(name)))
        assert made.has_off_topic and made.onset is None, name
        assert str(onset_line(made)) == "No lasting drift off topic"
    lt = labelled(STOCK)
    on_only = digest_of([("all", [c.floor for c in lt.thread.comments])], [])
    made = drift(lt.thread, on_only)
    assert made.onset is None and str(onset_line(made)) == "No comment in this digest is off topic"


def test_a_digest_of_part_of_the_thread_is_drawn_over_that_part() -> None:
    thread = minutes_thread(30)
    digest = digest_of([("A", list(range(1, 21)))], [])
    digest.meta.covered = Covered(20, 20, "")
    assert sum(b.total for b in drift(thread, digest).bins) == 20
    digest.meta.covered, digest.meta.new_since = None, NewSince(20, 10)
    made = drift(thread, digest)
    assert sorted(f for b in made.bins for f in b.floors) == list(range(21, 31))


def test_copies_escape_titles_and_speak_the_digests_language() -> None:
    thread = minutes_thread(30)
    digest = digest_of([("<b>A</b> & co", list(range(1, 16)))], [("<script>x</script>", list(range(16, 31)))])
    digest.meta.lang = "en"
    made = drift(thread, digest)
    html = drift_html(made, "en")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;A&lt;/b&gt; &amp; co" in html
    assert "How the thread drifted" in html and "◀ drift begins" in html
    assert "It began with user2, mostly into “&lt;script&gt;x&lt;/script&gt;”" in html
    markdown = drift_markdown(made, "en")
    assert (
        "<script>" not in _rendered(markdown) and "| 21:15–21:20 | 0 | 5 | 0 | ◀ drift begins |" in markdown
    )
    zh_html, zh_md = timeline_copies(dataclass_lang(digest, "zh-TW"), thread)
    assert "離題時間軸" in zh_html and "從 21:15（第 16 樓）起離題" in zh_md
    assert timeline_copies(digest, None) == ("", "")


def dataclass_lang(digest: Digest, lang: str) -> Digest:
    import dataclasses

    return dataclasses.replace(digest, meta=dataclasses.replace(digest.meta, lang=lang))


def test_linear_in_the_comments() -> None:
    thread = minutes_thread(50_000)
    digest = digest_of([("A", list(range(1, 30_000)))], [("B", list(range(30_000, 50_001)))])
    start = time.perf_counter()
    made = drift(thread, digest)
    assert made.onset is not None and made.onset.floor == 30_000
    assert time.perf_counter() - start < 5  # about 0.1 s; quadratic would take minutes


def test_the_copies_translations_agree_with_the_windows() -> None:
    root = ET.parse(Path(TS)).getroot()
    ts = {
        m.findtext("source"): "".join(t.itertext())
        for ctx in root.iter("context")
        if ctx.findtext("name") == "core"
        for m in ctx.iter("message")
        if (t := m.find("translation")) is not None
    }
    for template, zh in MESSAGES_ZH.items():
        assert ts.get(template) == zh, template


def test_a_burst_then_a_trickle_is_shown_in_floor_order() -> None:
    """The sample: 46 of its 70 comments in its first hour, the rest over two days. Over
    time one bar would hold them all and hide the drift; floor order shows it."""
    from threadgist.thread.loader import load_path

    from .conftest import SAMPLE
    from .driftdata import sample_drift_answer

    thread = load_path(str(SAMPLE)).threads[0]
    answer = sample_drift_answer([])
    digest = digest_of(
        [(v["title"], v["floors"]) for v in answer["viewpoints"]],
        [(d["title"], d["floors"]) for d in answer["off_topic"]],
    )
    made = drift(thread, digest)
    assert made.can_time and not made.by_time and len(made.bins) == 24
    assert made.onset is not None and (made.onset.floor, made.onset.author) == (15, "tealgrove")
    assert (made.onset.lines, made.onset.following) == (18, 56)
    assert str(onset_line(made)) == "Off topic from 12/30 21:18 (floor 15): 32% of what followed"
    over_time = drift(thread, digest, by_time=True)
    assert over_time.by_time and over_time.bins[0].total == 46
    assert over_time.onset is None


def _rendered(markdown: str) -> str:
    """The Markdown as a CommonMark renderer shows it (escaped text stays text)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").render(markdown)

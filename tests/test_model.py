"""Utterance grouping and year inference rules."""

from __future__ import annotations

from datetime import datetime, timedelta

from threadgist.thread.model import Comment, Thread, group_utterances, join_continued
from threadgist.thread.timeinfer import (
    TAIPEI,
    PushDate,
    YearInference,
    infer_backward,
    parse_ctime,
    time_from_post_id,
)

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=TAIPEI)


def c(floor: int, tag: str | None, author: str, minutes: float | None, text: str = "x") -> Comment:
    when = None if minutes is None else T0 + timedelta(minutes=minutes)
    return Comment(floor, author, text, tag, when)


def test_continuations_group_and_break() -> None:
    comments = [
        c(1, "推", "a", 0, "第一段"),
        c(2, "→", "a", 0, "第二段"),
        c(3, "→", "a", 1, "third"),
        c(4, "推", "a", 1),  # 推 starts a new utterance
        c(5, "→", "b", 1),  # other user
        c(6, "→", "b", 4),  # too late
        c(7, "→", "b", 4),
    ]
    got = [(u.first, u.last, u.author) for u in group_utterances(comments)]
    assert got == [(1, 3, "a"), (4, 4, "a"), (5, 5, "b"), (6, 7, "b")]
    assert group_utterances(comments)[0].text == "第一段第二段third"


def test_tree_comments_are_never_grouped() -> None:
    comments = [c(1, None, "a", 0), c(2, None, "a", 0)]
    assert len(group_utterances(comments)) == 2


def test_join_continued() -> None:
    assert join_continued(["Ale", "x去找", "他"]) == "Ale x去找他"
    assert join_continued(["", "a"]) == "a"


def test_stats_and_lookup() -> None:
    t = Thread(
        site="ptt",
        format="ptt-bbs",
        encoding="utf-8",
        title="t",
        body="",
        comments=[c(1, "推", "a", 0), c(2, "噓", "b", 1), c(3, "→", "a", 2)],
    )
    s = t.stats
    assert (s.push, s.boo, s.arrow, s.comments, s.users, s.net) == (1, 1, 1, 3, 2, 0)
    assert t.comment(2) is t.comments[1] and t.comment(4) is None and t.comment(0) is None


def test_year_inference_new_year_and_edits() -> None:
    inf = YearInference(datetime(2019, 12, 31, 23, 50, 30, tzinfo=TAIPEI))
    assert inf.resolve(PushDate(12, 31, 23, 50)) == datetime(2019, 12, 31, 23, 50, tzinfo=TAIPEI)
    assert inf.resolve(PushDate(1, 1, 0, 0)) == datetime(2020, 1, 1, tzinfo=TAIPEI)
    inf.observe(datetime(2023, 6, 1, tzinfo=TAIPEI))  # e.g. a forwarder line
    assert inf.resolve(PushDate(6, 2, 0, 0)) == datetime(2023, 6, 2, tzinfo=TAIPEI)
    # a push a few minutes "earlier" (clock skew) does not jump a year
    assert inf.resolve(PushDate(6, 1, 23, 55)) == datetime(2023, 6, 1, 23, 55, tzinfo=TAIPEI)


def test_leap_day() -> None:
    inf = YearInference(datetime(2023, 3, 1, tzinfo=TAIPEI))
    assert inf.resolve(PushDate(2, 29, 10, 0)) == datetime(2024, 2, 29, 10, 0, tzinfo=TAIPEI)


def test_backward_inference() -> None:
    ref = datetime(2021, 1, 2, tzinfo=TAIPEI)
    got = infer_backward([PushDate(12, 30), None, PushDate(1, 1)], ref)
    assert got == [datetime(2020, 12, 30, tzinfo=TAIPEI), None, datetime(2021, 1, 1, tzinfo=TAIPEI)]


def test_ctime_and_post_id() -> None:
    assert parse_ctime("Sat Jul  4 13:48:46 2020") == datetime(2020, 7, 4, 13, 48, 46, tzinfo=TAIPEI)
    assert parse_ctime("Feb 30") is None
    assert time_from_post_id("M.1593841729.A.BDA") == datetime(2020, 7, 4, 13, 48, 49, tzinfo=TAIPEI)

"""Near-duplicate one-word comments folded into one line with a count, in the compact form
only (digest/fold.py; issue 26 item 2): which lines fold, their counts, the answers' floors
expanded back to every folded floor (one call, parts, sort), parts that stay stable, and
the rich form's prompts unchanged."""

from __future__ import annotations

import re
from typing import Any

from threadgist.digest.block import block
from threadgist.digest.fold import COUNT_MARK, FOLD_NOTE, MIN_HIDDEN, fold_key, fold_lines
from threadgist.digest.partial import Group, Partial
from threadgist.digest.render import Line, render_lines
from threadgist.thread import Comment, Thread, load_path

from .conftest import REPO
from .fakeserver import FakeServer, smart_answer
from .test_digest import SORT_PROMPT, run, summarizer

LONG = [
    "我覺得這次的政策調整對新進員工影響最大",
    "薪水沒變但工時變長，實在說不過去",
    "其實公司這樣做也是有苦衷的吧",
    "大家可以去看看勞基法的規定再來討論",
]


def pushes(count: int = 60) -> Thread:
    """A PTT thread where most pushes are "推", "$" or "XD" (ten users, each many times)."""
    comments: list[Comment] = []
    for floor in range(1, count + 1):
        if floor % 5 == 0:
            text, tag = LONG[(floor // 5) % len(LONG)], "→"
        elif floor % 5 == 1:
            text, tag = "推", "推"
        elif floor % 5 == 2:
            text, tag = ("$$$$" if floor % 2 else "$"), "推"
        elif floor % 5 == 3:
            text, tag = ("XD!!" if floor % 3 else "xd"), "推"
        else:
            text, tag = "推", "噓"  # the same word as a 噓 is another opinion
        comments.append(Comment(floor, f"user{floor % 10}", text, tag))
    return Thread("ptt", "ptt-text", "utf-8", "公司政策調整", "大家怎麼看？", comments, "Tech_Job", "op")


def test_fold_keys() -> None:
    assert fold_key("推") == fold_key("推！") == fold_key(" 推~ ") == "推"
    assert fold_key("XD") == fold_key("xd!!") == fold_key("ＸＤ")
    assert fold_key("$") == fold_key("$$$$$$$$") == "$"  # one symbol run, however long
    assert fold_key("推推推推推") is None and fold_key(LONG[0]) is None
    assert fold_key("好耶") != fold_key("好")


def test_which_lines_fold_and_their_counts() -> None:
    thread = pushes()
    lines = render_lines(thread)
    folded = fold_lines(lines)
    texts = [line.text for line in folded.lines]
    # the first of each (tag, word) carries the count; the rest are not shown again
    assert texts[0].startswith("1推") and texts[0].endswith(f" {COUNT_MARK}12")
    assert texts[1].startswith("2推") and texts[1].endswith(f" {COUNT_MARK}12")  # "$" and "$$$$"
    assert texts[2].endswith(f" {COUNT_MARK}12")  # "XD!!" and "xd"
    assert texts[3].startswith("4噓") and texts[3].endswith(f" {COUNT_MARK}12")  # 噓 apart from 推
    assert len(folded.lines) == 4 + 12  # four folded lines and every long comment
    assert all(COUNT_MARK not in line.text for line in folded.lines[4:])
    assert folded.floors_of(1) == list(range(1, 61, 5))
    assert folded.floors_of(4) == list(range(4, 61, 5))
    assert folded.floors_of(5) == [5]
    # every floor is stood for exactly once
    shown = [floor for line in folded.lines for floor in folded.floors_of(line.first)]
    assert sorted(shown) == list(range(1, 61))
    assert folded.text().startswith(FOLD_NOTE + "\n")


def test_notes_and_single_lines_are_not_folded() -> None:
    lines = [Line(0, 0, "+3OP 推"), Line(1, 1, "1推 推"), Line(0, 0, "+3OP 推"), Line(2, 3, "2-3推 好文")]
    folded = fold_lines(lines)
    assert folded.lines == lines and not folded.spans
    assert folded.text() == "\n".join(line.text for line in lines)  # no note when nothing folds


def test_a_block_that_would_hide_few_lines_is_not_folded() -> None:
    lines = [Line(floor, floor, f"{floor}推{floor} 推") for floor in range(1, MIN_HIDDEN + 1)]
    assert not fold_lines(lines).hidden  # one shown and MIN_HIDDEN - 1 hidden: not worth the note
    lines.append(Line(99, 99, "99推99 推"))
    folded = fold_lines(lines)
    assert folded.hidden == MIN_HIDDEN and folded.lines[0].text.endswith(f"{COUNT_MARK}{MIN_HIDDEN + 1}")


def test_compact_heads_are_shorter_and_expand_back() -> None:
    lines = [
        Line(1, 3, "1-3推12 好長的一段話分成三行"),
        Line(4, 4, "4噓40 不同意這個說法"),
        Line(5, 5, "5推 3樓說得對"),
        Line(6, 6, "6推12 OK啦"),
        Line(7, 7, "7 中立的留言"),
        Line(8, 8, "8→OP 補充一下"),
        Line(9, 9, "9推 推推"),
        Line(0, 0, "+7OP 作者的補充"),
    ]
    shown = block(lines, "compact")
    assert [line.text for line in shown.lines] == [
        "1推1 好長的一段話分成三行",  # first floor only; user 12 is the block's first user
        "4噓不同意這個說法",  # seen once in the block: no number, and the tag ends the head
        "5推 3樓說得對",  # a digit would read as a user number: the space stays
        "6推1 OK啦",
        "7 中立的留言",
        "8→OP 補充一下",
        "9推 推推",  # a text that starts like a tag keeps its space
        "+7OP 作者的補充",
    ]
    assert shown.expand([1, 4]) == [1, 2, 3, 4]
    # Reddit/HN: the first floor alone, users numbered within the block
    tree = [Line(1, 1, "1:7 Top level"), Line(2, 3, "2-3>1:8 A reply"), Line(4, 4, "4>2:7 Another")]
    compact = block(tree, "compact")
    assert [line.text for line in compact.lines] == ["1:1 Top level", "2>1: A reply", "4>2:1 Another"]
    assert compact.expand([2, 4]) == [2, 3, 4]
    assert block(lines, "rich").lines == lines and block(tree, "rich").lines == tree


def test_a_one_call_block_numbers_users_as_the_thread_does() -> None:
    """A whole thread with nothing to fold or join: its compact block is its rich one
    (the Reddit thread's compact prompt keeps its stand-in answer)."""
    thread = load_path(str(REPO / "benchmarks/quality/threads/reddit_redditdev_2ujhkr.json")).threads[0]
    lines = render_lines(thread)
    assert any(re.match(r"^\d+(>\d+)?:\d+ ", line.text) for line in lines)  # numbered users
    assert block(lines, "compact").text() == block(lines, "rich").text()


def test_answers_are_expanded_to_every_folded_floor() -> None:
    folded = fold_lines(render_lines(pushes()))
    answer = Partial(
        "summary",
        [Group("支持", "推文", [1, 5], []), Group("反對", "噓文", [4, 4, 10], [])],
        [Group("閒聊", "XD", [3], [])],
    )
    folded.expand_partial(answer)
    assert answer.viewpoints[0].floors == [*range(1, 61, 5), 5]
    assert answer.viewpoints[1].floors == [*range(4, 61, 5), 10]
    assert answer.off_topic[0].floors == list(range(3, 61, 5))


def test_a_range_over_a_folded_line_leaves_it_to_its_fold() -> None:
    """A model's range ("1-5") runs over floors the block did not show (2, 3, 4 were folded
    into earlier lines or are not shown): they follow the line they were folded into, not
    the range, so no floor lands in two groups."""
    lines = render_lines(pushes())
    folded = fold_lines(lines)
    shown = {line.first for line in folded.lines}
    assert {2, 3, 4} <= shown and not {6, 7, 8, 9} & shown  # 6–9 are folded into 1–4
    answer = Partial(
        "summary",
        [Group("範圍", "一段", list(range(5, 11)), [])],  # "5-10": 5 and 10 shown, 6–9 not
        [Group("推文", "推", [1], [])],
    )
    folded.expand_partial(answer)
    assert answer.viewpoints[0].floors == [5, 10]
    assert 6 in answer.off_topic[0].floors
    every = answer.viewpoints[0].floors + answer.off_topic[0].floors
    assert len(every) == len(set(every))


def test_sort_labels_spread_to_folded_lines() -> None:
    lines = render_lines(pushes(20))
    folded = fold_lines(lines)
    labels = {line.first: 2 if line.first == 1 else 1 for line in folded.lines}
    spread = folded.spread(labels, lines)
    assert [label for line, label in zip(lines, spread, strict=True) if line.first % 5 == 1] == [2] * 4
    assert all(label == 1 for line, label in zip(lines, spread, strict=True) if line.first % 5 != 1)


def test_a_part_folds_the_same_when_the_thread_grows() -> None:
    small, big = pushes(40), pushes(80)
    a = block(render_lines(small, stable=True)[10:30], "compact")
    b = block(render_lines(big, stable=True)[10:30], "compact")
    assert a.text() == b.text() and a.spans == b.spans
    assert a.spans and min(a.spans) == 11  # a part folds its own lines: it starts with floor 11
    # users are numbered within the part: its first numbered user is 1
    assert re.search(r"^\d+[推噓→](\d+) ", a.text(), re.M).group(1) == "1"  # type: ignore[union-attr]


def test_the_rich_form_folds_nothing() -> None:
    lines = render_lines(pushes())
    rich = block(lines, "rich")
    assert rich.lines == lines and not rich.spans
    assert rich.text() == "\n".join(line.text for line in lines)
    assert block(lines, "compact").spans


def _comments(user: str) -> str:
    return user.split("<comments>", 1)[1].split("</comments>", 1)[0]


def compact_answer(messages: list[dict[str, str]]) -> Any:
    """The scripted model's answer in the compact form, citing the floors of the lines it
    is shown (heads without a user number too): the first half in one viewpoint, the rest
    in another; a sort puts the first half in group 1, the rest in the last group."""
    user = messages[-1]["content"]
    if "<comments>" not in user or "<partials>" in user:
        return smart_answer(messages)
    floors = [int(m.group(1)) for m in re.finditer(r"^(\d+)", _comments(user), re.M)]
    half = max(1, len(floors) // 2)
    if SORT_PROMPT in user:
        last = max(int(m.group(1)) for m in re.finditer(r"^(\d+)\. \[", user, re.M))
        return {str(floor): 1 if i < half else last for i, floor in enumerate(floors)}
    return {
        "summary": "摘要。",
        "viewpoints": [
            {"title": title, "statement": "", "floors": ", ".join(map(str, group))}
            for title, group in (("甲", floors[:half]), ("乙", floors[half:]))
            if group
        ],
        "off_topic": [],
    }


def test_a_compact_digest_counts_every_folded_floor(fake: FakeServer) -> None:
    thread = pushes()
    fake.answer = compact_answer
    digest = run(summarizer(fake, thread, form="compact"))
    (user,) = [r.body["messages"][-1]["content"] for r in fake.chat_requests]
    block_text = _comments(user)
    assert len(re.findall(r"^\d+推\d* ?推", block_text, re.M)) == 1 and f"{COUNT_MARK}12" in block_text
    # the fake model cites the shown lines only; the digest has every floor they stand for
    cited = {floor for group in [*digest.viewpoints, *digest.off_topic] for floor in group.floors}
    assert cited == set(range(1, 61))


def test_the_rich_prompt_shows_every_push(fake: FakeServer) -> None:
    thread = pushes()
    run(summarizer(fake, thread))
    (user,) = [r.body["messages"][-1]["content"] for r in fake.chat_requests]
    assert _comments(user).strip() == "\n".join(line.text for line in render_lines(thread))
    assert COUNT_MARK not in user


def test_parts_and_sorts_fold_and_expand(fake: FakeServer) -> None:
    thread = pushes(400)
    fake.answer = compact_answer
    s = summarizer(fake, thread, context=1900, form="compact")
    plan = s.plan()
    assert not plan.single and len(plan.chunks) >= 2
    digest = run(s)
    users = [r.body["messages"][-1]["content"] for r in fake.chat_requests]
    maps = [u for u in users if "<comments>" in u and SORT_PROMPT not in u]
    sorts = [u for u in users if SORT_PROMPT in u]
    assert len(maps) == len(sorts) == len(plan.chunks)
    for user in [*maps, *sorts]:
        assert FOLD_NOTE in user and len(re.findall(r"^\d+推\d* ?推", _comments(user), re.M)) == 1
    # the sort's answers name shown lines only; every floor ends up in a group
    cited = {floor for group in [*digest.viewpoints, *digest.off_topic] for floor in group.floors}
    assert cited == set(range(1, 401))


def test_reply_trees_and_deleted_comments_never_fold_and_no_comment_fakes_a_count() -> None:
    """Reddit/HN lines are parents of other lines (a fold would hide the floor a reply points
    at); a deleted comment's empty text is not a reaction; a comment's own "×300" must not
    read like the app's count."""
    tree = [Line(n, n, f"{n}>{1 if n > 1 else 0}:{n % 3} lol") for n in range(1, 12)]
    assert fold_lines(tree).lines == tree
    assert fold_key("") is None and fold_key("   ") is None
    ptt = [Line(n, n, f"{n}推 推") for n in range(1, 9)] + [Line(9, 9, "9→ 好 ×300")]
    folded = fold_lines(ptt)
    assert folded.hidden == 7
    assert folded.lines[-1].text == "9→ 好 x300"  # the writer's; the app's count is ×
    assert folded.lines[0].text.endswith("×8")

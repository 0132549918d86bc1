"""The merge of partial results (digest/merge.py): it converges at any window, keeps at most
8 viewpoints and 5 digressions, and puts every partial group in exactly one final group or
says why not. The model here is a scripted function (the merge's own call interface); the
end-to-end runs over HTTP are in test_digest.py and test_standin_replay.py."""

from __future__ import annotations

import asyncio
import re
from typing import Any, TypeVar

from threadgist.digest import schema as S
from threadgist.digest.budget import Budget, estimate_reduce_calls, merge_answer_tokens
from threadgist.digest.linecount import fixed_prompt_tokens
from threadgist.digest.merge import Merger
from threadgist.digest.merge_env import MergeEnv, MergeRequest
from threadgist.digest.merge_items import MAX_DIGRESSIONS, MAX_VIEWPOINTS, label, materialize
from threadgist.digest.packing import pair_up
from threadgist.digest.partial import Group, MergeAnswer, MergeGroup, Partial
from threadgist.digest.prompts import system_prompt, template
from threadgist.digest.tokens import TokenCounter
from threadgist.llm.errors import ContextExceeded, EndpointError
from threadgist.messages import Text, msg
from threadgist.thread.model import Thread

COUNTER = TokenCounter.for_model("gpt-4o-mini")
ID_RE = re.compile(r"^([VD]\d+) \[", re.M)
T = TypeVar("T")


def partials(parts: int, viewpoints: int = 8, digressions: int = 3) -> list[Partial]:
    """``parts`` partial results over consecutive floors, each with its own groups."""
    out: list[Partial] = []
    floor = 1
    for part in range(parts):
        vps, dgs = [], []
        for i in range(viewpoints):
            vps.append(
                Group(f"觀點{i % 10}：看法{part}-{i}", "一句話說明這個看法的內容。", [floor, floor + 1])
            )
            floor += 2
        for i in range(digressions):
            dgs.append(Group(f"離題{i}", "與主題無關的閒聊。", [floor]))
            floor += 1
        out.append(Partial(f"第 {part + 1} 部分的討論摘要，說明留言的走向與主要爭點。", vps, dgs))
    return out


class Script:
    """A merge model: folds every listed id into groups by its title's first word (as a
    capable model folds the same position), at most ``cap_v`` + ``cap_d`` groups; ``drop``
    ids are left out of the answer; placements go to G1 unless ``place_none``."""

    def __init__(self, *, drop: int = 0, place_none: bool = False, over: int = 0) -> None:
        self.prompts: list[tuple[str, int]] = []
        self.drop = drop
        self.place_none = place_none
        self.over = over  # groups beyond the limits in the answer

    async def __call__(self, request: MergeRequest[T]) -> T:
        return request.read(self.answer(request.messages, request.name))

    def answer(self, messages: list[dict[str, str]], name: str) -> dict[str, Any]:
        user = messages[-1]["content"]
        self.prompts.append((name, COUNTER.count(user)))
        if name == "placements":
            ids = re.findall(r"^([VD]\d+) ", user.split("<items>", 1)[1], re.M)
            return {"placements": [{"id": i, "group": "none" if self.place_none else "G1"} for i in ids]}
        ids = ID_RE.findall(user)
        ids = ids[self.drop :]
        views: dict[str, list[str]] = {}
        for line in user.splitlines():
            match = ID_RE.match(line)
            if match and match.group(1) in ids:
                key = line.split("] ", 1)[1][:3] if line.startswith("V") else "D"
                views.setdefault(key, []).append(match.group(1))
        vgroups = [
            {"title": key, "statement": "s", "sources": srcs} for key, srcs in views.items() if key != "D"
        ]
        vgroups = vgroups[: MAX_VIEWPOINTS + self.over]
        dsrcs = views.get("D", [])
        dgroups = [{"title": "d", "description": "d", "sources": dsrcs}] if dsrcs else []
        return {"summary": "merged", "viewpoints": vgroups, "off_topic": dgroups}


def env(script: Script, context: int, warnings: list[Text]) -> MergeEnv:
    thread = Thread(title="t", board="b", body="本文", site="ptt", format="ptt-text", encoding="utf-8")
    budget = Budget(context, 1024)

    def messages(kind: str, values: dict[str, str]) -> list[dict[str, str]]:
        user = template(kind).substitute(header="title: t", **values)
        return [
            {"role": "system", "content": system_prompt("zh-TW", kind)},
            {"role": "user", "content": user},
        ]

    def learn(error: EndpointError) -> bool:
        return False

    return MergeEnv(
        counter=COUNTER,
        budget=budget,
        messages=messages,
        fixed=lambda kind: fixed_prompt_tokens(COUNTER, thread, "zh-TW", kind),
        call=script,
        limits=lambda: None,
        warnings=warnings,
        change=lambda why: None,
        tick=lambda: None,
        learn=learn,
    )


def merge(parts: list[Partial], context: int, script: Script) -> tuple[Partial, list[Text], Merger]:
    warnings: list[Text] = []
    merger = Merger(env(script, context, warnings))
    return asyncio.run(merger.merge(parts, "文章內容" * 50)), warnings, merger


def every_floor(parts: list[Partial]) -> list[int]:
    return [f for p in parts for g in [*p.viewpoints, *p.off_topic] for f in g.floors]


def test_pair_up_never_leaves_a_lone_result_that_fits_with_its_neighbour() -> None:
    assert pair_up([3, 3, 3], 6) == [(0, 2), (2, 3)]
    assert pair_up([3, 3, 3, 3, 3], 9) == [(0, 3), (3, 5)]
    assert pair_up([2, 2, 2], 6) == [(0, 3)]
    assert pair_up([5, 5], 4) == [(0, 1), (1, 2)]  # nothing fits together: the caller stops


def test_one_call_when_the_compact_form_fits_at_4k() -> None:
    script = Script()
    parts = partials(5)
    merged, warnings, merger = merge(parts, 4096, script)
    assert merger.calls == 1 and [name for name, _ in script.prompts] == ["merged"]
    assert len(merged.viewpoints) <= MAX_VIEWPOINTS and len(merged.off_topic) <= MAX_DIGRESSIONS
    assert sorted(every_floor([merged])) == sorted(every_floor(parts))  # every group placed once
    assert not warnings


def test_many_parts_merge_level_by_level_and_converge() -> None:
    """Twenty parts do not fit one 4k call even as titles: batches of at least two, level
    by level, each prompt within the window, down to one result."""
    script = Script()
    parts = partials(20)
    merged, warnings, merger = merge(parts, 4096, script)
    assert merger.calls > 1
    assert script.prompts[-1][0] == "merged"
    room = 4096 - merge_answer_tokens(Budget(4096, 1024))
    assert all(tokens <= room for _, tokens in script.prompts)
    assert len(merged.viewpoints) <= MAX_VIEWPOINTS and len(merged.off_topic) <= MAX_DIGRESSIONS
    floors = every_floor([merged])
    assert len(floors) == len(set(floors)) == len(every_floor(parts))
    assert not warnings


def test_groups_the_merge_left_out_are_placed_by_one_more_call() -> None:
    script = Script(drop=3)
    parts = partials(3)
    merged, warnings, _ = merge(parts, 8192, script)
    assert [name for name, _ in script.prompts] == ["merged", "placements"]
    assert sorted(every_floor([merged])) == sorted(every_floor(parts))
    assert not warnings


def test_groups_beyond_the_limits_are_placed_or_left_unassigned_with_a_reason() -> None:
    script = Script(over=4, place_none=True)
    parts = partials(3, viewpoints=10)  # ten positions, the answer lists all ten
    merged, warnings, _ = merge(parts, 16000, script)
    assert len(merged.viewpoints) == MAX_VIEWPOINTS
    placed = every_floor([merged])
    assert len(placed) == len(set(placed)) < len(every_floor(parts))
    assert len(warnings) == 1 and "left unassigned" in str(warnings[0])


def test_materialize_keeps_each_source_once_and_the_biggest_groups() -> None:
    items, _ = label(partials(1, viewpoints=3, digressions=1))
    answer = MergeAnswer(
        "s",
        [MergeGroup("a", "x", ["V1", "V2"]), MergeGroup("b", "y", ["V2", "V3", "D1", "V9"])],
        [MergeGroup("d", "z", ["D1"])],
    )
    merged, left = materialize(answer, items, capped=True)
    # V2 only in the first; the merge may call a part's digression a viewpoint (D1 in "b")
    assert [len(g.floors) for g in merged.viewpoints] == [4, 3]
    assert merged.off_topic == []  # D1 was taken already
    assert left == []


def test_a_merge_that_cannot_fit_two_results_says_so() -> None:
    warnings: list[Text] = []
    script = Script()

    def learn(error: EndpointError) -> bool:
        return False

    e = env(script, 1200, warnings)
    e.learn = learn
    merged = asyncio.run(Merger(e).merge(partials(3), "文章"))
    assert script.prompts == []
    assert any("side by side" in str(w) for w in warnings)
    assert sorted(every_floor([merged])) == sorted(every_floor(partials(3)))


def test_a_merge_the_server_refused_is_planned_again_smaller() -> None:
    calls = {"n": 0}
    script = Script()

    async def refusing(request: MergeRequest[T]) -> T:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ContextExceeded(msg("too long"), n_ctx=3000)
        return await script(request)

    warnings: list[Text] = []
    e = env(script, 8192, warnings)
    e.call = refusing

    def learn(error: EndpointError) -> bool:
        e.budget.context = error.n_ctx or e.budget.context
        return True

    e.learn = learn
    merged = asyncio.run(Merger(e).merge(partials(4), "文章"))
    assert calls["n"] >= 2 and e.budget.context == 3000
    assert sorted(every_floor([merged])) == sorted(every_floor(partials(4)))


def test_reduce_schema_names_its_sources() -> None:
    schema = S.reduce_schema(None, max_sources=3)
    assert schema["properties"]["viewpoints"]["items"]["required"] == ["title", "statement", "sources"]


def test_the_plan_counts_merge_calls_as_the_merge_batches_them() -> None:
    assert estimate_reduce_calls(1, 1000) == 0
    assert estimate_reduce_calls(4, 1000) == 1  # four fit one call
    assert estimate_reduce_calls(3, 700) == 1  # the third joins the first two when it fits
    assert estimate_reduce_calls(3, 500) == 2  # (1 2) 3, then (12 3)
    assert estimate_reduce_calls(5, 500) == 4  # (1 2)(3 4) 5, then (12 34) 5, then one
    assert estimate_reduce_calls(3, 300) == 0  # no two fit: nothing to merge


def test_floors_written_as_ranges() -> None:
    from threadgist.digest.partial import MAX_RANGE, Group, parse_ranges

    assert parse_ranges("12-14, 20, 3 – 1, 14") == [12, 13, 14, 20, 1, 2, 3]
    assert parse_ranges("5~7，9至10") == [5, 6, 7, 9, 10]
    assert len(parse_ranges("1-999999999")) == MAX_RANGE  # no range blows up
    assert parse_ranges("none") == []
    group = Group.from_json({"title": "t", "statement": "", "floors": "2-3"}, "viewpoint")
    assert group is not None and group.floors == [2, 3]

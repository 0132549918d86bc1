"""The summary read out of a JSON answer while it streams: piece by piece, in linear time."""

from __future__ import annotations

import itertools
import json
import random
import time

import pytest

from threadgist.digest.streamtext import SummaryStream, summary_state


def fed(answer: str, cuts: list[int], max_chars: int | None = None) -> list[tuple[str, bool]]:
    s = SummaryStream(max_chars=max_chars)
    bounds = [0, *cuts, len(answer)]
    return [s.feed(answer[a:b]) for a, b in itertools.pairwise(bounds)]


def test_the_summary_grows_and_closes() -> None:
    answer = json.dumps({"summary": '大家討論\n遠端工作 "好" 😀', "viewpoints": []}, ensure_ascii=True)
    done = summary_state(answer)
    assert done == ('大家討論\n遠端工作 "好" 😀', True)
    states = fed(answer, list(range(1, len(answer))))  # one character at a time
    assert states[-1] == done
    texts = [t for t, _ in states]
    assert all(b.startswith(a) for a, b in itertools.pairwise(texts))  # it only grows
    assert "\ud83d" not in "".join(texts)  # a surrogate pair is never shown halved


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", ("", False)),
        ('{"title": "summary", "x": 1', ("", False)),
        ('{"summary"', ("", False)),
        ('{"summary" :\n "abc', ("abc", False)),
        ('{"summary": "a\\', ("a", False)),  # an escape split between pieces waits
        ('{"summary": "a\\u00', ("a", False)),
        ('{"summary": "a\\u0041\\n\\x"', ("aA\n\\x", True)),  # a bad escape is kept as it is
        ('{"a": "\\"summary\\": \\"no", "summary": "yes"}', ("yes", True)),
        ('{"summary""summary": "twice"', ("twice", True)),
    ],
)
def test_summary_state(prefix: str, expected: tuple[str, bool]) -> None:
    assert summary_state(prefix) == expected
    assert summary_state(prefix)[0] == expected[0]
    for cut in range(len(prefix) + 1):  # any split gives the same end
        assert fed(prefix, [cut])[-1] == expected


def test_random_splits_agree_with_one_piece() -> None:
    rng = random.Random(7)
    bits = [
        '"',
        "\\",
        "u",
        "summary",
        '"summary"',
        ":",
        " ",
        "\n",
        "中",
        "\\u",
        "d83d",
        "\\ud83d",
        "\\ude00",
        '\\"',
        "0041",
        "{",
        "}",
    ]
    for _ in range(3000):
        answer = rng.choice(['{"summary": "', '{"a": 1, "summary" :"', ""]) + "".join(
            rng.choice(bits) for _ in range(rng.randint(0, 20))
        )
        cuts = sorted(rng.sample(range(len(answer) + 1), min(4, len(answer) + 1)))
        assert fed(answer, cuts)[-1] == summary_state(answer), answer


def test_a_long_answer_costs_linear_time() -> None:
    """The old way (the whole answer rescanned for every piece) took minutes on a 20 MB
    answer; pieces of 3 characters of a 2 MB answer take well under a few seconds."""
    answer = '{"summary": "' + "長" * 2_000_000 + '", "viewpoints": []}'
    s = SummaryStream()
    t0 = time.perf_counter()
    for i in range(0, len(answer), 3):
        text, complete = s.feed(answer[i : i + 3])
    assert complete and len(text) == 20_000  # the preview stops growing at max_chars
    assert time.perf_counter() - t0 < 5
    assert s.complete and s.text == text

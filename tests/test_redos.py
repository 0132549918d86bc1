"""No regular expression of the app takes more than linear time, whatever the text.

Every pattern in the packages that read files, server answers and model answers
(found in the sources, see tests/redos.py) runs on pumped strings: a prefix of a string
it matches (drawn by hypothesis from the pattern itself), a run of one character class
the pattern uses, or of a mix of two or three, or of a piece of the matching string,
and an ending that makes the match fail. The time must grow linearly with the run.

The push patterns, the header pattern, the author split and the HN tag stripping were
rewritten for that; they must still match exactly what their first versions matched,
which is checked on short strings (where the old ones are fast).
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from threadgist.thread import hn, ptt_lines
from threadgist.thread.ptt_lines import split_author
from threadgist.thread.ptt_text import HEADER_RE
from threadgist.thread.timeinfer import CTIME_RE

from . import redos

PATTERNS, COMPUTED = redos.all_patterns()
N = 512  # the run's length at the smallest size (8 times that at the largest)
MAX_CASES = 120  # (prefix, run) pairs tried on each sample, at most

#: patterns that are only ever run through a function that keeps them linear (by
#: looking only before the last ">"): the function is what is measured
GUARDED: dict[str, Callable[[str], object]] = {
    "threadgist.thread.hn._TAG_RE": hn.html_to_text,
    "threadgist.thread.hn._BLOCK_RE": hn.html_to_text,
}

SWEEP = settings(
    database=None,
    derandomize=True,
    deadline=None,
    max_examples=2,
    phases=[Phase.explicit, Phase.generate],  # a failure is reported as found: no shrinking
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
EQUAL = settings(database=None, derandomize=True, deadline=None, max_examples=300)


def test_every_pattern_is_found() -> None:
    """The finder sees the patterns (and nothing is built where it cannot look)."""
    names = {found.where for found in PATTERNS}
    assert len(PATTERNS) >= 70
    assert {"threadgist.thread.ptt_lines.PUSH_RE", "threadgist.llm.jsonextract._FENCE_RE"} <= names
    assert set(GUARDED) <= names
    assert COMPUTED == [], f"re calls whose pattern is built in a function: {COMPUTED}"


def _runner(found: redos.Found) -> Callable[[Any], None]:
    guard = GUARDED.get(found.where)
    return redos.runner(found) if guard is None else lambda text: (guard(text), None)[1]


def _sample_strategy(found: redos.Found) -> st.SearchStrategy[str]:
    pattern = found.pattern
    if isinstance(pattern.pattern, bytes):
        return st.from_regex(pattern, fullmatch=True).map(lambda b: b.decode("latin-1"))
    return st.from_regex(pattern, fullmatch=True, alphabet=st.characters(exclude_categories=()))


@pytest.mark.parametrize("found", PATTERNS, ids=[found.where for found in PATTERNS])
def test_linear_time(found: redos.Found) -> None:
    run = _runner(found)
    chars = redos.characters(found.pattern)
    as_bytes = isinstance(found.pattern.pattern, bytes)

    @SWEEP
    @given(data=st.data())
    def sweep(data: st.DataObject) -> None:
        sample = data.draw(_sample_strategy(found), label="sample")[:48]
        units = [*chars, sample[:-1], sample[:8]] if len(sample) > 1 else chars
        mixes = data.draw(st.lists(st.text(st.sampled_from(chars), min_size=2, max_size=3), max_size=12))
        cases = [(i, unit) for i in _positions(sample) for unit in units]
        if len(cases) > MAX_CASES:  # a long pattern with many characters: some of them
            cases = data.draw(st.randoms(use_true_random=False)).sample(cases, MAX_CASES)
        cases += [(data.draw(st.integers(0, len(sample)), label="at"), mix) for mix in mixes]
        for at, unit in cases:
            for tail in ("\x01", sample[at:] + "\x01"):
                power = redos.superlinear(run, redos.pumped(sample[:at], unit, tail, as_bytes), N)
                assert power is None, (
                    f"{found.where}: time grows as size^{power:.1f} on "
                    f"{sample[:at]!r} + {unit!r} * n + {tail!r}"
                )

    sweep()


def _positions(sample: str) -> list[int]:
    """Every position of a short sample, a spread of 12 of a longer one."""
    if len(sample) <= 12:
        return list(range(len(sample) + 1))
    return sorted({round(k * len(sample) / 12) for k in range(13)})


# --- the reported cases, end to end ------------------------------------------------------
def _grows(run: Callable[[str], object], make: Callable[[int], str], n: int = 400) -> float:
    """How many times longer ``make(4 n)`` takes than ``make(n)`` (best of three)."""

    def cpu(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.thread_time()
            run(text)
            best = min(best, time.thread_time() - start)
        return max(best, 1e-6)

    return cpu(make(4 * n)) / cpu(make(n))


HEADER = "作者: a (A) 看板: T\n標題: t\n時間: Mon Jan  1 12:00:00 2024\n\nb\n--\n"


@pytest.mark.parametrize(
    "line",
    ["推 a:{} x", "→ a:x{}y", "→ a:x{}推 {}y", "推 a:{}1.2.3.4{}x", "噓 a: b{}1/2{}:"],
)
def test_push_lines_in_linear_time(line: str) -> None:
    """2,000 spaces in a push line took 30 s (cubic)."""
    from threadgist.thread import load_bytes

    def parse(text: str) -> object:
        return load_bytes(text.encode(), name="p.txt")

    def make(n: int) -> str:
        return HEADER + line.format(*[" " * n] * line.count("{}")) + "\n"

    assert _grows(parse, make) < 10  # linear: 4; quadratic: 16; cubic: 64


@pytest.mark.parametrize("unit", ["<", "<p", "< ", "<br", "<a href=x"])
def test_hn_tags_in_linear_time(unit: str) -> None:
    """80 KB of "<" in an item's text took 14.5 s."""
    assert _grows(hn.html_to_text, lambda n: unit * n) < 10


_FIRST_BLOCK_RE = re.compile(r"<\s*(?:p|br|/pre|pre)\b[^>]*>", re.I)
_FIRST_TAG_RE = re.compile(r"<[^>]+>")


@EQUAL
@given(
    text=st.lists(
        st.sampled_from(["<", ">", "p", "/", "i", "pre", "BR", " ", "\n", "&lt;", "x"]), max_size=14
    ).map("".join)
)
@example(text="a<p>b<i>c</i> < d <<x> e >")
def test_hn_tags_removed_as_before(text: str) -> None:
    first = _FIRST_TAG_RE.sub("", _FIRST_BLOCK_RE.sub("\n\n", text))
    assert hn.html_to_text(text) == re.sub(r"\n{3,}", "\n\n", html.unescape(first)).strip()


# --- the rewritten patterns mean what they meant ------------------------------------------
_IPV4 = r"\d{1,3}(?:\.\d{1,3}){3}"
FIRST = {
    "PUSH_RE": re.compile(
        r"^(?P<tag>[推噓→]) (?P<id>[^\s:]+)\s*:(?P<text>.*?)\s*"
        rf"(?P<ip>{_IPV4})?\s*(?P<md>\d{{1,2}}/\d{{1,2}})(?: (?P<hm>\d\d:\d\d))?\s*$"
    ),
    "OLD_PUSH_RE": re.compile(
        r"^→ (?P<id>[^\s:]+):(?P<text>\S.*?|)\s{2,}(?P<tag>[推噓→])\s+(?P<ip>[\w.-]+)\s+"
        r"(?P<md>\d{1,2}/\d{1,2})\s*$"
    ),
    "PTT2_PUSH_RE": re.compile(
        r"^→ (?P<id>[^\s:]+):(?P<text>\S.*?|)\s{2,}(?P<tag>[推噓])\s+"
        r"(?P<md>\d{1,2}/\d{1,2}) (?P<hm>\d\d:\d\d)\s*$"
    ),
}
_SPACE = st.sampled_from(["", " ", "  ", "   ", "\t", " \u3000 "])
_TOKEN = st.sampled_from(
    [
        "",
        "x",
        "1",
        "12",
        "123",
        "1.2.3.4",
        "140.112.28.31",
        "12/31",
        "1/2",
        "123/45",
        "12:00",
        "推",
        "噓",
        "→",
        "a.b-c",
        ":",
        "/",
        "1.2.3.45/6",
        "推 10/04 13:25",
        "噓 1/4 13:25",
        "推  140.112.28.31 11/19",
        "→ host.x 1/9",
    ]
)


@st.composite
def push_like(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["推 ", "→ ", "噓 "])) + draw(st.sampled_from(["a", "ab1", "a b", ""]))
    head += draw(st.sampled_from([":", " :", "\t:"]))
    parts = draw(st.lists(st.tuples(_SPACE, _TOKEN), max_size=6))
    return head + "".join(space + token for space, token in parts) + draw(_SPACE)


@EQUAL
@given(line=push_like())
@example(line="→ CodingMan:What is Ptt?   推 10/04 13:25")
@example(line="→ a:msg  推  140.112.28.31 11/19")
@example(line="推 a: text 1.2.3.45/6")
def test_push_patterns_match_as_before(line: str) -> None:
    for name, first in FIRST.items():
        old, new = first.match(line), getattr(ptt_lines, name).match(line)
        assert (old and (old.span(), old.groupdict())) == (new and (new.span(), new.groupdict())), name


_CTIME = re.sub(r"\?P<\w+>", "", CTIME_RE.pattern)
FIRST_HEADER_RE = re.compile(
    r"[ \t]*(?:作者|發信人)(?P<colon>[:：])?[ \t]*"
    r"(?P<author>[^\s(]+?)(?=[ \t]*\(|[ \t]*(?:看板|站內|信區|標題)|\s|$)"
    r"(?:[ \t]*\((?P<nick>[^\n]*?)\))?[ \t,]*"
    r"(?:\s*(?:看板|站內|信區)[:：]?[ \t]*(?P<board>[^\s]+?)(?=\s|標題|時間|$))?"
    rf"(?:\s*標題[:：]?[ \t]*(?P<title>[^\n]*?)[ \t]*(?=時間[:：]?[ \t]*{_CTIME}|\n|$))?"
    rf"(?:\s*時間[:：]?[ \t]*(?P<time>{_CTIME}))?"
)
_HEADER_PARTS = ["作者", ":", "a", "b (c)", "看板", "T", "標題", "[問卦] x", " ", "  ", "\t", "\n", "\u3000"]
_HEADER_PARTS += ["時間", "Mon Jan  1 12:00:00 2024", "x", "\r", "站內"]


@EQUAL
@given(
    header=st.lists(st.sampled_from(_HEADER_PARTS), max_size=12).map(lambda parts: "作者" + "".join(parts))
)
@example(header="作者: a (A) 看板: T\n標題: t \u3000 \n時間: Mon Jan  1 12:00:00 2024")
def test_header_pattern_matches_as_before(header: str) -> None:
    old, new = FIRST_HEADER_RE.match(header), HEADER_RE.match(header)
    assert (old and (old.span(), old.groupdict())) == (new and (new.span(), new.groupdict()))


_AUTHOR_RE = re.compile(r"^\s*(\S+?)\s*(?:\((.*)\))?\s*$")


@EQUAL
@given(
    field=st.lists(
        st.sampled_from(["a", "b", "(", ")", " ", "\n", "\t", "\u3000", "(x)", " ("]), max_size=10
    ).map("".join)
)
@example(field="id (nick)")
@example(field="a(b\n(c)")
def test_split_author_as_before(field: str) -> None:
    match = _AUTHOR_RE.match(field)
    assert split_author(field) == (match and (match[1], match[2]))


def test_split_author_in_linear_time() -> None:
    assert _grows(split_author, lambda n: "a" + "(" * n) < 10
    assert _grows(split_author, lambda n: "a " + "(" * n + "\n)") < 10

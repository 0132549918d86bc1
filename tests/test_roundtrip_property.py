"""Property: any copied-text thread we can write, we read back exactly."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from threadgist.thread import load_bytes
from threadgist.thread.timeinfer import TAIPEI

IDS = st.from_regex(r"\A[A-Za-z][A-Za-z0-9]{1,11}\Z")
TEXT_CHARS = st.sampled_from(
    list("推文好爛笑死真的假的中華民國台灣捷運高雄") + list("abcXYZ0123456789") + list(" .,!?/:()～？！，。")
)
TEXT = st.lists(TEXT_CHARS, max_size=40).map(lambda cs: "".join(cs).strip())
IPS = st.tuples(*[st.integers(0, 255)] * 4).map(lambda t: ".".join(map(str, t)))


@st.composite
def threads(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, str, datetime, str | None]]]:
    start = draw(st.datetimes(datetime(2005, 1, 1), datetime(2030, 12, 31))).replace(
        second=draw(st.integers(0, 59)), microsecond=0, tzinfo=TAIPEI
    )
    with_ip = draw(st.booleans())
    aligned = draw(st.booleans())
    blank_between = draw(st.booleans())
    glued = draw(st.booleans())
    n = draw(st.integers(0, 30))
    when = start
    pushes = []
    for _ in range(n):
        when = when + timedelta(minutes=draw(st.sampled_from([0, 1, 2, 59, 60 * 24, 60 * 24 * 40])))
        text = draw(TEXT)
        ip = draw(IPS) if with_ip else None
        if ip:
            assume(not re.search(r"[\d.]$", text))
        pushes.append((draw(st.sampled_from("推噓→")), draw(IDS), text, when.replace(second=0), ip))
    assume(n == 0 or pushes[-1][3] - start < timedelta(days=300))
    ctime = start.strftime("%a %b ") + f"{start.day:>2}" + start.strftime(" %H:%M:%S %Y")
    metas = ["作者someid (暱稱)", "看板Test", "標題[測試] 往返", f"時間{ctime}"]
    out = ["".join(metas) if glued else "\n".join(metas), "內文一行", ""]
    for tag, uid, text, t, ip in pushes:
        name = f"{uid:<12}" if aligned else uid
        tail = f"{ip:>15} " if ip else ""
        out.append(f"{tag} {name}: {text} {tail}{t:%m/%d %H:%M}")
        if blank_between:
            out.append("")
    return "\n".join(out) + "\n", pushes


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(threads())
def test_copied_text_round_trip(
    case: tuple[str, list[tuple[str, str, str, datetime, str | None]]],
) -> None:
    text, pushes = case
    t = load_bytes(text.encode()).threads[0]
    assert t.format == "ptt-copied-text"
    assert t.title == "[測試] 往返" and t.board == "Test"
    got = [(c.floor, c.tag, c.author, c.text, c.time, c.ip) for c in t.comments]
    want = [(i, *p) for i, p in enumerate(pushes, 1)]
    assert got == want
    assert t.body == "內文一行"
    assert t.stats.comments == len(pushes)

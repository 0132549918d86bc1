"""Opening a big thread in the app (issue 23): the estimate's token factor for the bundled
model reads the first 200 lines without rendering every line of the thread, the user
numbers are one dict of ints made in one pass, and the rendered lines stay exactly what
they were."""

from __future__ import annotations

import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from threadgist.digest.render import iter_lines, render_lines
from threadgist.services.localtime import bundled_token_factor, calibration_sample
from threadgist.thread.heap import keep_big_blocks_apart
from threadgist.thread.model import ARROW, BOO, PUSH, Comment, Thread
from threadgist.thread.timeinfer import TAIPEI

from .test_memory import _threads


def _old_aliases(thread: Thread, stable: bool = False) -> dict[str, str]:
    """The user numbers as they were made before (two passes over the utterances)."""
    counts: dict[str, int] = {}
    for utterance in thread.each_utterance():
        counts[utterance.author] = counts.get(utterance.author, 0) + 1
    out: dict[str, str] = {}
    if thread.author:
        out[thread.author] = "OP"
    number = 0
    for utterance in thread.each_utterance():
        if utterance.author not in out:
            if stable or counts[utterance.author] > 1:
                number += 1
                out[utterance.author] = str(number)
            else:
                out[utterance.author] = ""
    return out


def _who_of_lines(thread: Thread, stable: bool) -> list[str]:
    """What each utterance's line says its user is, by the old numbers."""
    names = _old_aliases(thread, stable)
    return [names.get(utterance.author, "?") for utterance in thread.each_utterance()]


def _tricky(author: str | None) -> Thread:
    """Continuations (same user, → within 2 minutes), a user back later, the author
    commenting, untimed comments."""
    t0 = datetime(2024, 5, 1, 12, 0, tzinfo=TAIPEI)
    rows = [
        ("a", PUSH, 0),
        ("a", ARROW, 1),  # continues a
        ("b", ARROW, 1),
        ("op", BOO, 2),
        ("c", PUSH, 3),
        ("a", ARROW, 9),  # a again, too late to continue: a second utterance
        ("d", ARROW, None),
        ("d", ARROW, None),  # both untimed: continues
        ("b", PUSH, 12),
        ("", PUSH, 13),
    ]
    comments = [
        Comment(i + 1, who, f"text {i}", tag, None if minutes is None else t0 + timedelta(minutes=minutes))
        for i, (who, tag, minutes) in enumerate(rows)
    ]
    return Thread("ptt", "ptt-copied-text", "utf-8", "t", "b", comments, author=author)


@pytest.mark.parametrize("author", ["op", "", None, "zz"])
@pytest.mark.parametrize("stable", [False, True])
def test_user_numbers_unchanged_on_tricky_threads(author: str | None, stable: bool) -> None:
    thread = _tricky(author)
    whos = [line.text.split(" ", 1)[0] for line in render_lines(thread, stable)]
    old = _who_of_lines(thread, stable)
    assert len(whos) == len(old) == 8
    for rendered, who, utterance in zip(whos, old, thread.each_utterance(), strict=True):
        tag = "" if utterance.tag == ARROW and not who else (utterance.tag or "")
        assert rendered.endswith(f"{tag}{who}"), (rendered, who)
    if author == "op":
        assert any(text.endswith(f"{BOO}OP") for text in whos)


@pytest.mark.parametrize("stable", [False, True])
def test_rendered_lines_unchanged(tmp_path: Path, stable: bool) -> None:
    """Every format's threads: the sample, generated files and the shared corpus."""
    checked = 0
    for thread in _threads(tmp_path):
        names = _old_aliases(thread, stable)
        lines = render_lines(thread, stable)
        utterance_lines = [line for line in lines if line.first]
        for line, utterance in zip(utterance_lines, thread.each_utterance(), strict=True):
            who = names.get(utterance.author, "?")
            head = line.text.split(" ", 1)[0]
            assert head.endswith(who) or head.endswith(f":{who}"), (thread.title, head, who)
            checked += 1
        assert [line.text for line in iter_lines(thread, stable)] == [line.text for line in lines]
    assert checked > 1000


def _big_thread(n: int) -> Thread:
    t0 = datetime(2024, 5, 1, 12, 0, tzinfo=TAIPEI)
    comments = [
        Comment(
            i + 1, f"user{i % 40_000}", f"第 {i} 則推文", (PUSH, BOO, ARROW)[i % 3], t0 + timedelta(minutes=i)
        )
        for i in range(n)
    ]
    return Thread("ptt", "ptt-copied-text", "utf-8", "title", "body", comments, author="user7")


def test_the_calibration_sample_is_the_first_200_lines() -> None:
    thread = _big_thread(5000)
    assert calibration_sample(thread) == "\n".join(line.text for line in render_lines(thread)[:200])
    empty = Thread("ptt", "ptt-copied-text", "utf-8", "title", "only the body")
    assert calibration_sample(empty) == "only the body"


def test_the_token_factor_does_not_render_the_whole_thread() -> None:
    """It rendered every line to keep 200: 100,000 comments held ~25 MB of lines, once for
    the cache lookup, once more for the estimate; and took seconds."""
    thread = _big_thread(100_000)
    tracemalloc.start()
    try:
        bundled_token_factor(thread)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 6 * 1024 * 1024, f"{peak / 1048576:.1f} MB"


def test_big_blocks_are_kept_out_of_the_heap_on_glibc() -> None:
    import platform

    assert keep_big_blocks_apart() is (platform.system() == "Linux" and platform.libc_ver()[0] == "glibc")
    assert keep_big_blocks_apart() is keep_big_blocks_apart()  # once per process


def test_only_a_file_big_enough_for_malloc_s_mmap_fixes_its_threshold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file under the threshold never has a block mmapped: reading it leaves malloc (and
    ctypes, which the launch would load for nothing) alone."""
    from threadgist.thread import decode
    from threadgist.thread.heap import THRESHOLD

    calls: list[bool] = []
    monkeypatch.setattr(decode, "keep_big_blocks_apart", lambda: calls.append(True) or True)
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_bytes(b"x" * (THRESHOLD - 1))
    big.write_bytes(b"x" * THRESHOLD)
    assert len(decode.read_limited(str(small))) == THRESHOLD - 1 and calls == []
    assert len(decode.read_limited(str(big))) == THRESHOLD and calls == [True]


@pytest.mark.parametrize("stable", [False, True])
def test_the_first_lines_alone_are_the_first_lines(tmp_path: Path, stable: bool) -> None:
    threads = [_tricky("op"), _tricky(None), _big_thread(3000), *_threads(tmp_path)]
    for thread in threads:
        lines = render_lines(thread, stable)
        for limit in (0, 1, 3, 7, 200):
            assert list(iter_lines(thread, stable, limit=limit)) == lines[:limit], (thread.title, limit)

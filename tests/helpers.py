from __future__ import annotations

from pathlib import Path

from threadgist.thread import Thread, load_path


def one(path: Path) -> Thread:
    result = load_path(str(path))
    assert len(result.threads) == 1
    return result.threads[0]


def tags(t: Thread) -> tuple[int, int, int]:
    s = t.stats
    return s.push, s.boo, s.arrow

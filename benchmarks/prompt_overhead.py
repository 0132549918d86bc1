"""Prompt overhead of the rendered comment block (issue 26 item 2), per thread, in both
answer forms: o200k tokens of the block a one-call prompt shows (digest/render.py lines,
digest/fold.py folding in the compact form) minus the tokens of the comments' own texts,
per original comment line. Every thread of every file of the shared corpus (all formats,
each thread of a multi-thread file) and of benchmarks/quality/threads.

    PYTHONPATH=desktop .venv/bin/python benchmarks/prompt_overhead.py

(THREADGIST_SHARED: where the shared corpus is, default ../shared.) Writes
benchmarks/results/prompt-overhead.md. Token counts are exact and do not depend on the
machine.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = Path(os.environ.get("THREADGIST_SHARED", ROOT.parent / "shared"))
OUT = HERE / "results" / "prompt-overhead.md"
BAR = 2.5


@dataclass
class Row:
    source: str
    title: str
    comments: int
    rich: float  # overhead per comment line, rich form
    compact: float  # the same, compact form (folded comments' texts counted as saved)
    shown: int  # lines the compact block shows
    compact_shown: float  # compact overhead per shown line, against the shown lines' texts
    parts: float  # compact, the lines of a thread read in parts (every user numbered)


def files() -> Iterator[tuple[str, Path]]:
    """Every file of the corpus and of the quality threads (READMEs and the parsers'
    expected outputs left out)."""
    for label, base in (("corpus", SHARED / "corpus"), ("quality", HERE / "quality" / "threads")):
        for path in sorted(base.rglob("*")):
            name = path.name
            if path.is_file() and not name.endswith(".md") and "expected" not in str(path.relative_to(base)):
                yield label, path


def measure(thread: object, label: str) -> Row | None:
    from threadgist.digest.block import block
    from threadgist.digest.render import clean, render_lines
    from threadgist.digest.tokens import TokenCounter
    from threadgist.thread import Thread

    assert isinstance(thread, Thread)
    if not thread.comments:
        return None
    count = TokenCounter("o200k_base").raw
    lines = [line for line in render_lines(thread) if line.first]
    own = count("\n".join(clean(comment.text) for comment in thread.comments))
    rich = count(block(lines, "rich").text())
    compact = block(lines, "compact")
    shown_own = 0
    for line in compact.lines:
        texts = [clean(c.text) for c in thread.comments if line.first <= c.floor <= line.last]
        shown_own += count("\n".join(texts))
    n = len(thread.comments)
    compact_tokens = count(compact.text())
    stable = block([line for line in render_lines(thread, stable=True) if line.first], "compact")
    return Row(
        label,
        thread.title[:40],
        n,
        round((rich - own) / n, 2),
        round((compact_tokens - own) / n, 2),
        len(compact.lines),
        round((compact_tokens - shown_own) / max(1, len(compact.lines)), 2),
        round((count(stable.text()) - own) / n, 2),
    )


def rows() -> Iterator[Row]:
    from threadgist.thread import load_path
    from threadgist.thread.errors import ThreadFileError

    for label, path in files():
        try:
            loaded = load_path(str(path))
        except (ThreadFileError, ValueError, OSError):
            continue  # not a thread (a login page, a sidecar file)
        for thread in loaded.threads:
            row = measure(thread, f"{label}: {path.name}")
            if row is not None:
                yield row


def synthetic() -> Row | None:
    """A made-up 842-push thread like the issue's "$" thread: a third of the pushes "$" or
    "$$$", some "推" and "XD", the rest short sentences (threadgen's words), 300 users."""
    import random

    from threadgen import WORDS

    from threadgist.thread import Comment, Thread

    rng = random.Random(26)
    comments = []
    for floor in range(1, 843):
        pick = rng.random()
        if pick < 0.35:
            text = rng.choice(("$", "$$$", "$$$$$$"))
        elif pick < 0.5:
            text = rng.choice(("推", "推!", "推推推推推"))
        elif pick < 0.6:
            text = rng.choice(("XD", "xd", "XDDD"))
        else:
            text = "".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6)))
        comments.append(Comment(floor, f"u{rng.randrange(300)}", text, rng.choice("推推→")))
    thread = Thread(
        "ptt", "ptt-text", "utf-8", "synthetic: 842 pushes, '$' ×300", "", comments, "Stock", "op"
    )
    return measure(thread, "synthetic (benchmarks/prompt_overhead.py)")


def report(found: list[Row], extra: Row | None) -> str:
    head = [
        "# Prompt overhead per comment line (issue 26 item 2)",
        "",
        "o200k tokens of the rendered comment block of a one-call prompt minus the tokens of",
        "the comments' own texts (whitespace folded, one per line), divided by the thread's",
        "comment lines. *compact* folds near-duplicate one-word comments (digest/fold.py):",
        "the folded comments' texts are not shown, so its figure can be below zero.",
        "*per shown line*: the compact block against the texts of the lines it shows only",
        "(the cost of a line's floor, tag, user and count). *in parts*: compact, as the",
        "parts of a thread too long for one call render it (every user numbered).",
        f"Bar: ≤ {BAR}.",
        "",
        "Re-run: `PYTHONPATH=desktop .venv/bin/python benchmarks/prompt_overhead.py`",
        "(THREADGIST_SHARED: the shared corpus's parent, default ../shared).",
        "",
        "| file | thread | comments | rich | compact | shown lines | compact per shown line | in parts |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    body = [_line(r) for r in found]
    tail = ["", *summary(found)]
    if extra is not None:  # not in the summary: a made-up thread
        tail += [
            "",
            "Not a real thread, to show the fold at the issue's scale:",
            "",
            *head[-2:],
            _line(extra),
        ]
    return "\n".join([*head, *body, *tail]) + "\n"


def summary(found: list[Row]) -> list[str]:
    """Means and the threads over the bar, overall and for threads of 20 comments or more."""
    out = []
    for label, rows in (("all threads", found), ("20+ comments", [r for r in found if r.comments >= 20])):
        if not rows:
            continue
        n = len(rows)
        out.append(
            f"- {label} ({n}): mean rich {sum(r.rich for r in rows) / n:.2f}, compact "
            f"{sum(r.compact for r in rows) / n:.2f}, in parts {sum(r.parts for r in rows) / n:.2f}; "
            f"over {BAR}: rich {sum(r.rich > BAR for r in rows)}, compact "
            f"{sum(r.compact > BAR for r in rows)}, in parts {sum(r.parts > BAR for r in rows)}"
        )
    return out


def _line(r: Row) -> str:
    return (
        f"| {r.source} | {r.title.replace('|', '/')} | {r.comments} | {r.rich:.2f} | {r.compact:.2f} "
        f"| {r.shown} | {r.compact_shown:.2f} | {r.parts:.2f} |"
    )


def main() -> None:
    sys.path.insert(0, str(ROOT / "desktop"))
    sys.path.insert(0, str(HERE))
    found = list(rows())
    extra = synthetic()
    OUT.write_text(report(found, extra), encoding="utf-8")
    print(OUT.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()

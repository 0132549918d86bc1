"""Parse speed and memory on a 20,000-push thread (HTML and copied text), side by
side with a crawler-style BeautifulSoup baseline on the same HTML; then the largest
accepted files (64 MB) of every major format against the bar of the hardening issue:
no input up to 64 MB may take more than 2 s per MB or 10× its size in memory.

Each measurement runs in its own subprocess so that peak RSS belongs to it alone.
Writes benchmarks/results/parse.md and parse.json. ``--big-only`` runs the 64 MB part
alone (and keeps the 20,000-push figures of the last full run).
"""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from threadgen import BODY, WORDS, copied_text_thread, html_thread  # noqa: E402

N = 20_000
REPEAT = 5


def baseline_bs4(path: str) -> int:
    """How common crawlers read a page: BeautifulSoup + html.parser, div.push spans."""
    from bs4 import BeautifulSoup

    with open(path, encoding="utf-8") as f:
        soup = BeautifulSoup(f.read(), "html.parser")
    pushes = []
    for push in soup.find_all("div", class_="push"):
        tag = push.find("span", class_="push-tag")
        if tag is None:
            continue
        pushes.append(
            (
                tag.get_text().strip(),
                push.find("span", class_="push-userid").get_text().strip(),
                push.find("span", class_="push-content").get_text()[1:].strip(),
                push.find("span", class_="push-ipdatetime").get_text().strip(),
            )
        )
    return len(pushes)


def threadgist_parse(path: str) -> int:
    from threadgist.thread import load_path

    return sum(t.stats.comments for t in load_path(path).threads)


def threadgist_generic(path: str) -> int:
    """The HTML parser with its whole-push fast path turned off."""
    from threadgist.thread.ptt_html import parse_html

    with open(path, encoding="utf-8") as f:
        return parse_html(f.read(), encoding="utf-8", fast=False).stats.comments


def child(kind: str, path: str) -> None:
    """Run one parse in this process; print seconds, count and peak RSS (MB)."""
    fn = {"bs4": baseline_bs4, "tg": threadgist_parse, "tg-generic": threadgist_generic}[kind]
    if kind != "bs4":
        import threadgist.thread.loader  # noqa: F401  (import cost is not parse time)
    else:
        import bs4  # noqa: F401
    t0 = time.perf_counter()
    count = fn(path)
    dt = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": dt, "count": count, "rss_mb": rss_mb}))


def run_child(kind: str, path: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(out))


def measure(kind: str, path: str) -> dict[str, float]:
    runs = [run_child(kind, path) for _ in range(REPEAT)]
    counts = {r["count"] for r in runs}
    assert counts == {N}, f"{kind} read {counts} pushes, expected {N}"
    return {
        "median_s": statistics.median(r["seconds"] for r in runs),
        "min_s": min(r["seconds"] for r in runs),
        "peak_rss_mb": max(r["rss_mb"] for r in runs),
    }


# --- the 64 MB bar -------------------------------------------------------------------

#: The largest file the app accepts (thread/decode.py MAX_FILE_BYTES); the generators
#: stop just below it.
BIG_BYTES = 64 * 1024 * 1024
BAR_S_PER_MB = 2.0
BAR_MEMORY_FACTOR = 10


def _big_pushes(seed: int = 11) -> Iterator[tuple[str, str, str, datetime, str, int]]:
    """Endless deterministic pushes: tag, user id, text, time, IP, index. Short ones (one
    or two words), the worst case for memory: the most comments per MB."""
    rng = random.Random(seed)
    when = datetime(2024, 12, 30, 9, 0)
    i = 0
    while True:
        when += timedelta(minutes=rng.choice((0, 0, 1, 1, 2, 5)))
        tag = rng.choices("推噓→", weights=(6, 1, 5))[0]
        uid = f"user{rng.randrange(300_000):05d}"
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 2)))
        ip = ".".join(str(x) for x in (rng.randint(1, 223), *rng.choices(range(256), k=3)))
        yield tag, uid, text, when, ip, i
        i += 1


def _fill(path: Path, head: bytes, items: Iterator[bytes], tail: bytes, sep: bytes = b"") -> None:
    """Write head, then items (joined by sep) while they fit, then tail: a file just
    under BIG_BYTES."""
    budget = BIG_BYTES - len(head) - len(tail) - 4096
    used = 0
    with open(path, "wb") as f:
        f.write(head)
        first = True
        for item in items:
            chunk = item if first else sep + item
            if used + len(chunk) > budget:
                break
            f.write(chunk)
            used += len(chunk)
            first = False
        f.write(tail)


def big_copied_text(path: Path) -> None:
    head = (
        "作者benchid (測試)看板Stock標題[新聞] 測試時間Mon Dec 30 08:59:00 2024\n"
        f"{BODY}\n--\n※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 1.2.3.4 (臺灣)\n"
    )
    lines = (
        f"{tag} {uid}: {text}{ip:>16} {when:%m/%d %H:%M}\n".encode()
        for tag, uid, text, when, ip, _ in _big_pushes()
    )
    _fill(path, head.encode(), lines, b"")


def big_html(path: Path) -> None:
    doc = html_thread(0)
    cut = doc.rindex("</div></div>")
    pushes = (
        (
            f'<div class="push"><span class="{"hl push-tag" if tag == "推" else "f1 hl push-tag"}">'
            f'{tag} </span><span class="f3 hl push-userid">{uid}</span>'
            f'<span class="f3 push-content">: {escape(text)}</span>'
            f'<span class="push-ipdatetime">{ip:>16} {when:%m/%d %H:%M}\n</span></div>\n'
        ).encode()
        for tag, uid, text, when, ip, _ in _big_pushes()
    )
    _fill(path, doc[:cut].encode(), pushes, doc[cut:].encode())


def big_bbs_big5(path: Path) -> None:
    """A raw PttBBS file: Big5, CRLF, ANSI-coloured push lines."""
    head = (
        "作者: benchid (測試) 看板: Stock\r\n標題: [新聞] 測試\r\n"
        "時間: Mon Dec 30 08:59:00 2024\r\n\r\n"
        + BODY.replace("\n", "\r\n")
        + "\r\n\r\n--\r\n※ 發信站: 批踢踢實業坊(ptt.cc), 來自: 1.2.3.4 (臺灣)\r\n"
        "※ 文章網址: https://www.ptt.cc/bbs/Stock/M.1735520340.A.123.html\r\n"
    )
    colour = {"推": "1;37", "噓": "1;31", "→": "1;31"}
    lines = (
        (
            f"\x1b[{colour[tag]}m{tag} \x1b[33m{uid}\x1b[m\x1b[33m: {text:<40}\x1b[m"
            f"{ip:>16} {when:%m/%d %H:%M}\r\n"
        ).encode("big5")
        for tag, uid, text, when, ip, _ in _big_pushes()
    )
    _fill(path, head.encode("big5"), lines, b"")


def big_crawler_json(path: Path) -> None:
    """balaOuO-style crawler output (``comments`` with tag/author/content/ip/time), the
    densest crawler schema: about a million comments in 64 MB."""
    head = json.dumps(
        {
            "url": "https://www.ptt.cc/bbs/Stock/M.1735520340.A.123.html",
            "title": "[新聞] 測試",
            "author": "benchid",
            "board": "Stock",
            "time": "2024-12-30 08:59:00",
            "content": BODY + "\n--\n",
        },
        ensure_ascii=False,
    )
    items = (
        json.dumps(
            {"tag": tag, "author": uid, "content": text, "ip": ip, "time": f"{when:%Y-%m-%d %H:%M:00}"},
            ensure_ascii=False,
        ).encode()
        for tag, uid, text, when, ip, _ in _big_pushes()
    )
    _fill(path, (head[:-1] + ', "comments": [').encode(), items, b"]}", b", ")


def big_reddit_json(path: Path) -> None:
    """A Reddit comments page: the two-Listing array, top-level comments with nested
    replies, each with the fields the app reads and a few it does not."""
    pushes = _big_pushes()
    rng = random.Random(5)

    def comment(depth: int) -> dict[str, object]:
        _, uid, text, _, _, i = next(pushes)
        replies: object = ""
        if depth < 4 and rng.random() < 0.4:
            kids = [comment(depth + 1) for _ in range(rng.choice((1, 1, 2, 3)))]
            replies = {"kind": "Listing", "data": {"after": None, "children": kids}}
        return {
            "kind": "t1",
            "data": {
                "author": uid,
                "body": f"{text} &amp; more words here",
                "name": f"t1_c{i:x}",
                "id": f"c{i:x}",
                "created_utc": 1735520340.0 + i,
                "score": i % 97,
                "parent_id": "t3_abc",
                "link_id": "t3_abc",
                "subreddit": "test",
                "depth": depth,
                "replies": replies,
            },
        }

    post = {
        "kind": "Listing",
        "data": {
            "children": [
                {
                    "kind": "t3",
                    "data": {
                        "title": "A big thread",
                        "selftext": BODY,
                        "author": "op",
                        "subreddit": "test",
                        "created_utc": 1735520000.0,
                        "permalink": "/r/test/comments/abc/a_big_thread/",
                    },
                }
            ]
        },
    }
    head = "[" + json.dumps(post, ensure_ascii=False) + ', {"kind": "Listing", "data": {"children": ['
    items = (json.dumps(comment(0), ensure_ascii=False).encode() for _ in iter(int, 1))
    _fill(path, head.encode(), items, b"]}}]", b", ")


def big_hn_json(path: Path) -> None:
    """A Hacker News Algolia items tree: nested ``children`` with HTML comment text."""
    pushes = _big_pushes()
    rng = random.Random(6)
    words = ("the", "compiler", "memory", "<i>really</i>", "latency", "Rust", "&gt;", "GC")

    def node(depth: int) -> dict[str, object]:
        _, uid, _, _, _, i = next(pushes)
        text = "<p>" + " ".join(rng.choice(words) for _ in range(rng.randint(3, 20)))
        kids = (
            [node(depth + 1) for _ in range(rng.choice((1, 2)))] if depth < 4 and rng.random() < 0.4 else []
        )
        return {
            "id": 1000 + i,
            "created_at": "2024-12-30T01:00:00.000Z",
            "created_at_i": 1735520400 + i,
            "type": "comment",
            "author": uid,
            "title": None,
            "url": None,
            "text": text,
            "points": None,
            "parent_id": 999,
            "story_id": 1,
            "children": kids,
        }

    head = json.dumps(
        {
            "id": 1,
            "created_at_i": 1735520000,
            "type": "story",
            "author": "op",
            "title": "A big thread",
            "url": "https://example.com/",
            "text": None,
            "points": 100,
            "story_id": 1,
        }
    )
    items = (json.dumps(node(0)).encode() for _ in iter(int, 1))
    _fill(path, (head[:-1] + ', "children": [').encode(), items, b"]}", b", ")


BIG_FORMATS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "copied text": ("big.txt", big_copied_text),
    "ptt.cc HTML": ("big.html", big_html),
    "BBS file (Big5, ANSI)": ("big.big5.txt", big_bbs_big5),
    "crawler JSON": ("big.crawler.json", big_crawler_json),
    "Reddit JSON": ("big.reddit.json", big_reddit_json),
    "HN Algolia JSON": ("big.hn.json", big_hn_json),
}


def measure_big(only: list[str] | None = None) -> dict[str, dict[str, float]]:
    rows: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as d:
        for name, (file_name, make) in BIG_FORMATS.items():
            if only and not any(o.lower() in name.lower() for o in only):
                continue
            path = Path(d) / file_name
            make(path)
            size = path.stat().st_size
            r = run_child("tg", str(path))
            os.unlink(path)
            mb = size / 1048576
            rows[name] = {
                "size_mb": mb,
                "comments": r["count"],
                "seconds": r["seconds"],
                "s_per_mb": r["seconds"] / mb,
                "peak_rss_mb": r["rss_mb"],
                "rss_per_size": r["rss_mb"] / mb,
            }
            rows[name]["pass"] = float(
                rows[name]["s_per_mb"] <= BAR_S_PER_MB and rows[name]["rss_per_size"] <= BAR_MEMORY_FACTOR
            )
            print(name, json.dumps(rows[name]), flush=True)
    return rows


#: The same files before the hardening fixes (parser at the commit before them, same
#: machine): time (s), peak RSS (MB).
BEFORE = {
    "copied text": (23.8, 1085),
    "ptt.cc HTML": (5.2, 406),
    "BBS file (Big5, ANSI)": (16.7, 728),
    "crawler JSON": (8.7, 705),
    "Reddit JSON": (8.7, 623),
    "HN Algolia JSON": (4.8, 417),
}


def before_table(rows: dict[str, dict[str, float]]) -> list[str]:
    lines = [
        "| format | time before → after (s) | peak RSS before → after (MB) | RSS / size before |",
        "|---|---:|---:|---:|",
    ]
    for name, r in rows.items():
        if name in BEFORE:
            t, rss = BEFORE[name]
            lines.append(
                f"| {name} | {t:.1f} → {r['seconds']:.1f} | {rss} → "
                f"{r['peak_rss_mb']:.0f} | {rss / r['size_mb']:.1f}× |"
            )
    return lines


def big_table(rows: dict[str, dict[str, float]]) -> list[str]:
    lines = [
        "| format | size (MB) | comments | time (s) | s/MB | peak RSS (MB) | RSS / size | bar |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, r in rows.items():
        lines.append(
            f"| {name} | {r['size_mb']:.1f} | {r['comments']:,.0f} | {r['seconds']:.1f} "
            f"| {r['s_per_mb']:.2f} | {r['peak_rss_mb']:.0f} | {r['rss_per_size']:.1f}× "
            f"| {'pass' if r['pass'] else '**FAIL**'} |"
        )
    return lines


def main(big_only: bool = False, only: list[str] | None = None) -> None:
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    previous: dict[str, object] = {}
    if (out_dir / "parse.json").exists():
        previous = json.loads((out_dir / "parse.json").read_text(encoding="utf-8"))
    if big_only and "rows" in previous:
        rows = previous["rows"]
        sizes = previous.get("sizes_mb", {"html": 0.0, "text": 0.0})
        assert isinstance(rows, dict) and isinstance(sizes, dict)
    else:
        with tempfile.TemporaryDirectory() as d:
            html_path = Path(d) / "big.html"
            text_path = Path(d) / "big.txt"
            html_path.write_text(html_thread(N), encoding="utf-8")
            text_path.write_text(copied_text_thread(N), encoding="utf-8")
            sizes = {"html": html_path.stat().st_size / 1e6, "text": text_path.stat().st_size / 1e6}
            rows = {
                "threadgist, HTML": measure("tg", str(html_path)),
                "threadgist, HTML, generic path only": measure("tg-generic", str(html_path)),
                "threadgist, copied text": measure("tg", str(text_path)),
                "baseline BeautifulSoup(html.parser), HTML": measure("bs4", str(html_path)),
            }
    big = measure_big(only)
    if only and isinstance(previous.get("big"), dict):
        big = {**previous["big"], **big}  # type: ignore[dict-item]
    speedup = (
        rows["baseline BeautifulSoup(html.parser), HTML"]["median_s"] / rows["threadgist, HTML"]["median_s"]
    )
    lines = [
        f"# Parse benchmark: {N:,} pushes",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{REPEAT} runs each in a fresh process (median; peak RSS = max). "
        f"HTML {sizes['html']:.1f} MB, copied text {sizes['text']:.1f} MB.",
        "",
        "| parser | median (s) | best (s) | peak RSS (MB) |",
        "|---|---:|---:|---:|",
    ]
    for name, r in rows.items():
        lines.append(f"| {name} | {r['median_s']:.3f} | {r['min_s']:.3f} | {r['peak_rss_mb']:.0f} |")
    lines += [
        "",
        f"HTML speed-up over the baseline: **{speedup:.1f}×** (target ≥ 5×).",
        "Targets: a 20,000-push thread under 0.5 s and under 200 MB peak RSS.",
        "Peak RSS includes the interpreter and imports (a bare Python process is ~10 MB).",
        "",
        "# The largest accepted files (64 MB)",
        "",
        f"Bar: no input up to 64 MB takes more than {BAR_S_PER_MB:g} s per MB or "
        f"{BAR_MEMORY_FACTOR}× its size in memory (≤ 640 MB peak RSS for 64 MB). One run "
        "each in a fresh process: `load_path` (read, decode, sniff, parse) and the comment "
        "count; MB = 2^20 bytes; peak RSS includes the interpreter. Generated by "
        "`benchmarks/bench_parse.py` (deterministic).",
        "",
        *big_table(big),
        "",
        "Before the hardening fixes (every line of the file held at once, a regex `sub` over "
        "the whole file to strip ANSI, a `dict` per JSON object, a datetime and a tag string "
        "per push):",
        "",
        *before_table(big),
    ]
    (out_dir / "parse.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out_dir / "parse.json").write_text(
        json.dumps(
            {"pushes": N, "rows": rows, "html_speedup": speedup, "sizes_mb": sizes, "big": big}, indent=2
        )
        + "\n",
        encoding="utf-8",
    )
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 2 and sys.argv[1] == "--big-only":
        main(big_only=True, only=sys.argv[2:] or None)
    else:
        main()

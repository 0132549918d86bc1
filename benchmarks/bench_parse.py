"""Parse speed and memory on a 20,000-push thread (HTML and copied text), side by
side with a crawler-style BeautifulSoup baseline on the same HTML.

Each measurement runs in its own subprocess so that peak RSS belongs to it alone.
Writes benchmarks/results/parse.md and parse.json.
"""

from __future__ import annotations

import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from threadgen import copied_text_thread, html_thread  # noqa: E402

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
        pushes.append((
            tag.get_text().strip(),
            push.find("span", class_="push-userid").get_text().strip(),
            push.find("span", class_="push-content").get_text()[1:].strip(),
            push.find("span", class_="push-ipdatetime").get_text().strip(),
        ))
    return len(pushes)


def threadgist_parse(path: str) -> int:
    from threadgist.thread import load_path

    return load_path(path).threads[0].stats.comments


def threadgist_generic(path: str) -> int:
    """The HTML parser with its whole-push fast path turned off."""
    from threadgist.thread.ptt_html import parse_html

    with open(path, encoding="utf-8") as f:
        return parse_html(f.read(), encoding="utf-8", fast=False).stats.comments


def child(kind: str, path: str) -> None:
    """Run one parse in this process; print seconds, count and peak RSS (MB)."""
    fn = {"bs4": baseline_bs4, "tg": threadgist_parse, "tg-generic": threadgist_generic}[kind]
    if kind != "bs4":
        import threadgist.thread  # noqa: F401  (import cost is not parse time)
    else:
        import bs4  # noqa: F401
    t0 = time.perf_counter()
    count = fn(path)
    dt = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": dt, "count": count, "rss_mb": rss_mb}))


def measure(kind: str, path: str) -> dict[str, float]:
    runs = []
    for _ in range(REPEAT):
        out = subprocess.run(
            [sys.executable, __file__, "--child", kind, path],
            check=True, capture_output=True, text=True,
        ).stdout
        runs.append(json.loads(out))
    counts = {r["count"] for r in runs}
    assert counts == {N}, f"{kind} read {counts} pushes, expected {N}"
    return {
        "median_s": statistics.median(r["seconds"] for r in runs),
        "min_s": min(r["seconds"] for r in runs),
        "peak_rss_mb": max(r["rss_mb"] for r in runs),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        html_path = Path(d) / "big.html"
        text_path = Path(d) / "big.txt"
        html_path.write_text(html_thread(N), encoding="utf-8")
        text_path.write_text(copied_text_thread(N), encoding="utf-8")
        sizes = {"html": html_path.stat().st_size, "text": text_path.stat().st_size}
        rows = {
            "threadgist, HTML": measure("tg", str(html_path)),
            "threadgist, HTML, generic path only": measure("tg-generic", str(html_path)),
            "threadgist, copied text": measure("tg", str(text_path)),
            "baseline BeautifulSoup(html.parser), HTML": measure("bs4", str(html_path)),
        }
    speedup = rows["baseline BeautifulSoup(html.parser), HTML"]["median_s"] / rows[
        "threadgist, HTML"]["median_s"]
    lines = [
        f"# Parse benchmark: {N:,} pushes",
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{REPEAT} runs each in a fresh process (median; peak RSS = max). "
        f"HTML {sizes['html'] / 1e6:.1f} MB, copied text {sizes['text'] / 1e6:.1f} MB.",
        "",
        "| parser | median (s) | best (s) | peak RSS (MB) |",
        "|---|---:|---:|---:|",
    ]
    for name, r in rows.items():
        lines.append(
            f"| {name} | {r['median_s']:.3f} | {r['min_s']:.3f} | {r['peak_rss_mb']:.0f} |"
        )
    lines += [
        "",
        f"HTML speed-up over the baseline: **{speedup:.1f}×** (target ≥ 5×).",
        "Targets: a 20,000-push thread under 0.5 s and under 200 MB peak RSS.",
        "Peak RSS includes the interpreter and imports (a bare Python process is ~10 MB).",
    ]
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "parse.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out_dir / "parse.json").write_text(
        json.dumps({"pushes": N, "rows": rows, "html_speedup": speedup}, indent=2) + "\n",
        encoding="utf-8",
    )
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        main()

"""bench_gui.py over several checkouts in turns, in one sitting: the same machine, the same
virtualenv and this tree's bench script, each checkout's package put first on PYTHONPATH.

    python benchmarks/compare_gui.py [--rounds 3] [--out FILE.json] LABEL=CHECKOUT ...

Round by round, every checkout is measured once before any is measured again, so that a
machine getting busier or quieter weighs on all of them alike. Prints a Markdown table
of each run's figures (absolute times are the machine's; the ratios are what compare)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

#: (label, how to read it from a run's gui.json, unit)
ROWS: tuple[tuple[str, tuple[str, str], str], ...] = (
    ("start-up ÷ the floor (same widgets, no app code)", ("startup", "over_floor"), "×"),
    ("start-up ÷ a bare window", ("startup", "ratio"), "×"),
    ("start-up, launch → first painted frame", ("startup", "threadgist_s"), " s"),
    ("the floor, launch → first painted frame", ("startup", "floor_s"), " s"),
    ("20,000-push thread, open → list painted", ("big_open", "open_to_painted_s"), " s"),
    ("cached reopen, open → digest shown (median of 5)", ("cached_reopen", "median_ms"), " ms"),
    ("longest event-loop stall, 3,000-push run", ("stall", "max_ms"), " ms"),
)


def measure(checkout: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "gui.json"
        env = {**os.environ, "PYTHONPATH": str(checkout / "desktop")}
        subprocess.run(
            [sys.executable, str(HERE / "bench_gui.py"), "--json", str(out)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        result: dict[str, Any] = json.loads(out.read_text())
        return result


def table(runs: dict[str, list[dict[str, Any]]]) -> list[str]:
    labels = list(runs)
    lines = [
        "| measure | " + " | ".join(f"{label} ({len(runs[label])} runs)" for label in labels) + " |",
        "|---|" + "---:|" * len(labels),
    ]
    for name, (part, key), unit in ROWS:
        cells = []
        for label in labels:
            values = [run[part][key] for run in runs[label] if part in run and key in run[part]]
            cells.append(" / ".join(f"{v}" for v in values) + unit if values else "–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", type=Path, help="every run's gui.json, by label, in one file")
    ap.add_argument("checkouts", nargs="+", metavar="LABEL=CHECKOUT")
    args = ap.parse_args()
    trees = dict(item.split("=", 1) for item in args.checkouts)
    runs: dict[str, list[dict[str, Any]]] = {label: [] for label in trees}
    for round_no in range(args.rounds):
        for label, path in trees.items():
            print(f"round {round_no + 1}: {label} ({path})", file=sys.stderr, flush=True)
            runs[label].append(measure(Path(path).resolve()))
            if args.out:
                args.out.write_text(json.dumps(runs, indent=2) + "\n")
    print("\n".join(table(runs)))


if __name__ == "__main__":
    main()

"""Peak memory and time of the commands people run, on big files of every format:
``threadgist parse FILE --json`` and ``threadgist summarize FILE --dry-run`` (each in a
fresh process, peak RSS from the kernel's rusage of that process).

Usage: ``python benchmarks/bench_memory.py [SIZE_MB] [FORMAT-SUBSTRING ...]`` (default
64 MB, every format). Prints one JSON line per measurement; the write-up is
benchmarks/results/memory.md. Bar of issue 23: ≤ 10× the input size, ≤ 2 s/MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_parse  # noqa: E402

COMMANDS = {
    "parse --json": ["parse", "{file}", "--json"],
    "summarize --dry-run": ["summarize", "{file}", "--dry-run"],
}


def run_measured(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run ``argv`` in a child; return (seconds, peak RSS in MB of that child)."""
    code = (
        "import resource, subprocess, sys, time, json\n"
        "t0 = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "dt = time.perf_counter() - t0\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps([dt, rss, p.returncode, p.stderr.decode(errors='replace')[-400:]]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env, check=True
    )
    seconds, rss, rc, err = json.loads(out.stdout)
    if rc != 0:
        raise RuntimeError(f"{argv} exited {rc}: {err}")
    return float(seconds), float(rss)


def main(size_mb: int, only: list[str]) -> None:
    bench_parse.BIG_BYTES = size_mb * 1024 * 1024
    exe = str(Path(sys.executable).with_name("threadgist"))
    with tempfile.TemporaryDirectory() as d:
        env = {
            **os.environ,
            "THREADGIST_HOME": d,
            "XDG_CONFIG_HOME": d,
            "XDG_DATA_HOME": d,
            "XDG_CACHE_HOME": d,
        }
        for name, (file_name, make) in bench_parse.BIG_FORMATS.items():
            if only and not any(o.lower() in name.lower() for o in only):
                continue
            path = Path(d) / file_name
            make(path)
            mb = path.stat().st_size / 1048576
            for label, argv in COMMANDS.items():
                seconds, rss = run_measured([exe, *(a.format(file=path) for a in argv)], env)
                row = {
                    "format": name,
                    "command": label,
                    "size_mb": round(mb, 1),
                    "seconds": round(seconds, 1),
                    "s_per_mb": round(seconds / mb, 2),
                    "peak_rss_mb": round(rss),
                    "rss_per_size": round(rss / mb, 2),
                }
                print(json.dumps(row, ensure_ascii=False), flush=True)
            os.unlink(path)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 64, sys.argv[2:])

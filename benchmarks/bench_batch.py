"""Batch benchmark: a board's worth of articles from one crawler JSON file, digested by
`threadgist batch` (a process of its own, as a user runs it) against the scripted server
at a fixed latency per call and a concurrency of 8.

- wall time against the critical-path bound: total calls × latency / concurrency, or
  the longest single thread's chain of calls (its map waves, then its reduce calls one
  after the other) × latency if that is longer;
- peak RSS of the batch process, against that of a batch of 10 articles of the same
  board (memory must not grow with the number of threads);
- the same board run again: every digest cached, no call.

Two boards: "board" (most articles fit one call, one in six is long enough to be read in
parts, as on a busy board) and "short" (every article fits one call: the least work per
process start, the hardest case for the ratio). Writes benchmarks/results/batch.md and
batch.json.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tests.batchdata import crawler_dump  # noqa: E402
from tests.fakeserver import FakeServer  # noqa: E402

LATENCY = 0.5
CONCURRENCY = 8
ARTICLES = 180
SMALL_BATCH = 10
THREADGIST = [sys.executable, "-m", "threadgist"]


def batch(home: Path, dump: Path, out: Path, srv: FakeServer) -> dict[str, Any]:
    """One `threadgist batch` process: wall time, peak RSS, calls, the run's span."""
    env = {**os.environ, "THREADGIST_HOME": str(home)}
    before = len(srv.chat_requests)
    t0 = time.monotonic()
    proc = subprocess.Popen([*THREADGIST, "batch", str(dump), "--out", str(out), "--yes"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    assert proc.stdout is not None and proc.stderr is not None
    stdout, stderr = proc.stdout.read().decode(), proc.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"batch failed: {stderr[-2000:]}")
    asked = srv.chat_requests[before:]
    rows = [json.loads(line) for line in (out / "index.jsonl").read_text("utf-8").splitlines()]
    chain = 0
    for r in rows:
        doc = json.loads((out / r["json"]).read_text("utf-8"))
        u = doc["usage"]
        if u["map_calls"]:
            waves = math.ceil(u["map_calls"] / CONCURRENCY)
            condensed = 1 if any("condensed" in w for w in doc["warnings"]) else 0
            chain = max(chain, waves + u["reduce_calls"] + condensed)
        else:
            chain = max(chain, u["calls"])
    calls = len(asked)
    bound = max(calls * LATENCY / CONCURRENCY, chain * LATENCY)
    span = (max(s.at for s in asked) + LATENCY - min(s.at for s in asked)) if asked else 0.0
    return {
        "articles": len(rows), "calls": calls, "longest_chain": chain,
        "statuses": {s: sum(r["status"] == s for r in rows) for s in ("ok", "cached", "failed")},
        "wall_s": round(wall, 2), "bound_s": round(bound, 2),
        "ratio": round(wall / bound, 3) if bound else None,
        "first_call_s": round(min(s.at for s in asked) - t0, 2) if asked else None,
        "calls_span_s": round(span, 2),
        "span_ratio": round(span / bound, 3) if bound else None,
        "max_concurrent": srv.max_concurrent,
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "summary": stdout.strip().splitlines()[-1] if stdout.strip() else "",
    }


FLOOR = r"""
import asyncio, sys, time
from threadgist.llm.client import LLMClient
from threadgist.llm.profiles import EndpointProfile
profile = EndpointProfile.from_preset("floor", "custom", base_url=sys.argv[1], model="fake-model")
client = LLMClient(profile, None)

async def main() -> None:
    sem = asyncio.Semaphore(int(sys.argv[3]))

    async def one() -> None:
        async with sem:
            await client.complete_json([{"role": "user", "content": "hi"}], schema_name="x",
                                       schema={"type": "object"}, validate=lambda d: [],
                                       max_tokens=100)

    await asyncio.gather(*(one() for _ in range(int(sys.argv[2]))))
    await client.aclose()

asyncio.run(main())
"""


def floor(srv: FakeServer, calls: int) -> dict[str, Any]:
    """The same number of calls from a bare client (one process: the openai package, a
    semaphore of the same concurrency, nothing else): what this server and client cost."""
    before = len(srv.chat_requests)
    t0 = time.monotonic()
    subprocess.run([sys.executable, "-c", FLOOR, srv.base_url, str(calls), str(CONCURRENCY)],
                   check=True, capture_output=True)
    wall = time.monotonic() - t0
    asked = srv.chat_requests[before:]
    bound = calls * LATENCY / CONCURRENCY
    span = max(s.at for s in asked) + LATENCY - min(s.at for s in asked)
    return {"calls": calls, "wall_s": round(wall, 2), "ratio": round(wall / bound, 3),
            "span_ratio": round(span / bound, 3)}


def board(name: str, dump_text: str, small_text: str, tmp: Path) -> dict[str, Any]:
    result: dict[str, Any] = {"board": name}
    with FakeServer(latency=LATENCY) as srv:
        homes = {k: tmp / name / k for k in ("big", "small")}
        for home in homes.values():
            subprocess.run([*THREADGIST, "endpoints", "add", "bench", "--preset", "custom",
                            "--base-url", srv.base_url, "--model", "fake-model",
                            "--concurrency", str(CONCURRENCY)],
                           env={**os.environ, "THREADGIST_HOME": str(home)}, check=True,
                           capture_output=True)
        dump, small = tmp / name / "board.json", tmp / name / "small.json"
        dump.write_text(dump_text, "utf-8")
        small.write_text(small_text, "utf-8")
        srv.max_concurrent = 0
        result["small"] = batch(homes["small"], small, tmp / name / "out-small", srv)
        srv.max_concurrent = 0
        result["run"] = batch(homes["big"], dump, tmp / name / "out", srv)
        srv.max_concurrent = 0
        result["again"] = batch(homes["big"], dump, tmp / name / "out", srv)
        result["floor"] = floor(srv, result["run"]["calls"])
    result["rss_ratio"] = round(result["run"]["peak_rss_mb"] / result["small"]["peak_rss_mb"], 3)
    return result


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="tg-bench-batch-"))
    load = os.getloadavg()
    try:
        boards = [
            board("board", crawler_dump(ARTICLES, small=(5, 120), big_every=6, big=600),
                  crawler_dump(SMALL_BATCH, small=(5, 120), big_every=6, big=600), tmp),
            board("short", crawler_dump(ARTICLES, small=(5, 120)),
                  crawler_dump(SMALL_BATCH, small=(5, 120)), tmp),
        ]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    doc = {"latency_s": LATENCY, "concurrency": CONCURRENCY, "cpus": os.cpu_count(),
           "load_before": [round(x, 2) for x in load],
           "load_after": [round(x, 2) for x in os.getloadavg()], "boards": boards}
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "batch.json").write_text(json.dumps(doc, indent=1) + "\n", "utf-8")
    (out / "batch.md").write_text(markdown(doc), "utf-8")
    print(markdown(doc))


def markdown(doc: dict[str, Any]) -> str:
    lines = [
        "# Batch: a board's worth",
        "",
        f"`python benchmarks/bench_batch.py`: `threadgist batch` in a process of its own, on "
        f"{ARTICLES} articles of one crawler JSON file, against the scripted server "
        f"(`tests/fakeserver.py`) at {doc['latency_s']} s per call and a concurrency of "
        f"{doc['concurrency']}; {doc['cpus']} CPUs, load average "
        f"{doc['load_before'][0]} before and {doc['load_after'][0]} after (other work on "
        "the machine slows the batch). The bound is the critical path: calls × latency ÷ "
        "concurrency, or the longest thread's chain of calls × latency when longer. *Wall* "
        "is the whole command (start-up, reading and planning the file, the estimate, the "
        "calls, the index); *span* is the first call's start to the last call's end.",
        "",
        "| board | articles | calls | longest chain | bound | wall | wall ÷ bound | span | "
        "span ÷ bound | first call after | most at once | peak RSS | RSS of 10 articles | "
        "ratio | CPU |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for b in doc["boards"]:
        r, s = b["run"], b["small"]
        lines.append(
            f"| {b['board']} | {r['articles']} | {r['calls']} | {r['longest_chain']} | "
            f"{r['bound_s']} s | {r['wall_s']} s | **{r['ratio']}** | {r['calls_span_s']} s | "
            f"{r['span_ratio']} | {r['first_call_s']} s | {r['max_concurrent']} | "
            f"{r['peak_rss_mb']} MB | {s['peak_rss_mb']} MB | **{b['rss_ratio']}** | "
            f"{r['cpu_s']} s |")
    lines += ["", "The floor: the same number of calls from a bare `LLMClient` in a process of its "
              "own (the openai package and a semaphore of the same concurrency, nothing else) "
              "against the same server — what this server and client cost before any work of "
              "the batch:", "",
              "| board | calls | wall | wall ÷ bound | span ÷ bound |", "|---|---|---|---|---|"]
    for b in doc["boards"]:
        f = b["floor"]
        lines.append(f"| {b['board']} | {f['calls']} | {f['wall_s']} s | {f['ratio']} | "
                     f"{f['span_ratio']} |")
    lines += ["", "The same board again (every digest cached):", "",
              "| board | calls | wall | statuses |", "|---|---|---|---|"]
    for b in doc["boards"]:
        a = b["again"]
        lines.append(f"| {b['board']} | {a['calls']} | {a['wall_s']} s | {a['statuses']} |")
    lines += ["", "Bars: wall ≤ 1.2 × bound; peak RSS ≤ 1.5 × that of the 10-article batch.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()

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
process start, the hardest case for the ratio). Each board's batch runs ``--runs`` times
(3), each in a fresh home (with the tokenizer's tables already kept, as after any
earlier run of the app), as does the floor; the median run is reported, with every
ratio. The scripted server keeps its connections alive and sends without delay
(TCP_NODELAY), as real servers do; ``--close`` runs it as it answers the tests instead, a
new connection for every request. Writes benchmarks/results/batch.md and batch.json
(batch-close.md and .json with ``--close``).
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
    proc = subprocess.Popen(
        [*THREADGIST, "batch", str(dump), "--out", str(out), "--yes"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
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
    first = min(s.at for s in asked) - t0 if asked else None
    return {
        "articles": len(rows),
        "calls": calls,
        "longest_chain": chain,
        "statuses": {s: sum(r["status"] == s for r in rows) for s in ("ok", "cached", "failed")},
        "wall_s": round(wall, 2),
        "bound_s": round(bound, 2),
        "ratio": round(wall / bound, 3) if bound else None,
        "first_call_s": round(first, 2) if first is not None else None,
        "calls_span_s": round(span, 2),
        # from the last call's end to the process's
        "after_calls_s": round(wall - first - span, 2) if first is not None else None,
        "span_ratio": round(span / bound, 3) if bound else None,
        "max_concurrent": srv.max_concurrent,
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "summary": stdout.strip().splitlines()[-1] if stdout.strip() else "",
    }


FLOOR = r"""
import asyncio, json, sys, time
from threadgist.llm.client import LLMClient
from threadgist.llm.profiles import EndpointProfile
profile = EndpointProfile.from_preset("floor", "custom", base_url=sys.argv[1], model="fake-model")
client = LLMClient(profile, None)
with open(sys.argv[2], encoding="utf-8") as f:
    requests = json.load(f)

async def main() -> None:
    sem = asyncio.Semaphore(int(sys.argv[3]))

    async def one(body: dict) -> None:
        schema = (body.get("response_format") or {}).get("json_schema") or {}
        async with sem:
            await client.complete_json(body["messages"], schema_name=schema.get("name", "x"),
                                       schema=schema.get("schema", {"type": "object"}),
                                       validate=lambda d: [], max_tokens=body["max_tokens"])

    await asyncio.gather(*(one(b) for b in requests))
    await client.aclose()

asyncio.run(main())
"""


def floor(srv: FakeServer, asked: list[Any], tmp: Path) -> dict[str, Any]:
    """The batch's own requests again, from a bare client (one process: the openai
    package, a semaphore of the same concurrency, no dependency between the calls,
    nothing else), so the same answers come back: what this server and client cost."""
    requests = tmp / "requests.json"
    requests.write_text(json.dumps([s.body for s in asked], ensure_ascii=False), "utf-8")
    calls = len(asked)
    before = len(srv.chat_requests)
    t0 = time.monotonic()
    subprocess.run(
        [sys.executable, "-c", FLOOR, srv.base_url, str(requests), str(CONCURRENCY)],
        check=True,
        capture_output=True,
    )
    wall = time.monotonic() - t0
    replayed = srv.chat_requests[before:]
    assert len(replayed) == calls
    bound = calls * LATENCY / CONCURRENCY
    first = min(s.at for s in replayed)
    span = max(s.at for s in replayed) + LATENCY - first
    return {
        "calls": calls,
        "wall_s": round(wall, 2),
        "ratio": round(wall / bound, 3),
        "first_call_s": round(first - t0, 2),
        "span_ratio": round(span / bound, 3),
        "after_calls_s": round(wall - (first - t0) - span, 2),
    }


def board(
    name: str, dump_text: str, small_text: str, tmp: Path, runs: int, keep_alive: bool
) -> dict[str, Any]:
    result: dict[str, Any] = {"board": name}
    with FakeServer(latency=LATENCY, keep_alive=keep_alive) as srv:

        def home(key: str) -> Path:
            path = tmp / name / key
            subprocess.run(
                [
                    *THREADGIST,
                    "endpoints",
                    "add",
                    "bench",
                    "--preset",
                    "custom",
                    "--base-url",
                    srv.base_url,
                    "--model",
                    "fake-model",
                    "--concurrency",
                    str(CONCURRENCY),
                ],
                env={**os.environ, "THREADGIST_HOME": str(path)},
                check=True,
                capture_output=True,
            )
            # the tokenizer's tables kept, as after any earlier run of the app (a first run
            # on a new machine makes them: 0.2-0.3 s once)
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "from threadgist.digest.tokens import get_encoding as g; g('o200k_base')",
                ],
                env={**os.environ, "THREADGIST_HOME": str(path)},
                check=True,
                capture_output=True,
            )
            return path

        dump, small = tmp / name / "board.json", tmp / name / "small.json"
        dump.parent.mkdir(parents=True, exist_ok=True)
        dump.write_text(dump_text, "utf-8")
        small.write_text(small_text, "utf-8")
        srv.max_concurrent = 0
        result["small"] = batch(home("small"), small, tmp / name / "out-small", srv)
        tries = []
        for i in range(runs):  # each in a fresh home: nothing cached
            srv.max_concurrent = 0
            before = len(srv.chat_requests)
            big = home(f"big{i}")
            run = batch(big, dump, tmp / name / f"out{i}", srv)
            tries.append((run, srv.chat_requests[before:], big, tmp / name / f"out{i}"))
        tries.sort(key=lambda t: t[0]["ratio"])
        result["run"], asked, big, out = tries[len(tries) // 2]
        result["ratios"] = [t[0]["ratio"] for t in tries]
        srv.max_concurrent = 0
        result["again"] = batch(big, dump, out, srv)
        floors = sorted((floor(srv, asked, tmp / name) for _ in range(runs)), key=lambda f: f["ratio"])
        result["floor"] = floors[len(floors) // 2]
        result["floor_ratios"] = [f["ratio"] for f in floors]
    result["rss_ratio"] = round(result["run"]["peak_rss_mb"] / result["small"]["peak_rss_mb"], 3)
    return result


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="batch runs per board (median shown)")
    ap.add_argument(
        "--close", action="store_true", help="the scripted server closes each connection after its answer"
    )
    args = ap.parse_args()
    keep_alive = not args.close
    tmp = Path(tempfile.mkdtemp(prefix="tg-bench-batch-"))
    load = os.getloadavg()
    try:
        boards = [
            board(
                "board",
                crawler_dump(ARTICLES, small=(5, 120), big_every=6, big=600),
                crawler_dump(SMALL_BATCH, small=(5, 120), big_every=6, big=600),
                tmp,
                args.runs,
                keep_alive,
            ),
            board(
                "short",
                crawler_dump(ARTICLES, small=(5, 120)),
                crawler_dump(SMALL_BATCH, small=(5, 120)),
                tmp,
                args.runs,
                keep_alive,
            ),
        ]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    doc = {
        "latency_s": LATENCY,
        "concurrency": CONCURRENCY,
        "cpus": os.cpu_count(),
        "server": "keep-alive" if keep_alive else "close",
        "runs": args.runs,
        "load_before": [round(x, 2) for x in load],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "boards": boards,
    }
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    stem = "batch" if keep_alive else "batch-close"
    (out / f"{stem}.json").write_text(json.dumps(doc, indent=1) + "\n", "utf-8")
    (out / f"{stem}.md").write_text(markdown(doc), "utf-8")
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
        "the machine slows the batch). "
        + (
            "The server keeps its connections alive and sends without delay (TCP_NODELAY), "
            "as real servers do. "
            if doc.get("server", "close") == "keep-alive"
            else "The server closes each connection after its answer (as it answers the tests): "
            "a new connection for every request. "
        )
        + f"Each board ran {doc.get('runs', 1)} times, each in a fresh home (the tokenizer's "
        "tables kept, as after any earlier run of the app); the median run "
        "is shown, and every run's ratio. The bound is the critical path: calls × latency ÷ "
        "concurrency, or the longest thread's chain of calls × latency when longer; the "
        "calls come in whole waves of the concurrency, so no run's calls take less than "
        "*whole waves* (⌈calls ÷ concurrency⌉ × latency). *Wall* is the whole command "
        "(start-up, reading and planning the file, the calls, the index; `--yes`, so no "
        "estimate); *span* is the first call's start to the last call's end; *first call "
        "after* is the time from launch to the first call, *after the calls* from the last "
        "call's end to the process's.",
        "",
        "| board | articles | calls | longest chain | bound | whole waves | wall | "
        "wall ÷ bound | every run | span | span ÷ bound | first call after | after the "
        "calls | most at once | peak RSS | RSS of 10 articles | ratio | CPU |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for b in doc["boards"]:
        r, s = b["run"], b["small"]
        waves = math.ceil(r["calls"] / doc["concurrency"]) * doc["latency_s"]
        every = ", ".join(str(x) for x in b.get("ratios", [r["ratio"]]))
        lines.append(
            f"| {b['board']} | {r['articles']} | {r['calls']} | {r['longest_chain']} | "
            f"{r['bound_s']} s | {waves:g} s | {r['wall_s']} s | **{r['ratio']}** | {every} | "
            f"{r['calls_span_s']} s | {r['span_ratio']} | {r['first_call_s']} s | "
            f"{r['after_calls_s']} s | {r['max_concurrent']} | {r['peak_rss_mb']} MB | "
            f"{s['peak_rss_mb']} MB | **{b['rss_ratio']}** | {r['cpu_s']} s |"
        )
    lines += [
        "",
        "The floor: the batch's own requests sent again (so the same answers come "
        "back) from a bare `LLMClient` in a process of its own — the openai package and "
        "a semaphore of the same concurrency, no dependency between the calls, nothing "
        "else — against the same server: what this server and client cost before any "
        "work of the batch.",
        "",
        "| board | calls | wall | wall ÷ bound | every run | first call after | "
        "span ÷ bound | after the calls |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for b in doc["boards"]:
        f = b["floor"]
        every = ", ".join(str(x) for x in b.get("floor_ratios", [f["ratio"]]))
        lines.append(
            f"| {b['board']} | {f['calls']} | {f['wall_s']} s | {f['ratio']} | "
            f"{every} | {f['first_call_s']} s | {f['span_ratio']} | "
            f"{f['after_calls_s']} s |"
        )
    lines += [
        "",
        "The same board again (every digest cached):",
        "",
        "| board | calls | wall | statuses |",
        "|---|---|---|---|",
    ]
    for b in doc["boards"]:
        a = b["again"]
        lines.append(f"| {b['board']} | {a['calls']} | {a['wall_s']} s | {a['statuses']} |")
    lines += [
        "",
        "Bars: wall ≤ 1.2 × bound; peak RSS ≤ 1.5 × that of the 10-article batch. "
        "Where the time goes, and what was done about it: `batch-time.md`"
        + (
            "; the same runs against the server closing each connection (as it answers "
            "the tests): `batch-close.md`."
            if doc.get("server") == "keep-alive"
            else "."
        ),
        "",
    ]
    for b in doc["boards"]:
        ratios = b.get("ratios", [b["run"]["ratio"]])
        met = sum(r <= 1.2 for r in ratios)
        verdict = (
            "met in every run"
            if met == len(ratios)
            else f"met in {met} of {len(ratios)} runs"
            if met
            else "not met in any run"
        )
        lines.append(
            f"- {b['board']}: wall ≤ 1.2 × bound {verdict} (median "
            f"{b['run']['ratio']}; the bare client's floor {b['floor']['ratio']}); "
            f"RSS ratio {b['rss_ratio']} (≤ 1.5: "
            f"{'met' if b['rss_ratio'] <= 1.5 else 'not met'})."
        )
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()

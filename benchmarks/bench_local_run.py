"""A 150-comment thread summarized on a local model through the built-in engine, as the
app runs it: time to the first visible progress after "Summarize", time to the first
figure that moves (the prompt being read), total time, and the calls the estimate
promised beside the calls the run made.

    python benchmarks/bench_local_run.py [--model FILE.gguf] [--threads 2] [--comments 150]

Default model: Qwen2.5-Coder-1.5B-Instruct Q4_K_M from ../shared/tools/get-qwen-1.5b.sh
(~/.cache/threadgist-bench-models/). Writes benchmarks/results/local-run.md and .json.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
THREAD = ROOT / "benchmarks/quality/threads/Gossiping_M.1540789539.A.78D_article77-of-114.crawler.json"
ARTICLE = 77  # the 320-push article of the crawler file
QWEN = Path.home() / ".cache/threadgist-bench-models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, default=QWEN)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--comments", type=int, default=150)
    args = ap.parse_args()
    if not args.model.is_file():
        print(f"no model at {args.model}: run ../shared/tools/get-qwen-1.5b.sh", file=sys.stderr)
        return 2
    os.environ["THREADGIST_HOME"] = tempfile.mkdtemp(prefix="tg-bench-")  # an empty cache

    from threadgist.digest.pipeline import Progress, Summarizer
    from threadgist.llm.profiles import EndpointProfile
    from threadgist.services import Services
    from threadgist.services.estimate import estimate
    from threadgist.thread import load_path

    full = load_path(str(THREAD)).threads[ARTICLE - 1]
    thread = dataclasses.replace(full, comments=full.comments[: args.comments])
    services = Services()
    profile = EndpointProfile.from_preset("bench", "builtin", model=str(args.model), threads=args.threads)
    est = estimate(services, thread, profile)
    events: list[tuple[float, Progress]] = []
    pressed = time.monotonic()

    async def go() -> Any:
        # what the GUI does on Summarize: say the engine is starting, start it, run
        events.append((time.monotonic() - pressed, Progress("engine", 0, 1, 0, 0)))
        client = await asyncio.to_thread(services.client, profile)
        s = Summarizer(
            thread,
            client,
            services.counter(profile),
            cache=services.cache,
            progress=lambda p: events.append((time.monotonic() - pressed, p)),
        )
        try:
            return await s.run()
        finally:
            await client.aclose()

    digest = asyncio.run(go())
    total = time.monotonic() - pressed
    services.close()
    first_reading = next((t for t, p in events if p.prompt_size), None)
    first_figure = next((t for t, p in events if p.prompt_read or p.completion_tokens), None)
    result = {
        "model": args.model.name,
        "threads": args.threads,
        "comments": len(thread.comments),
        "first_progress_s": round(events[0][0], 3),
        "first_prompt_reading_s": round(first_reading, 2) if first_reading else None,
        "first_moving_figure_s": round(first_figure, 2) if first_figure else None,
        "total_s": round(total, 1),
        "estimated_calls": est.calls,
        "calls": digest.usage.calls,
        "planned_calls": digest.meta.planned_calls,
        "changes": digest.meta.changes,
        "prompt_tokens": digest.usage.prompt_tokens,
        "completion_tokens": digest.usage.completion_tokens,
        "verdict": digest.reliability.level,
        "load_average": os.getloadavg()[0],
    }
    out = ROOT / "benchmarks/results"
    (out / "local-run.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    rows = "\n".join(f"| {k} | {v} |" for k, v in result.items())
    (out / "local-run.md").write_text(
        "# A 150-comment thread on a local model (built-in engine)\n\n"
        f"Thread: the first {len(thread.comments)} comments of article {ARTICLE} of "
        f"`{THREAD.name}`; model "
        f"`{args.model.name}`, {args.threads} CPU threads, 8k context, an empty cache. "
        "Times count from pressing Summarize (the GUI's path: engine start, calibration, "
        "run).\n\n| measure | value |\n|---|---|\n" + rows + "\n"
    )
    print(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

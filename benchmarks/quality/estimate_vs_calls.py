"""The estimate shown before a run beside the calls the run made, on the labelled threads,
for the reference models of the last `make quality` (benchmarks/results/quality.json).

The estimate is what the app shows before Summarize: the plan from the preset's context
(8k) and local token counts, with no request made — on a fresh install (no token counts
learnt yet) and after the model has run once here (the tokenizer factor the quality run
learnt, in the user's cache). The calls are what the quality run counted, retries, repairs
and re-splits included.

    python benchmarks/quality/estimate_vs_calls.py   → benchmarks/results/estimate-calls.md
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE.parent / "results"
QWEN = Path.home() / ".cache/threadgist-bench-models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
CONTEXT = 8192


def main() -> int:
    from threadgist.digest.labels import load_set
    from threadgist.llm.capabilities import Capabilities
    from threadgist.llm.profiles import EndpointProfile
    from threadgist.services import Services
    from threadgist.services.estimate import estimate

    doc = json.loads((RESULTS / "quality.json").read_text())
    threads = {t.name: t for t in load_set(HERE)}
    learnt = Services()  # the user's cache: what the quality run learnt of each model
    fresh = Services(caps=Capabilities(None))  # nothing learnt yet
    models = {"SmolLM2": "local", "Qwen": str(QWEN)}  # "local": the bundled model
    rows, within, within_fresh, total = [], 0, 0, 0
    for run in doc["runs"]:
        key = next((k for k in models if run["label"].startswith(k)), None)
        if key is None or "single" not in run["label"]:
            continue
        profile = EndpointProfile.from_preset(
            "reference", "builtin", model=models[key], context_window=CONTEXT
        )
        for t in run["threads"]:
            lt = threads.get(t["name"])
            if lt is None or t.get("error"):
                continue
            thread = dataclasses.replace(lt.thread)
            first = estimate(fresh, thread, profile, "auto", reuse=False)
            e = estimate(learnt, thread, profile, "auto", reuse=False)
            diff = t["calls"] - e.calls
            total += 1
            within += abs(diff) <= 1
            within_fresh += abs(t["calls"] - first.calls) <= 1
            rows.append(f"| {key} | {t['name']} | {first.calls} | {e.calls} | {t['calls']} | {diff:+d} |")
    learnt.close()
    fresh.close()
    text = (
        "# The estimate before a run beside the calls it made\n\n"
        "Labelled threads, reference models of the last `make quality` (8k context, built-in "
        "engine). Estimate: the plan the app shows before Summarize (no request made). "
        "Calls: what the run counted, retries, repairs and re-splits included.\n\n"
        "| model | thread | estimate, fresh install | estimate after one run | calls made | "
        "difference |\n|---|---|---:|---:|---:|---:|\n"
        + "\n".join(rows)
        + f"\n\nWithin ±1 call: **{within} of {total}** runs once the model has run here; "
        f"{within_fresh} of {total} on a fresh install, where the local token count is "
        "a conservative guess.\n"
    )
    (RESULTS / "estimate-calls.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

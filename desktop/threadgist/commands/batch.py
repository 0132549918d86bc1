"""threadgist batch: the estimate, the question, then the batch through
:class:`~threadgist.services.batch.BatchRun` (the app's path too), and what it did."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from ..llm.errors import EndpointError
from ..services import Services
from ..services.batch import BatchRun, Totals
from ..services.batch_endpoint import BatchEndpoints
from ..services.batch_estimate import BatchEstimate
from ..services.batch_index import INDEX_CSV, INDEX_JSONL
from ..services.batch_items import Source
from ..services.batch_store import BatchCapabilities, batch_services
from ..services.outlock import OutputBusy, OutputLock
from . import EXIT_BAD_FILE, EXIT_BUSY, EXIT_ENDPOINT, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, EXIT_WRITE
from .batch_ask import confirmed, planned
from .batch_bar import Bar, CallsLeft, print_lines, run_with_bar
from .batch_inputs import expand_inputs
from .batch_report import client_lines, estimate_lines, summary_line
from .common import (
    CommandError,
    add_pipeline_option,
    err,
    resolve_profile,
    seconds,
    tell_cache,
    unkept,
)

_DESCRIPTION = (
    "Summarize every thread of the INPUTs: thread files, folders of them, crawler "
    "JSON files holding many articles, thread addresses. Each thread's digest goes "
    "to DIR as <board>_<title>_<hash>.json and .md; DIR/index.csv and index.jsonl "
    "list every thread with its counts, shares, main viewpoints and digressions, "
    "endpoint, model, tokens and status; they are written when every thread is done "
    "(until then each finished thread's row is added to index.jsonl.part and "
    "index.csv.part). Threads run concurrently within the "
    "endpoint's concurrency; several --endpoint options make a pool of servers "
    "serving the same model, a request that fails on one going to another. "
    "Everything done is cached: run the same command again after an interruption "
    "and only the unfinished threads make calls. Exit codes: 0 every thread has a "
    "digest, 2 usage, 3 an input could not be read, 4 some threads failed (listed "
    "in the index), 6 DIR or a file in it (or the result cache) could not be written, "
    "70 an internal error (its traceback in the log file), 75 another batch is "
    "writing DIR, 78 endpoints.json is damaged where the endpoint is, 130 interrupted."
)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "batch",
        help="summarize many threads: a digest of each and one index",
        description=_DESCRIPTION,
    )
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="a thread file, a folder of them, a crawler JSON file or a thread's URL",
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="where the digests and the index go")
    parser.add_argument(
        "--endpoint",
        action="append",
        metavar="NAME",
        help="endpoint profile (default: the default one); give it again for a "
        "pool of endpoints serving the same model",
    )
    parser.add_argument("--model", metavar="M", help="use this model instead of the profiles'")
    parser.add_argument(
        "--lang",
        choices=("auto", "zh-TW", "en"),
        default="auto",
        help="output language (auto: each thread's language)",
    )
    add_pipeline_option(parser)
    _add_run_options(parser)
    parser.set_defaults(run=run)


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    """How the batch starts (the question, the estimate only) and where its requests go."""
    parser.add_argument(
        "--yes",
        "-y",
        action="store_true",
        help="start at once, without the estimate and the question (needed when "
        "stdin is not a terminal; --dry-run shows the estimate)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="make no request: print the estimate (threads, calls, tokens, cost)",
    )
    parser.add_argument(
        "--openai-batch",
        action="store_true",
        help="send the requests through OpenAI's Batch API (half the price, "
        "answers within 24 hours; the endpoint must offer /files and "
        "/batches): the command waits for the batches; interrupted, the "
        "same command takes up the batches it created",
    )
    parser.add_argument(
        "--poll",
        type=seconds,
        default=30.0,
        metavar="SECONDS",
        help="with --openai-batch: seconds between looks at a batch (default 30)",
    )


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CommandError(f"--out {out}: not a folder", EXIT_WRITE)
    services = batch_services()
    names: list[str | None] = list(args.endpoint) if args.endpoint else [None]
    profiles = [resolve_profile(services, name, args.model) for name in names]
    tell_cache(services.cache)
    if len(profiles) > 1 and any(profile.kind.engine for profile in profiles):
        raise CommandError("the built-in engine cannot be part of a pool of endpoints", EXIT_USAGE)
    if args.openai_batch and (len(profiles) > 1 or profiles[0].kind.engine):
        raise CommandError("--openai-batch takes one endpoint that offers OpenAI's Batch API", EXIT_USAGE)
    endpoints = BatchEndpoints(tuple(profiles), batch_api=args.openai_batch, poll=args.poll)
    lock = None
    try:
        if not args.dry_run:  # one batch at a time in a folder (its index would lose rows)
            lock = OutputLock.acquire(out)
        sources = expand_inputs(args.inputs, out)
        code = _batch(args, services, endpoints, sources, lock)
    except OutputBusy as e:
        raise CommandError(str(e), EXIT_BUSY) from None
    finally:
        if lock is not None:
            lock.release()
        if isinstance(services.caps, BatchCapabilities):
            services.caps.flush()
        tell_cache(services.cache)
        services.close()
    return unkept(services.cache, code)


def _batch(
    args: argparse.Namespace,
    services: Services,
    endpoints: BatchEndpoints,
    sources: list[Source],
    lock: OutputLock | None,
) -> int:
    out = Path(args.out)
    left = CallsLeft()
    est: BatchEstimate | None = None
    if not args.yes or args.dry_run:  # the estimate first, then the question
        est = planned(services, endpoints, sources, args, left)
        if est is None:
            return EXIT_INTERRUPTED
        print_lines(estimate_lines(est, endpoints, out))
        if args.dry_run or not confirmed(est, endpoints):
            return EXIT_OK
    bar = Bar(endpoints, left)
    if est is not None:
        bar.estimated(est)
    run = BatchRun(
        services,
        endpoints,
        out,
        lang=args.lang,
        pipeline=args.pipeline,
        form=args.form,
        on_change=bar.changed,
        on_row=bar.row,
        out_lock=lock,
    )
    # (the threads counted beside the run only for a bar that is shown: reading the
    # inputs twice competes with the requests)
    counted = args.yes and not bar.bar.disable
    try:
        totals = asyncio.run(run_with_bar(run, sources, bar, counted))
    except KeyboardInterrupt:
        bar.close()
        err(
            "cancelled; finished threads are cached: run the same command again to resume "
            f"(their rows: {out / INDEX_JSONL}.part)"
        )
        return EXIT_INTERRUPTED
    except EndpointError as e:  # the client could not be made (a key, the built-in engine)
        bar.close()
        raise CommandError(e.message, EXIT_ENDPOINT) from None
    bar.close()
    return _finished(run, totals, bar, out)


def _finished(run: BatchRun, totals: Totals, bar: Bar, out: Path) -> int:
    """What the batch did, said; its exit code."""
    for line in client_lines(run.report):
        err(line)
    for line in bar.failures[:10]:
        sys.stderr.write(line + "\n")
    if len(bar.failures) > 10:
        err(f"… and {len(bar.failures) - 10} more failures (see {out / INDEX_CSV})")
    unread = bar.unreadable
    failed = totals.failed - unread
    if totals.threads == 0:
        raise CommandError("no thread to summarize in the inputs", EXIT_BAD_FILE)
    print(
        summary_line(totals, unread, run.endpoints.spend(totals.prompt_tokens, totals.completion_tokens), out)
    )
    if failed:
        return EXIT_ENDPOINT
    return EXIT_BAD_FILE if unread else EXIT_OK

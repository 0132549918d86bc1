"""threadgist summarize"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from ..digest.calls import CallPhase, CallState
from ..digest.markdown import to_json_text, to_markdown
from ..digest.pipeline import Progress, Summarizer
from ..digest.stage import Stage
from ..llm.errors import EndpointError, ErrorKind
from ..llm.profiles import EndpointProfile
from ..messages import Message
from ..services import Services
from ..services.estimate import figures_plan, planner
from ..services.run import RunOptions, summarize
from ..textsafe import json_escaped, one_line
from ..thread import Thread
from . import EXIT_ENDPOINT, EXIT_INTERRUPTED, EXIT_OK
from .common import (
    CommandError,
    add_pipeline_option,
    err,
    load_threads,
    pick_thread,
    resolve_profile,
    seconds,
    tell_cache,
    terminal_safe,
    unkept,
)
from .progress_line import ProgressLine


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "summarize",
        help="summarize a thread with an LLM endpoint",
        description=(
            "Print a digest of the thread: a summary, the main viewpoints with their comments, "
            "and the off-topic content, every citation checked against the thread. Progress "
            "goes to stderr. FILE can also be a thread's URL (fetched and saved first). Exit codes: "
            "0 success, 2 usage, 3 unreadable file or no such thread, 4 endpoint error, 5 "
            "network error fetching a URL, 6 the result cache cannot be written (the digest "
            "is printed), 78 endpoints.json is damaged where the endpoint is, 130 interrupted "
            "(finished parts are kept; run again to resume)."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="a thread file, or a thread's URL")
    parser.add_argument("--endpoint", metavar="NAME", help="endpoint profile (default: the default one)")
    parser.add_argument("--model", metavar="M", help="use this model instead of the profile's")
    parser.add_argument(
        "--lang",
        choices=("auto", "zh-TW", "en"),
        default="auto",
        help="output language (auto: the thread's language)",
    )
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    add_pipeline_option(parser)
    parser.add_argument("--no-cache", action="store_true", help="ignore a cached digest")
    parser.add_argument(
        "--time-limit",
        type=seconds,
        metavar="SECONDS",
        help="give up after this long (finished parts are kept; run again to "
        "resume); each request also has the endpoint's request timeout",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="make no request; print the plan (calls, chunks, tokens)"
    )
    parser.add_argument(
        "--article", type=int, metavar="N", help="which article of a multi-article file (1-based)"
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print a line on stderr as each call ends: what it covered, its "
        "prompt and answer tokens, its time, retries and repairs",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    thread = pick_thread(load_threads(args.file), args.article, args.file)
    services = Services()
    profile = resolve_profile(services, args.endpoint, args.model)
    tell_cache(services.cache)
    try:
        code = _summarize(args, thread, services, profile)
    finally:
        _end_progress_line()
        tell_cache(services.cache)  # what the run found: a damaged row, a full disk
        services.close()  # stops the built-in engine if this command started it
    return unkept(services.cache, code)


def _summarize(args: argparse.Namespace, thread: Thread, services: Services, profile: EndpointProfile) -> int:
    global _verbose, _line
    _verbose = bool(getattr(args, "verbose", False))
    _line = ProgressLine()  # its seconds count from this run's start
    _calls_told.clear()
    try:
        if args.dry_run:  # no request, no key, no engine started
            return _dry_run(
                planner(
                    services,
                    thread,
                    profile,
                    args.lang,
                    reuse=not args.no_cache,
                    pipeline=args.pipeline,
                    form=args.form,
                ),
                args.format,
            )
        options = RunOptions(
            lang=args.lang,
            use_cache=not args.no_cache,
            pipeline=args.pipeline,
            form=args.form,
            time_limit=args.time_limit,
        )
        digest = asyncio.run(summarize(services, thread, profile, options, _stderr_progress))
    except EndpointError as e:
        _end_progress_line()
        message = e.message
        if e.kind == ErrorKind.MODEL_NOT_FOUND:
            message += _available_models(services, profile)
        raise CommandError(message, EXIT_ENDPOINT) from None
    except ValueError as e:  # e.g. a context window too small to plan
        _end_progress_line()
        raise CommandError(str(e), EXIT_ENDPOINT) from None
    except KeyboardInterrupt:
        _end_progress_line()
        err("cancelled; finished parts are kept, run the same command again to resume")
        return EXIT_INTERRUPTED
    _end_progress_line()
    # both renderings hold no control character but newline and tab (digest/markdown.py)
    print(to_json_text(digest) if args.format == "json" else to_markdown(digest), end="")
    return EXIT_OK


def _available_models(services: Services, profile: EndpointProfile) -> str:
    try:
        found = asyncio.run(services.list_models(profile))
    except EndpointError:
        return ""
    if not found:
        return ""
    more = f" (+{len(found) - 12} more)" if len(found) > 12 else ""
    return "\navailable models: " + ", ".join(found[:12]) + more


_line = ProgressLine()


def _end_progress_line() -> None:
    """Messages after progress start on a line of their own."""
    _line.end()


_last_note: Message | None = None
_last_waiting: Message | None = None
_verbose = False  # --verbose: a line per call as it ends
_calls_told: set[int] = set()


def _stderr_progress(progress: Progress) -> None:
    global _last_note, _last_waiting
    if _verbose:
        _tell_calls(progress.calls)
    if progress.stage is Stage.WRITE and progress.text:
        return
    if progress.note is not None and progress.note is not _last_note:  # why the run makes more calls
        _last_note = progress.note
        _end_progress_line()
        sys.stderr.write(f"threadgist: {terminal_safe(str(progress.note))}\n")
    if progress.waiting != _last_waiting:  # another Threadgist run does part of the work
        _last_waiting = progress.waiting
        if progress.waiting is not None:
            _end_progress_line()
            sys.stderr.write(f"threadgist: {terminal_safe(str(progress.waiting))}\n")
    _line.show(progress)  # a \r line on a terminal, plain lines into a file


def _tell_calls(calls: tuple[CallState, ...]) -> None:
    """A line for each call that has ended since the last report."""
    for call in calls:
        if call.phase not in (CallPhase.DONE, CallPhase.FAILED) or call.number in _calls_told:
            continue
        _calls_told.add(call.number)
        _end_progress_line()
        approx = "~" if call.estimated else ""
        extra = "".join(
            f", {count} {word}"
            for count, word in ((call.retries, "retry(ies)"), (call.repairs, "repair(s)"))
            if count
        )
        sys.stderr.write(
            f"threadgist: call {call.number} ({call.step}, {terminal_safe(str(call.covers))}) "
            f"{'failed' if call.phase is CallPhase.FAILED else 'done'}: {approx}{call.prompt_tokens} "
            f"prompt + {approx}{call.answer_tokens} answer tokens, {call.seconds:.1f} s{extra}\n"
        )


def _dry_run(summ: Summarizer, fmt: str) -> int:
    plan = figures_plan(summ)
    doc = {
        "calls": plan.calls,
        "chunks": len(plan.chunks),
        "single": plan.single,
        "prompt_tokens": plan.prompt_tokens,
        "reduce_calls": plan.reduce_calls,
        "sort_calls": plan.sort_calls,
        "reused_chunks": plan.reused,
        "condense_article": plan.condense,
        "output_reserve": plan.budget.reserve,
        "context_window": plan.budget.context,
        "rendered_tokens": plan.rendered_tokens,
        "content_tokens": plan.content_tokens,
        "encoding": plan.encoding,
        "estimate_factor": summ.counter.factor,
        "endpoint": summ.profile.name,
        "model": summ.profile.model_label,
        "lang": summ.lang,
        "cached": summ.cached() is not None,
    }
    if fmt == "json":
        print(json_escaped(json.dumps(doc, ensure_ascii=False)))
        return EXIT_OK
    ratio = plan.rendered_tokens / plan.content_tokens if plan.content_tokens else 0
    print(
        f"endpoint:  {one_line(str(doc['endpoint']))} · {one_line(str(doc['model']))} · "
        f"context {plan.budget.context}, "
        f"answer reserve {plan.budget.reserve}"
    )
    print(
        f"plan:      {plan.calls} call(s): "
        + (
            "one call for the whole thread"
            if plan.single
            else f"{len(plan.chunks) - plan.reused} map call(s) + {plan.reduce_calls} reduce call(s)"
            + (f" + {plan.sort_calls} sort call(s)" if plan.sort_calls else "")
            + (" + 1 to condense the article" if plan.condense and not plan.condense_cached else "")
            + (f" ({plan.reused} of {len(plan.chunks)} parts cached)" if plan.reused else "")
        )
    )
    print(
        f"prompts:   {', '.join(str(tokens) for tokens in plan.prompt_tokens)} tokens "
        f"({plan.encoding}{'' if summ.counter.exact else ', estimated'})"
    )
    print(
        f"thread:    {plan.rendered_tokens} tokens rendered for "
        f"{plan.content_tokens} tokens of text ({ratio:.2f}×)"
    )
    if doc["cached"]:
        print("cache:     a digest is cached for this endpoint and model")
    return EXIT_OK

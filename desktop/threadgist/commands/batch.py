"""threadgist batch"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..llm.chat import ChatClient
from ..llm.errors import EndpointError
from ..llm.openai_batch import BatchAPIClient
from ..llm.pool import EndpointPool
from ..llm.profiles import EndpointProfile
from ..services import Services
from ..services.batch import (
    BatchCapabilities,
    BatchEstimate,
    BatchRun,
    Item,
    Source,
    Totals,
    Unreadable,
    batch_services,
    estimate_batch,
    iter_items,
)
from ..services.batch_index import INDEX_CSV, INDEX_JSONL, BatchStatus, IndexRow
from ..services.estimate import price_for
from ..services.outlock import OutputBusy, OutputLock
from ..store.paths import cache_dir
from . import EXIT_BAD_FILE, EXIT_BUSY, EXIT_ENDPOINT, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, EXIT_WRITE
from .common import (
    CommandError,
    add_pipeline_option,
    err,
    resolve_profile,
    seconds,
    tell_cache,
    terminal_safe,
    unkept,
)

#: file names a folder holds beside threads, never read as threads
_NOT_THREADS = (".source.json", ".part")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "batch",
        help="summarize many threads: a digest of each and one index",
        description=(
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
        ),
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
    parser.set_defaults(run=run)


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
    lock = None
    try:
        if not args.dry_run:  # one batch at a time in a folder (its index would lose rows)
            lock = OutputLock.acquire(out)
        sources = expand_inputs(args.inputs, out)
        code = _batch(args, services, profiles, sources, out, lock)
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


def expand_inputs(inputs: list[str], out: Path) -> list[Source]:
    """Files as they are, folders walked (sorted; hidden files, fetch sidecars and the
    output folder left out), addresses fetched and saved (their saved copies are read)."""
    sources: list[Source] = []
    skip = os.path.realpath(out)
    for given in inputs:
        if os.path.isdir(given):
            for root, dirs, files in os.walk(given):
                dirs[:] = sorted(
                    subdir
                    for subdir in dirs
                    if not subdir.startswith(".") and os.path.realpath(os.path.join(root, subdir)) != skip
                )
                for name in sorted(files):
                    if name.startswith(".") or name.endswith(_NOT_THREADS):
                        continue
                    path = os.path.join(root, name)
                    sources.append(Source(path, path))
        elif os.path.exists(given):
            sources.append(Source(given, given))
        else:
            sources.append(_fetched(given))
    return sources


def _fetched(given: str) -> Source:
    from ..thread.web import looks_like_url

    if not looks_like_url(given):
        return Source(given, given, error=f"{given}: no such file or folder")
    from ..thread import ThreadFileError
    from ..thread.web import FetchError, UrlError, open_url
    from .fetch import fetched_dir

    try:
        result = open_url(given, fetched_dir())
    except (FetchError, ThreadFileError, UrlError) as e:
        return Source(given, given, error=str(e))
    for warning in result.warnings:
        err(warning)
    return Source(given, str(result.path))


def _batch(
    args: argparse.Namespace,
    services: Services,
    profiles: list[EndpointProfile],
    sources: list[Source],
    out: Path,
    lock: OutputLock | None,
) -> int:
    primary = min(profiles, key=lambda profile: profile.identity)  # the pool's identity (llm/pool.py)

    def estimate(on_item: Any = None) -> BatchEstimate:
        return estimate_batch(
            services, iter_items(sources), primary, args.lang, args.pipeline, on_item=on_item
        )

    left = _Left()
    if not args.yes or args.dry_run:  # the estimate first, then the question
        planning = _Counter("planning", sys.stderr.isatty())

        def seen(item: Item | Unreadable, calls: int) -> None:
            planning.tick(item, calls)
            left.planned(item, calls)

        try:
            est = estimate(seen)
        except KeyboardInterrupt:
            planning.end()
            err("cancelled; nothing was done")
            return EXIT_INTERRUPTED
        planning.end()
        _print(_estimate_lines(est, profiles, out, args.openai_batch))
        if args.dry_run:
            return EXIT_OK
        if est.threads == 0:
            raise CommandError("no thread to summarize in the inputs", EXIT_BAD_FILE)
        if est.key_missing and est.calls:
            raise CommandError(f"“{primary.name}” needs an API key: {est.key_missing}", EXIT_ENDPOINT)
        if est.calls:
            if not sys.stdin.isatty():
                raise CommandError(
                    "stdin is not a terminal, so the batch cannot ask before "
                    "it starts: run it with --yes (see the estimate above)",
                    EXIT_USAGE,
                )
            sys.stderr.write("Start? [y/N] ")
            sys.stderr.flush()
            if sys.stdin.readline().strip().lower() not in ("y", "yes"):
                err("nothing was done")
                return EXIT_OK
    try:
        client: ChatClient = (
            BatchAPIClient(services.client(profiles[0]), cache_dir() / "openai-batches", poll=args.poll)
            if args.openai_batch
            else _client(services, profiles)
        )
    except EndpointError as e:
        raise CommandError(e.message, EXIT_ENDPOINT) from None
    in_flight = 1_000_000 if args.openai_batch else None  # every thread waits for the batches at once
    bar = _Bar(client, left)
    if not args.yes:
        bar.estimated(est)
    run = BatchRun(
        services,
        client,
        out,
        lang=args.lang,
        pipeline=args.pipeline,
        in_flight=in_flight,
        on_change=bar.changed,
        on_row=bar.row,
        out_lock=lock,
    )

    # --yes: the batch starts at once, without the estimate (planning every thread costs
    # as much CPU as a fifth of the batch); its threads are counted beside it, for the bar
    stop_counting = threading.Event()  # the batch ended (or was cancelled) first

    def count() -> None:
        while run.totals.first_call is None and run.totals.threads == 0 and not run.finished:
            if stop_counting.wait(0.1):  # (not while the first threads are read and planned)
                return
        threads = 0
        for _ in iter_items(sources):
            if stop_counting.is_set():
                return
            threads += 1
        bar.counted(threads)

    # (only for a bar that is shown: reading the inputs twice competes with the requests)
    counted = count if args.yes and not bar.bar.disable else None
    try:
        totals = asyncio.run(_run(run, iter_items(sources), bar, counted, stop_counting))
    except KeyboardInterrupt:
        bar.close()
        err(
            "cancelled; finished threads are cached: run the same command again to resume "
            f"(their rows: {out / INDEX_JSONL}.part)"
        )
        return EXIT_INTERRUPTED
    bar.close()
    if isinstance(client, EndpointPool):
        err("pool: " + client.summary())
    if isinstance(client, BatchAPIClient):
        err(
            f"Batch API: {len(client.created)} batch(es) created"
            + (
                f" ({', '.join(client.created[:5])}{'…' if len(client.created) > 5 else ''})"
                if client.created
                else ""
            )
            + (f"; {client.reused} answer(s) from batches created before" if client.reused else "")
        )
    for line in bar.failures[:10]:
        sys.stderr.write(line + "\n")
    if len(bar.failures) > 10:
        err(f"… and {len(bar.failures) - 10} more failures (see {out / INDEX_CSV})")
    unread = bar.unreadable
    failed = totals.failed - unread
    if totals.threads == 0:
        raise CommandError("no thread to summarize in the inputs", EXIT_BAD_FILE)
    print(
        f"{totals.threads - unread} threads: {totals.ok} summarized, {totals.cached} cached, "
        f"{failed} failed"
        + (f", {unread} unreadable input(s)" if unread else "")
        + f" · {totals.calls} calls · {totals.prompt_tokens:,}+{totals.completion_tokens:,} "
        f"tokens{_spend(primary, totals, args.openai_batch)} · {time.monotonic() - totals.started:.0f} s · "
        f"index: {out / INDEX_CSV}, {out / INDEX_JSONL}"
    )
    if failed:
        return EXIT_ENDPOINT
    return EXIT_BAD_FILE if unread else EXIT_OK


async def _run(
    run: BatchRun,
    items: Iterator[Item | Unreadable],
    bar: _Bar,
    side: Callable[[], None] | None,
    stop_side: threading.Event,
) -> Totals:
    ticker = asyncio.ensure_future(bar.tick_every(0.5))
    beside = asyncio.ensure_future(asyncio.to_thread(side)) if side is not None else None
    try:
        return await run.run(items)
    finally:
        ticker.cancel()
        stop_side.set()  # a count still reading the inputs has nothing left to count for
        if beside is not None:
            try:
                await beside
            except Exception as e:  # only the bar's total is lost
                err(f"counting the threads failed ({type(e).__name__}: {e})")
        await run.client.aclose()


def _client(services: Services, profiles: list[EndpointProfile]) -> ChatClient:
    clients = [services.client(profile) for profile in profiles]
    if len(clients) == 1:
        return clients[0]
    for client in clients:
        client.max_attempts = 1  # the pool sends a failed request to another member instead
    return EndpointPool(clients)


def _spend(profile: EndpointProfile, totals: Totals, batch_api: bool = False) -> str:
    price = price_for(profile)
    if not price:
        return ""
    usd = totals.prompt_tokens * price[0] / 1e6 + totals.completion_tokens * price[1] / 1e6
    return f" · ${usd / 2 if batch_api else usd:.4f}"


def _estimate_lines(
    est: BatchEstimate, profiles: list[EndpointProfile], out: Path, batch_api: bool = False
) -> list[str]:
    pool = " + ".join(profile.name for profile in profiles)
    conc = sum(profile.effective_concurrency for profile in profiles)
    lines = [
        f"batch:    {est.threads} thread(s), {est.comments:,} comments → {out}"
        + (f" ({est.cached} cached)" if est.cached else "")
        + (f"; {est.unreadable} input(s) cannot be read" if est.unreadable else ""),
        f"endpoint: {pool} · {profiles[0].model_label} · {conc} request(s) at a time",
        f"estimate: {est.calls} call(s) · {est.prompt_tokens:,} prompt tokens · answers of at "
        f"most {est.reserve_tokens:,} tokens",
    ]
    if est.cost_usd is not None:
        low, high = est.cost_usd
        if batch_api:  # OpenAI's Batch API costs half
            low, high = low / 2, high / 2
        lines.append(
            f"cost:     ${low:.4f} to ${high:.4f} (prompts only, and every answer at "
            "its limit" + (", at the Batch API's half price)" if batch_api else ")")
        )
    if est.unplannable:
        lines.append(f"cannot be planned for this model, so they will fail: {len(est.unplannable)} thread(s)")
        for origin, why in est.unplannable[:_SHOWN_UNPLANNABLE]:
            lines.append(f"  {origin}: {why}")
        if len(est.unplannable) > _SHOWN_UNPLANNABLE:
            lines.append(
                f"  … and {len(est.unplannable) - _SHOWN_UNPLANNABLE} more "
                "(listed in the index after the run)"
            )
    return [terminal_safe(line) for line in lines]


#: the threads that cannot be planned named one by one in the estimate (the rest counted)
_SHOWN_UNPLANNABLE = 5


def _print(lines: list[str]) -> None:
    for line in lines:
        sys.stderr.write(line + "\n")
    sys.stderr.flush()


class _Counter:
    """ "planning 12/…" on one line while the estimate reads the threads (terminals only)."""

    def __init__(self, what: str, shown: bool):
        self.what, self.shown, self.n, self.last = what, shown, 0, 0.0

    def tick(self, _item: Any, _calls: int) -> None:
        self.n += 1
        now = time.monotonic()
        if self.shown and now - self.last > 0.2:
            self.last = now
            sys.stderr.write(f"\r{self.what}: {self.n} thread(s) read   ")
            sys.stderr.flush()

    def end(self) -> None:
        if self.shown and self.n:
            sys.stderr.write("\r" + " " * 40 + "\r")
            sys.stderr.flush()


class _Left:
    """The calls still to make: the estimate's calls of each thread not finished yet."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls: dict[int, int] = {}  # seq → estimated calls
        self.finished: set[int] = set()
        self.known = False  # the estimate is complete

    def planned(self, item: Item | Unreadable, calls: int) -> None:
        with self.lock:
            if calls and item.seq not in self.finished:
                self.calls[item.seq] = calls

    def finish(self, seq: int) -> None:
        with self.lock:
            self.finished.add(seq)
            self.calls.pop(seq, None)

    def total(self) -> int | None:
        with self.lock:
            return sum(self.calls.values()) if self.known else None


class _Bar:
    """The progress bar on stderr (tqdm; shown on terminals): threads done, calls,
    tokens, spend and the time left, from the calls still to make (:class:`_Left`) at
    the rate of calls so far."""

    def __init__(self, client: ChatClient, left: _Left):
        from tqdm import tqdm

        self.price = price_for(client.profile)
        self.left = left
        self.failures: list[str] = []
        self.unreadable = 0
        self.totals: Totals | None = None
        self.bar = tqdm(
            total=None,
            unit="thread",
            file=sys.stderr,
            disable=None,
            dynamic_ncols=True,
            mininterval=0.25,
            bar_format="{percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} threads [{elapsed}{postfix}]",
        )

    def estimated(self, est: BatchEstimate) -> None:
        self.left.known = True
        self.bar.total = est.threads + est.unreadable

    def counted(self, threads: int) -> None:
        """The number of threads (and unreadable inputs), without an estimate."""
        self.bar.total = threads

    def write(self, lines: list[str]) -> None:
        if self.bar.disable:
            _print(lines)
        else:
            for line in lines:
                self.bar.write(line, file=sys.stderr)

    def changed(self, totals: Totals) -> None:
        self.totals = totals

    def row(self, row: IndexRow) -> None:
        self.left.finish(row.seq)
        self.bar.update(1)
        if row.status is BatchStatus.FAILED:
            if row.thread is None:
                self.unreadable += 1
            what = (row.thread.title if row.thread else None) or row.input
            self.failures.append(terminal_safe(f"threadgist: failed: {what}: {row.reason}"))

    async def tick_every(self, seconds: float) -> None:
        while True:
            self.refresh()
            await asyncio.sleep(seconds)

    def refresh(self) -> None:
        totals = self.totals
        if totals is None or self.bar.disable:
            return
        text = f"{totals.calls} calls, {totals.prompt_tokens + totals.completion_tokens:,} tokens"
        if self.price:
            usd = totals.prompt_tokens * self.price[0] / 1e6 + totals.completion_tokens * self.price[1] / 1e6
            text += f", ${usd:.4f}"
        calls_left = self.left.total()
        now = time.monotonic()
        if calls_left is not None and totals.first_call is not None and totals.calls:
            rate = totals.calls / max(1e-6, now - totals.first_call)
            text += f", ~{_duration(calls_left / rate)} left"
        elif self.bar.total and totals.ok + totals.failed:  # no estimate (--yes): threads per second
            rate = (totals.ok + totals.failed) / max(1e-6, now - (totals.first_call or totals.started))
            text += f", ~{_duration((self.bar.total - totals.threads) / rate)} left"
        self.bar.set_postfix_str(text, refresh=True)

    def close(self) -> None:
        self.refresh()
        self.bar.close()


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"

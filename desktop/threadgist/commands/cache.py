"""threadgist cache"""

from __future__ import annotations

import argparse

from ..store.cache import Cache
from . import EXIT_OK, EXIT_WRITE
from .common import CommandError, tell_cache


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "cache",
        help="show or clear the result cache",
        description="Show the size of the local result cache, or clear it.",
    )
    actions = parser.add_subparsers(dest="cache_cmd", metavar="ACTION", required=True)
    actions.add_parser(
        "stats",
        help="where the cache is and what it holds",
        description="Print the cache file's location, its size, the number of cached "
        "digests and of partial results kept for resuming runs.",
    ).set_defaults(run=stats)
    actions.add_parser(
        "clear",
        help="delete every cached digest",
        description="Delete every cached digest and partial result. Threads are "
        "summarized again the next time (endpoints, keys and settings are kept).",
    ).set_defaults(run=clear)


def _open() -> Cache:
    cache = Cache()
    if cache.unavailable is not None:
        raise CommandError(f"{cache.path}: cannot be used: {cache.unavailable}", EXIT_WRITE)
    tell_cache(cache)
    return cache


def stats(args: argparse.Namespace) -> int:
    cache = _open()
    summary = cache.stats()
    tell_cache(cache)
    print(f"cache:    {summary.path}")
    print(f"digests:  {summary.digests}")
    print(f"partials: {summary.partials} (map results of unfinished runs)")
    print(f"size:     {summary.bytes / 1024:.0f} KiB")
    print(
        f"tokens:   {summary.prompt_tokens} prompt + {summary.completion_tokens} completion "
        "(spent on the cached digests)"
    )
    return EXIT_OK


def clear(args: argparse.Namespace) -> int:
    cache = _open()
    removed = cache.clear()
    if removed is None:
        raise CommandError(f"{cache.path}: cannot be written: {cache.not_kept}", EXIT_WRITE)
    print(f"removed {removed} cached digest(s)")
    return EXIT_OK

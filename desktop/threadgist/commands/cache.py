"""threadgist cache"""

from __future__ import annotations

import argparse

from ..store.cache import Cache
from . import EXIT_OK
from .common import err


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "cache",
        help="show or clear the result cache",
        description="Show the size of the local result cache, or clear it.",
    )
    s = p.add_subparsers(dest="cache_cmd", metavar="ACTION", required=True)
    s.add_parser(
        "stats",
        help="where the cache is and what it holds",
        description="Print the cache file's location, its size, the number of cached "
        "digests and of partial results kept for resuming runs.",
    ).set_defaults(run=stats)
    s.add_parser(
        "clear",
        help="delete every cached digest",
        description="Delete every cached digest and partial result. Threads are "
        "summarized again the next time (endpoints, keys and settings are kept).",
    ).set_defaults(run=clear)


def _open() -> Cache:
    c = Cache()
    for w in c.warnings:
        err(w)
    return c


def stats(args: argparse.Namespace) -> int:
    s = _open().stats()
    print(f"cache:    {s['path']}")
    print(f"digests:  {s['digests']}")
    print(f"partials: {s['partials']} (map results of unfinished runs)")
    print(f"size:     {s['bytes'] / 1024:.0f} KiB")
    print(
        f"tokens:   {s['prompt_tokens']} prompt + {s['completion_tokens']} completion "
        "(spent on the cached digests)"
    )
    return EXIT_OK


def clear(args: argparse.Namespace) -> int:
    n = _open().clear()
    print(f"removed {n} cached digest(s)")
    return EXIT_OK

"""threadgist parse"""

from __future__ import annotations

import argparse
import sys

from ..textsafe import json_escaped
from ..thread.json_out import write_threads_json
from ..thread.serialize import overview
from . import EXIT_OK
from .common import load_threads


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "parse",
        help="parse a thread file and print it",
        description=(
            "Parse a thread file and print an overview, or the parsed threads as JSON. "
            "The format is recognised from the content: PTT copied web text, ptt.cc HTML, "
            "raw PTT BBS files (Big5-UAO or UTF-8), PTT crawler JSON, Reddit comments-page "
            "JSON and Hacker News item JSON. Given a thread address instead (a www.ptt.cc "
            "article, a Reddit thread, a news.ycombinator.com item), the thread is fetched "
            "and saved under the data folder first, so it reopens offline. Exit codes: 0 "
            "success, 2 usage, 3 unreadable file or no such thread, 5 network error "
            "(offline, blocked, timed out)."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the thread file to read, or a thread's URL")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument(
        "--comments",
        type=int,
        default=None,
        metavar="N",
        help="show at most N comments in the overview (default: all)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    threads = load_threads(args.file)
    if args.json:
        # a stream (never the whole JSON at once); the file's text as it is for a JSON
        # reader, but no raw C1 or bidi control for a terminal
        write_threads_json(threads, lambda piece: sys.stdout.write(json_escaped(piece)))
        return EXIT_OK
    for i, thread in enumerate(threads):
        if len(threads) > 1:
            print(f"=== article {i + 1} of {len(threads)} ===")
        print(overview(thread, max_comments=args.comments))
        if i < len(threads) - 1:
            print()
    return EXIT_OK

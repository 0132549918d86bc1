"""The ``threadgist`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from . import __version__
from .thread import ThreadFileError, load_path
from .thread.serialize import overview, thread_to_dict

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_BAD_FILE = 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="threadgist",
        description=(
            "Read long discussion threads (PTT, Reddit, Hacker News) and summarize them "
            "with the LLM endpoint of your choice."
        ),
        epilog="Exit codes: 0 success, 2 usage error, 3 the file cannot be read as a thread.",
    )
    p.add_argument("--version", action="version", version=f"threadgist {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    pp = sub.add_parser(
        "parse",
        help="parse a thread file and print it",
        description=(
            "Parse a thread file and print an overview, or the parsed threads as JSON. "
            "The format is recognised from the content: PTT copied web text, ptt.cc HTML, "
            "raw PTT BBS files (Big5-UAO or UTF-8), PTT crawler JSON, Reddit comments-page "
            "JSON and Hacker News item JSON."
        ),
    )
    pp.add_argument("file", metavar="FILE", help="the thread file to read")
    pp.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    pp.add_argument(
        "--comments", type=int, default=None, metavar="N",
        help="show at most N comments in the overview (default: all)",
    )
    return p


def cmd_parse(args: argparse.Namespace) -> int:
    try:
        result = load_path(args.file)
    except ThreadFileError as e:
        print(f"threadgist: {e}", file=sys.stderr)
        return EXIT_BAD_FILE
    except (RecursionError, ValueError, KeyError, TypeError, AttributeError) as e:
        # A parser bug must still not show a traceback to the user.
        print(
            f"threadgist: {args.file}: could not be parsed ({type(e).__name__}: {e}); "
            "please report this file",
            file=sys.stderr,
        )
        return EXIT_BAD_FILE
    if args.json:
        doc = {"threads": [thread_to_dict(t) for t in result.threads]}
        print(json.dumps(doc, ensure_ascii=False, indent=None))
        return EXIT_OK
    for i, t in enumerate(result.threads):
        if len(result.threads) > 1:
            print(f"=== article {i + 1} of {len(result.threads)} ===")
        print(overview(t, max_comments=args.comments))
        if i < len(result.threads) - 1:
            print()
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    args = _parser().parse_args(argv)
    if args.command == "parse":
        return cmd_parse(args)
    _parser().print_help()
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())

"""The ``threadgist`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .commands import EXIT_USAGE
from .commands import cache as cache_cmd
from .commands import endpoints as endpoints_cmd
from .commands import parse as parse_cmd
from .commands import summarize as summarize_cmd
from .commands.common import CommandError, err


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="threadgist",
        description=(
            "Read long discussion threads (PTT, Reddit, Hacker News) and summarize them "
            "with the LLM endpoint of your choice."
        ),
        epilog=(
            "Exit codes: 0 success, 2 usage error, 3 the file cannot be read as a thread, "
            "4 endpoint error, 130 interrupted."
        ),
    )
    p.add_argument("--version", action="version", version=f"threadgist {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for mod in (parse_cmd, summarize_cmd, endpoints_cmd, cache_cmd):
        mod.add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        code: int = run(args)
    except CommandError as e:
        err(str(e))
        return e.code
    return code


if __name__ == "__main__":
    sys.exit(main())

"""The ``threadgist`` program: with a command it is the command line; with nothing or
with a file it opens the desktop app."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from .commands import SUBCOMMANDS


def wants_gui(argv: Sequence[str]) -> bool:
    return (
        not argv
        or (argv[0] not in SUBCOMMANDS and not argv[0].startswith("-"))
        or argv[0] in ("--gui", "--self-test")
    )


def has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "--engine-server":  # the built-in engine's helper, in a frozen app
        from .llm.engine_server import main as engine_main

        return engine_main(args[1:])
    if not wants_gui(args):
        from .cli import main as cli_main

        code = cli_main(args)
        if argv is None and args[0] == "batch":  # the program itself, not a caller's test
            _exit_now(code)
        return code
    self_test = bool(args) and args[0] == "--self-test"
    if args and args[0] in ("--gui", "--self-test"):
        args = args[1:]
    if self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not has_display():
        print(
            "threadgist: no display to open the app on (DISPLAY and WAYLAND_DISPLAY are "
            "unset). Use the command line instead, e.g. `threadgist summarize FILE`; "
            "`threadgist --help` lists the commands.",
            file=sys.stderr,
        )
        return 2
    return _gui(args[0] if args else None, self_test)


def _exit_now(code: int) -> None:
    """End the process without taking the interpreter apart: after a batch, freeing the
    openai package's thousands of classes and the tokenizer's tables one object at a
    time takes a few tenths of a second, for nothing (the cache's commits are durable and
    the index is closed; the log and the output are flushed here)."""
    import contextlib
    import logging

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to say
            stream.flush()
    os._exit(code)


def _gui(path: str | None, self_test: bool) -> int:
    """Start parsing the file and keep the log records in memory, both before Qt loads,
    then open the window."""
    if path is None and self_test:
        from .bundled import sample_thread

        path = str(sample_thread())
    early = None
    url = None
    if path is not None and path.lower().startswith(("http://", "https://")) and not os.path.exists(path):
        url, path = path, None  # a thread's address: fetched once the window is up
    if path is not None:
        from .prefetch import prefetch

        path = os.path.abspath(path)
        early = (path, prefetch(path))
    from .store.logs import keep_early_records

    keep_early_records()
    from .gui.app import run

    return run(early, self_test=self_test, url=url)


if __name__ == "__main__":
    sys.exit(main())

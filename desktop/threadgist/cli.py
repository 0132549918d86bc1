"""The ``threadgist`` command line."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from . import __version__
from .commands import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, EXIT_WRITE, SUBCOMMANDS
from .commands.console import CommandError, err

DESCRIPTION = """\
Read long discussion threads (PTT, Reddit, Hacker News) and summarize them with the LLM
endpoint of your choice: a summary, the main viewpoints with their comments, and the
off-topic content, every citation checked against the thread.

With no COMMAND, or with a FILE, the desktop app opens (on that file)."""

EPILOG = """\
usage of the desktop app:
  threadgist [FILE]          open the app (on FILE)
  threadgist --self-test [FILE]
                             open, parse and render FILE (default: the bundled sample)
                             without a screen, print a JSON line and exit 0 (3: the file
                             cannot be read, 1: nothing was shown)

environment:
  THREADGIST_HOME            keep settings, cache, models and the log in this folder
  THREADGIST_PTT_BASE, THREADGIST_REDDIT_BASE, THREADGIST_HN_ALGOLIA_BASE,
  THREADGIST_HN_FIREBASE_BASE
                             fetch thread URLs from another server (for tests; only
                             https:// or http://127.0.0.1 addresses are used)
  THREADGIST_KEY_<NAME>      the API key of the endpoint NAME (upper case, _ for others)
  OPENAI_API_KEY, AZURE_OPENAI_API_KEY, OPENROUTER_API_KEY, GROQ_API_KEY,
  DEEPSEEK_API_KEY, VLLM_API_KEY
                             keys for endpoints of those kinds

files (Linux; see the README for macOS and Windows):
  ~/.config/threadgist/      settings.json, endpoints.json (never keys)
  ~/.cache/threadgist/       cache.sqlite3 (digests), tiktoken files
  ~/.local/share/threadgist/models/
                             models downloaded for the built-in engine
  ~/.local/share/threadgist/fetched/
                             threads opened from a URL (they reopen offline)
  ~/.local/state/threadgist/log/threadgist.log
                             the log (no keys, no thread text)
  API keys live in the system keyring (Secret Service, Keychain, Credential Manager).

exit status:
  0 success, 2 usage error, 3 the file cannot be read as a thread (or a URL names no
  thread), 4 endpoint error, 5 a URL could not be fetched (offline, blocked, timed out),
  6 an output (or the result cache) cannot be written, 70 internal error, 75 another
  batch is writing the same --out folder, 78 endpoints.json is damaged where the command
  needs it, 130 interrupted (finished parts of a summary are kept; run it again to resume)

`threadgist parse URL` and `threadgist summarize URL` fetch a thread from www.ptt.cc,
Reddit or Hacker News, save it, and read the saved copy.

Run `threadgist COMMAND --help` for a command's options."""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every subcommand; ``only``: of that one alone (the others' modules
    are not imported: a command starts sooner)."""
    parser = argparse.ArgumentParser(
        prog="threadgist",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"threadgist {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in SUBCOMMANDS.items():
        if only is None or name == only:
            importlib.import_module(f"{__package__}.commands.{module}").add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    given = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(given[0] if given and given[0] in SUBCOMMANDS else None)
    args = parser.parse_args(given)
    run = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return EXIT_USAGE
    log_file = _log_to_file() if given and given[0] in _LOGGED else None
    try:
        code: int = run(args)
        sys.stdout.flush()
    except CommandError as e:
        err(str(e))
        return e.code
    except BrokenPipeError:  # `threadgist parse FILE | head`: the reader has all it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes at exit
        return EXIT_OK
    except OSError as e:
        if e.filename is None:  # not a file's: a network error no layer turned into words
            return _internal_error(e, log_file)
        # an output that cannot be written (an input that cannot be read is a ThreadFileError)
        err(f"{e.filename}: cannot be written: {e.strerror or e}")
        return EXIT_WRITE
    except Exception as e:  # a bug: one line here, the traceback in the log
        return _internal_error(e, log_file)
    return code


def _internal_error(error: BaseException, log_file: str | None) -> int:
    import logging

    logging.getLogger("threadgist").error("internal error", exc_info=error)
    err(
        f"internal error ({type(error).__name__}: {error}); please report it"
        + (f" with the end of {log_file}" if log_file else "")
    )
    return EXIT_INTERNAL


#: the commands that log to the app's log file (their work: endpoints, files written);
#: without it, a record of an error would go to stderr raw, traceback and all
_LOGGED = ("summarize", "batch", "eval")


def _log_to_file() -> str | None:
    import logging

    from .store.logs import setup_logging

    path = setup_logging()
    if path is None:  # no writable log folder: records are dropped, not printed raw
        logging.getLogger("threadgist").addHandler(logging.NullHandler())
    return str(path) if path else None


if __name__ == "__main__":
    sys.exit(main())

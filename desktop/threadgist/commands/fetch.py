"""Thread addresses on the command line: ``threadgist parse URL`` fetches the thread,
saves it under the data folder and reads the saved copy."""

from __future__ import annotations

import sys

from ..store.paths import data_dir
from ..thread import Thread, ThreadFileError
from ..thread.web import FetchError, open_url
from . import EXIT_BAD_FILE, EXIT_INTERRUPTED, EXIT_NETWORK
from .console import CommandError, err


def fetched_dir() -> str:
    """Where fetched threads are saved (they reopen offline from there)."""
    return str(data_dir() / "fetched")


class _Progress:
    """One line on stderr, rewritten in place (only when stderr is a terminal)."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, received: int, total: int | None) -> None:
        self.shown = True
        out_of = f" of {total / 1024:,.0f} KB" if total else ""
        sys.stderr.write(f"\rfetching… {received / 1024:,.0f} KB{out_of}   ")
        sys.stderr.flush()

    def end(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            self.shown = False


def fetch_threads(url: str) -> list[Thread]:
    """Fetch and save the thread at ``url``; errors become :class:`CommandError` (exit 3
    for no such thread or a page that is not one, 5 for the network and blocking)."""
    tty = sys.stderr.isatty()
    progress = _Progress() if tty else None
    try:
        result = open_url(url, fetched_dir(), progress=progress)
    except FetchError as e:
        raise CommandError(str(e), EXIT_NETWORK if e.network else EXIT_BAD_FILE) from None
    except ThreadFileError as e:
        raise CommandError(str(e), EXIT_BAD_FILE) from None
    except KeyboardInterrupt:
        raise CommandError("cancelled", EXIT_INTERRUPTED) from None
    except (RecursionError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise CommandError(
            f"{url}: could not be parsed ({type(e).__name__}); please report this thread", EXIT_BAD_FILE
        ) from None
    finally:
        if progress is not None:
            progress.end()
    for warning in result.warnings:
        err(warning)
    if tty:
        err(f"saved as {result.path}")
    return result.load.threads

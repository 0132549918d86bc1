"""Parse the file named on the command line while the app is still starting.

The launcher calls :func:`prefetch` before Qt is imported, so reading the file and the
parser's first imports overlap with the toolkit's loading; the window adopts the future
once it exists. (A forked child parsing on the other core was tried and measured: no
faster for the sample thread, slower for 20,000 pushes, whose result takes longer to
pickle and unpickle than to parse.)
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .thread.model import LoadResult


def prefetch(path: str) -> Future[LoadResult]:
    """Start parsing ``path``; the future holds its LoadResult, or the ThreadFileError (or
    any other exception) that :func:`~threadgist.thread.loader.load_path` raised."""
    fut: Future[LoadResult] = Future()
    threading.Thread(target=_parse, args=(path, fut), name="threadgist-prefetch", daemon=True).start()
    return fut


def _parse(path: str, fut: Future[LoadResult]) -> None:
    try:
        from .thread.loader import load_path

        result = load_path(path)
    except BaseException as e:  # handed to whoever waits for the result
        fut.set_exception(e)
    else:
        fut.set_result(result)

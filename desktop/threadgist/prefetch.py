"""Parse the file named on the command line while the app is still starting.

The GUI toolkit takes most of start-up to load, and Python runs one thread at a time, so a
parse in a thread only competes with it. On Linux, before Qt is loaded and while the
process has a single thread, the parse runs in a forked child on the other CPU core and
sends its :class:`LoadResult` back through a pipe. Anywhere else (or if the fork is not
possible) it runs in a thread. Either way the caller gets a future of the result; a file
that cannot be read ends in the same :class:`ThreadFileError` as :func:`load_path`: a
child that fails sends nothing and the parse is repeated here, where the error is raised.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from .thread.model import LoadResult


def prefetch(path: str) -> Future[LoadResult]:
    """Start parsing ``path``; the future holds its LoadResult (or ThreadFileError). Call it
    first thing: the less the process holds when it forks, the less copy-on-write."""
    fut: Future[LoadResult] = Future()
    if _can_fork():
        try:
            read_fd, write_fd = os.pipe()
            pid = os.fork()
        except OSError:
            pid = -1
        if pid == 0:  # the child
            os.close(read_fd)
            _child(path, write_fd)
        if pid > 0:
            os.close(write_fd)
            _start(_collect, path, fut, pid, read_fd)
            return fut
    _start(_parse_here, path, fut)
    return fut


def _can_fork() -> bool:
    """Forking is safe only before Qt (or anything else that starts threads) is loaded."""
    return (sys.platform == "linux" and hasattr(os, "fork")
            and threading.active_count() == 1 and "PySide6.QtCore" not in sys.modules
            and not os.environ.get("THREADGIST_NO_FORK"))


def _start(target: Callable[..., None], *args: object) -> None:
    threading.Thread(target=target, args=args, name="threadgist-prefetch", daemon=True).start()


def _child(path: str, write_fd: int) -> NoReturn:
    code = 1
    try:
        from .thread.loader import load_path

        data = pickle.dumps(load_path(path), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_fd, "wb") as out:
            out.write(data)
        code = 0
    except BaseException:  # the parent parses again and reports the error
        pass
    finally:
        os._exit(code)  # no atexit handlers, no flushing the parent's buffers twice


def _collect(path: str, fut: Future[LoadResult], pid: int, read_fd: int) -> None:
    with os.fdopen(read_fd, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if data and os.waitstatus_to_exitcode(status) == 0:
        from .thread.model import LoadResult

        try:
            result = pickle.loads(data)  # our own child's output
        except Exception:  # parse here instead
            pass
        else:
            if isinstance(result, LoadResult):
                fut.set_result(result)
                return
    _parse_here(path, fut)


def _parse_here(path: str, fut: Future[LoadResult]) -> None:
    try:
        from .thread.loader import load_path

        result = load_path(path)
    except BaseException as e:  # handed to whoever waits for the result
        fut.set_exception(e)
    else:
        fut.set_result(result)

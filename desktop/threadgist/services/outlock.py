"""One batch at a time in an output folder: ``.threadgist-batch.lock`` in it, locked by
the operating system (``flock`` on POSIX, ``msvcrt.locking`` on Windows) and holding the
holder's pid, computer and start time for the message another run gives.

The system's lock goes with its process: a batch that is killed leaves the file, not the
lock, and the next run takes it at once (a stale lock needs no clean-up, and no pid is
guessed at). Two runs into one folder would otherwise write the same ``index.*.part``
files and lose rows."""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import time
from pathlib import Path
from typing import IO

LOCK_NAME = ".threadgist-batch.lock"


class OutputBusy(Exception):
    """Another run holds the folder: the message names it and says what to do."""


class OutputLock:
    """The lock of one output folder, held from :meth:`acquire` until :meth:`release`."""

    def __init__(self, out: Path, handle: IO[str]):
        self.out = out
        self._handle: IO[str] | None = handle

    @classmethod
    def acquire(cls, out: Path) -> OutputLock:
        """Take the folder's lock (the folder is made if need be); :class:`OutputBusy`
        when another live run holds it. OSError when the folder cannot be written."""
        out.mkdir(parents=True, exist_ok=True)
        path = out / LOCK_NAME
        for _ in range(10):  # the file was replaced between opening and locking: again
            handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (held while the batch runs)
            if not _try_lock(handle):
                holder = _holder(handle)
                handle.close()
                raise OutputBusy(
                    f"{out} is being written by another Threadgist batch ({holder}): wait for it "
                    "to end, or choose another --out"
                )
            if _same_file(handle, path):
                handle.seek(0)
                handle.truncate()
                handle.write(
                    f"pid {os.getpid()} on {socket.gethostname()}, since {time.strftime('%H:%M:%S')}\n"
                )
                handle.flush()
                return cls(out, handle)
            handle.close()
        raise OutputBusy(f"{out}: its lock file {LOCK_NAME} keeps changing; try again")

    def release(self) -> None:
        """Let the next run in (the file stays: removing it could let two runs hold two
        different files at once)."""
        handle, self._handle = self._handle, None
        if handle is not None:
            with contextlib.suppress(OSError):
                handle.seek(0)
                handle.truncate()
            _unlock(handle)
            handle.close()

    def __enter__(self) -> OutputLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _holder(handle: IO[str]) -> str:
    with contextlib.suppress(OSError, UnicodeDecodeError):
        handle.seek(0)
        text = handle.read(200).strip()
        if text:
            return "".join(char if char.isprintable() else "?" for char in text)
    return "its lock file says no more"


def _same_file(handle: IO[str], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except OSError:
        return False


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        with contextlib.suppress(OSError):
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

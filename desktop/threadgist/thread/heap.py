"""A big file's temporaries given back to the system when they are freed (Linux, glibc).

glibc's malloc serves a block of 128 KB or more with its own mmap and unmaps it when it
is freed, except that freeing such a block raises that threshold to the block's size (up
to 32 MB). After a 16 MB file's bytes are freed, every later block under 16 MB (its text,
its lines, the lists and strings of the estimate) is carved from a thread's heap instead,
where freed memory mostly stays: measured, 2× the file's size in the app's peak memory
with copied text. Setting the threshold once keeps it where it started (and turns the
adjustment off, as mallopt(3) says). Elsewhere this does nothing.
"""

from __future__ import annotations

import os
import sys
import threading

#: mallopt(3)'s parameter number for the threshold, and glibc's default value of it
M_MMAP_THRESHOLD = -3
THRESHOLD = 128 * 1024

_lock = threading.Lock()
_state: list[bool] = []  # [whether it was set], once tried


def keep_big_blocks_apart() -> bool:
    """Fix malloc's mmap threshold (once per process); True when it is fixed."""
    with _lock:
        if not _state:
            _state.append(_set_threshold())
        return _state[0]


def _glibc() -> bool:
    """Linux with glibc, asked of the C library itself (``platform.libc_ver()`` scans the
    interpreter's binary, and the module costs the launch a few milliseconds)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        version = os.confstr("CS_GNU_LIBC_VERSION")
    except (ValueError, OSError):  # not glibc (musl has no such name)
        return False
    return version is not None and version.startswith("glibc ")


def _set_threshold() -> bool:
    if not _glibc():
        return False
    import ctypes  # the first file opened on glibc

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, THRESHOLD))

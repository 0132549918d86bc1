"""Files written atomically: complete under their name, or not replaced at all.

A leaf that every layer may import (thread/ included): it imports nothing of threadgist
(an import-linter contract says so). The data goes to a temporary file beside the final
one (``.<name>.<random>.part``), is flushed and fsync'd, and is then renamed over the
final name; on any failure the temporary file is removed and the old file stays as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, TextIO, overload

PART_SUFFIX = ".part"


@contextlib.contextmanager
def _replacing(path: Path, mode: str, encoding: str | None, newline: str | None) -> Iterator[IO[Any]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PART_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(descriptor, mode, encoding=encoding, newline=newline) as out_file:
            yield out_file
            out_file.flush()
            os.fsync(out_file.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@overload
def atomic_open(
    path: str | os.PathLike[str],
    mode: Literal["w"] = "w",
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> AbstractContextManager[TextIO]: ...
@overload
def atomic_open(path: str | os.PathLike[str], mode: Literal["wb"]) -> AbstractContextManager[BinaryIO]: ...
def atomic_open(
    path: str | os.PathLike[str],
    mode: Literal["w", "wb"] = "w",
    *,
    encoding: str | None = "utf-8",
    newline: str | None = None,
) -> AbstractContextManager[IO[Any]]:
    """A file to write, used like ``open(path, mode)``: it replaces ``path`` when the
    ``with`` block ends without an exception (the parent folder is made if need be)."""
    if mode == "wb":
        return _replacing(Path(path), mode, None, None)
    return _replacing(Path(path), mode, encoding, newline)


def atomic_write(path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``data`` (text is encoded with ``encoding``) in one step."""
    if isinstance(data, bytes):
        with atomic_open(path, "wb") as binary_file:
            binary_file.write(data)
    else:
        with atomic_open(path, "w", encoding=encoding) as text_file:
            text_file.write(data)

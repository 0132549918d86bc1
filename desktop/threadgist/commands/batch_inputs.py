"""The inputs of ``threadgist batch`` as sources: files as they are, folders walked,
thread addresses fetched and saved (their saved copies are read)."""

from __future__ import annotations

import os
from pathlib import Path

from ..services.batch_items import Source
from .console import err

#: file names a folder holds beside threads, never read as threads
_NOT_THREADS = (".source.json", ".part")


def expand_inputs(inputs: list[str], out: Path) -> list[Source]:
    """Files as they are, folders walked (sorted; hidden files, fetch sidecars and the
    output folder left out), addresses fetched and saved (their saved copies are read)."""
    sources: list[Source] = []
    skip = os.path.realpath(out)
    for given in inputs:
        if os.path.isdir(given):
            for root, dirs, files in os.walk(given):
                dirs[:] = sorted(
                    subdir
                    for subdir in dirs
                    if not subdir.startswith(".") and os.path.realpath(os.path.join(root, subdir)) != skip
                )
                for name in sorted(files):
                    if name.startswith(".") or name.endswith(_NOT_THREADS):
                        continue
                    path = os.path.join(root, name)
                    sources.append(Source(path, path))
        elif os.path.exists(given):
            sources.append(Source(given, given))
        else:
            sources.append(_fetched(given))
    return sources


def _fetched(given: str) -> Source:
    from ..thread.web import looks_like_url

    if not looks_like_url(given):
        return Source(given, given, error=f"{given}: no such file or folder")
    from ..thread import ThreadFileError
    from ..thread.web import FetchError, UrlError, open_url
    from .fetch import fetched_dir

    try:
        result = open_url(given, fetched_dir())
    except (FetchError, ThreadFileError, UrlError) as e:
        return Source(given, given, error=str(e))
    for warning in result.warnings:
        err(warning)
    return Source(given, str(result.path))

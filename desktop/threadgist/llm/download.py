"""Downloading a GGUF model from a URL: progress, resume (HTTP Range) and a checksum.
Failures are said in the app's own words (offline, no such file, a full disk, a file
that is not the one published), and resuming is promised only where a partial file is
kept."""

from __future__ import annotations

import errno
import http.client
import os
import re
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..messages import Text, msg
from .gguf import GGUF_MAGIC, sha256_file

Progress = Callable[[int, int | None], None]  # bytes so far, total (None when unknown)
MB = 1024 * 1024


class DownloadError(Exception):
    """Says what went wrong (``detail``; ``str()`` in English). ``kept``: a partial file
    (``.part``) stays, so that trying again resumes."""

    def __init__(self, detail: Text, *, kept: bool = False):
        super().__init__(str(detail))
        self.detail = detail
        self.kept = kept


class DownloadCancelled(DownloadError):
    pass


class _DiskError(Exception):
    """Writing the partial file failed (the disk, not the network)."""

    def __init__(self, error: OSError):
        super().__init__(str(error))
        self.error = error


def download(
    url: str,
    dest: Path,
    *,
    sha256: str | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    timeout: float = 30.0,
    block: int = 1 << 20,
) -> Path:
    """Fetch ``url`` into ``dest``; resume a previous ``dest.part``; verify ``sha256`` and
    that the file is GGUF before it takes its final name."""
    if not url.startswith(("http://", "https://")):
        raise DownloadError(msg("only http:// and https:// URLs can be downloaded"))
    host = urllib.parse.urlsplit(url).hostname or url
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DownloadError(_disk_problem(e, dest.parent)) from None
    part = dest.with_name(dest.name + ".part")
    try:
        have, total = _fetch(url, part, progress, cancel, timeout, block)
    except _DiskError as e:
        raise _failed(_disk_problem(e.error, dest.parent), part) from None
    except urllib.error.HTTPError as e:
        # another try helps only where the server had a passing problem
        raise _failed(_http_problem(host, e.code), part, resumable=e.code >= 500) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as e:
        reason = e.reason if isinstance(e, urllib.error.URLError) else e
        raise _failed(_network_problem(host, reason, timeout), part) from None
    if total is not None and have < total:
        cut = msg(
            "{host} stopped sending after {have} of {total} MB (the connection was cut)",
            host=host,
            have=f"{have / MB:.1f}",
            total=f"{total / MB:.1f}",
        )
        raise _failed(cut, part)
    _check(part, sha256)
    os.replace(part, dest)
    return dest


def _fetch(
    url: str,
    part: Path,
    progress: Progress | None,
    cancel: threading.Event | None,
    timeout: float,
    block: int,
) -> tuple[int, int | None]:
    """Append the rest of ``url`` to ``part``: (bytes on disk, total when known)."""
    have = part.stat().st_size if part.exists() else 0
    headers = {"User-Agent": "threadgist"}
    if have:
        headers["Range"] = f"bytes={have}-"
    try:
        response = urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout)
    except urllib.error.HTTPError as e:
        if e.code == 416 and have:  # the partial file is already complete
            return have, None
        raise
    with response:
        if have and response.status == 200:  # the server ignored the range: start over
            have = 0
        total = _total(response.headers.get("Content-Range"), response.headers.get("Content-Length"), have)
        with _open_part(part, append=bool(have)) as part_file:
            while True:
                if cancel is not None and cancel.is_set():
                    raise DownloadCancelled(msg("download cancelled; it resumes next time"), kept=True)
                data = response.read(block)
                if not data:
                    break
                try:
                    _write_all(part_file, data)
                except OSError as e:
                    raise _DiskError(e) from None
                have += len(data)
                if progress is not None:
                    progress(have, total)
    return have, total


def _open_part(part: Path, *, append: bool) -> BinaryIO:
    """The partial file, unbuffered: a failed write fails where it is made, not again when
    the file is closed."""
    try:
        return open(part, "ab" if append else "wb", buffering=0)
    except OSError as e:
        raise _DiskError(e) from None


def _write_all(part_file: BinaryIO, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = part_file.write(view)
        view = view[written or 0 :]


def _check(part: Path, sha256: str | None) -> None:
    """A file that is not the one published, or not a model at all, is deleted."""
    if sha256 and sha256_file(part).lower() != sha256.lower():
        part.unlink()
        raise DownloadError(
            msg(
                "the downloaded file is not the one published (its checksum does not match) "
                "and was deleted: try again; if it happens again, the server sends another file"
            )
        )
    with open(part, "rb") as part_file:
        if part_file.read(4) != GGUF_MAGIC:
            part.unlink()
            raise DownloadError(msg("the downloaded file is not a GGUF model and was deleted"))


def _failed(why: Text, part: Path, *, resumable: bool = True) -> DownloadError:
    """The error, with the promise to resume only where a partial file is kept."""
    try:
        done = part.stat().st_size if part.is_file() else 0
    except OSError:
        done = 0
    if not done or not resumable:
        return DownloadError(why, kept=done > 0)
    return DownloadError(
        msg(
            "{why}; the {done} MB downloaded so far are kept, and trying again resumes from there",
            why=why,
            done=f"{done / MB:.1f}",
        ),
        kept=True,
    )


def _http_problem(host: str, status: int) -> Text:
    if status in (404, 410):
        return msg(
            "{host} has no file at this address (HTTP {status}): the model may have moved; check the address",
            host=host,
            status=status,
        )
    if status in (401, 403, 451):
        return msg(
            "{host} refused the download (HTTP {status}): the file may need a login or be private",
            host=host,
            status=status,
        )
    if status >= 500:
        return msg("{site} has a problem (HTTP {status}): try again later", site=host, status=status)
    return msg("{host} did not send the file (HTTP {status})", host=host, status=status)


def _network_problem(host: str, reason: object, timeout: float) -> Text:
    """Open URL's words for the same troubles (thread/web/http.py)."""
    if isinstance(reason, TimeoutError | socket.timeout):
        return msg(
            "{host} did not answer within {seconds:g} s: the site or the network is slow or down; try again",
            host=host,
            seconds=timeout,
        )
    why: Text
    if isinstance(reason, socket.gaierror):
        why = msg("its name could not be looked up")
    elif isinstance(reason, ConnectionRefusedError):
        why = msg("the connection was refused")
    elif isinstance(reason, ConnectionResetError | http.client.HTTPException):
        why = msg("the connection was cut")
    elif isinstance(reason, OSError) and reason.strerror:
        why = reason.strerror[:80]  # the system's words, as they are
    else:
        why = msg("the connection failed")
    return msg("cannot reach {host} ({why}): check the network connection", host=host, why=why)


def _disk_problem(error: OSError, folder: Path) -> Text:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return msg(
            "the disk is full: {folder} has no room for the model; free some space and try again",
            folder=str(folder),
        )
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return msg("{folder} cannot be written to: choose a folder you may write to", folder=str(folder))
    return msg(
        "the model cannot be saved in {folder} ({why})",
        folder=str(folder),
        why=(error.strerror or type(error).__name__)[:80],
    )


def _total(content_range: str | None, length: str | None, have: int) -> int | None:
    if content_range:
        match = re.search(r"/(\d+)\s*$", content_range)
        if match:
            return int(match.group(1))
    if length and length.isdigit():
        return int(length) + have
    return None

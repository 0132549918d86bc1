"""Downloading a GGUF model from a URL: progress, resume (HTTP Range) and a checksum."""

from __future__ import annotations

import os
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from ..messages import Text, msg
from .gguf import GGUF_MAGIC, sha256_file

Progress = Callable[[int, int | None], None]  # bytes so far, total (None when unknown)


class DownloadError(Exception):
    """Says what went wrong (``detail``; ``str()`` in English); a partial file is kept
    (``.part``) so that a retry resumes."""

    def __init__(self, detail: Text):
        super().__init__(str(detail))
        self.detail = detail


class DownloadCancelled(DownloadError):
    pass


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
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    headers = {"User-Agent": "threadgist"}
    if have:
        headers["Range"] = f"bytes={have}-"
    total: int | None = None
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, headers=headers), timeout=timeout
        ) as response:
            if have and response.status == 200:  # the server ignored the range: start over
                have = 0
            total = _total(
                response.headers.get("Content-Range"), response.headers.get("Content-Length"), have
            )
            with open(part, "ab" if have else "wb") as part_file:
                while True:
                    if cancel is not None and cancel.is_set():
                        raise DownloadCancelled(msg("download cancelled; it resumes next time"))
                    data = response.read(block)
                    if not data:
                        break
                    part_file.write(data)
                    have += len(data)
                    if progress is not None:
                        progress(have, total)
    except urllib.error.HTTPError as e:
        if e.code != 416:  # 416: the partial file is already complete
            raise DownloadError(
                msg("the server answered {status} {reason}", status=e.code, reason=str(e.reason))
            ) from None
    except (urllib.error.URLError, OSError) as e:
        raise DownloadError(
            msg("the download stopped ({error}); run it again to resume", error=str(e))
        ) from None
    if total is not None and have < total:
        raise DownloadError(
            msg(
                "the download stopped at {have} of {total} bytes; run it again to resume",
                have=have,
                total=total,
            )
        )
    if sha256 and sha256_file(part).lower() != sha256.lower():
        part.unlink()
        raise DownloadError(msg("the downloaded file does not match its checksum and was deleted"))
    with open(part, "rb") as part_file:
        if part_file.read(4) != GGUF_MAGIC:
            part.unlink()
            raise DownloadError(msg("the downloaded file is not a GGUF model and was deleted"))
    os.replace(part, dest)
    return dest


def _total(content_range: str | None, length: str | None, have: int) -> int | None:
    if content_range:
        match = re.search(r"/(\d+)\s*$", content_range)
        if match:
            return int(match.group(1))
    if length and length.isdigit():
        return int(length) + have
    return None

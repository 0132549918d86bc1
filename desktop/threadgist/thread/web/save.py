"""Open a thread from its address: fetch it, check that it parses, save it atomically in
the caller's folder under a stable name, with a sidecar that records where it came from.
The saved file is then an ordinary thread file: it reopens offline exactly the same."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ...fsutil import atomic_write
from ...messages import Message, Text, msg, text_from_json, text_to_json
from ..errors import ThreadFileError
from ..model import LoadResult
from .bases import bases_from_env
from .http import FetchError, FetchOptions, ProgressFn, Session
from .sites import fetch_thread
from .urls import ThreadUrl, parse_url

SIDECAR_SUFFIX = ".source.json"


@dataclass(frozen=True, slots=True)
class SavedSource:
    """Where a saved thread came from (read back from its sidecar)."""

    url: str  # the canonical address; open it again to refresh
    fetched_at: datetime | None
    warnings: tuple[Text, ...] = ()  # what the fetch noticed (not in the file itself)


@dataclass
class FetchResult:
    """A fetched and saved thread."""

    url: ThreadUrl
    path: Path  # the saved copy (``load.path`` names it too)
    load: LoadResult  # what ``load_saved(path)`` gives: ``load_path(path)`` and the fetch's notes
    size: int  # bytes saved
    received: int  # bytes received over the network (compressed)
    requests: int
    seconds: float
    not_loaded: int = 0  # comments the site held back (see ``warnings``)
    warnings: list[Text] = field(default_factory=list)  # from the fetch, not the parser


def default_options() -> FetchOptions:
    """Default limits, with the site addresses from the environment (see
    :func:`~threadgist.thread.web.urls.bases_from_env`)."""
    return FetchOptions(bases=bases_from_env())


def open_url(
    url: str | ThreadUrl,
    folder: str | os.PathLike[str],
    *,
    options: FetchOptions | None = None,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> FetchResult:
    """Fetch the thread at ``url``, save it in ``folder`` and parse the saved copy.

    Blocking: run it off the GUI thread. ``progress(received, total)`` is called on the
    calling thread; setting ``cancel`` stops the fetch between blocks and requests
    (:class:`FetchCancelled`). Raises :class:`UrlError` for addresses of no supported
    thread, :class:`FetchError` when fetching fails, and :class:`ThreadFileError` (naming
    the address) when the page is not a thread; a failed fetch never replaces a copy saved
    before."""
    started = time.perf_counter()
    target = url if isinstance(url, ThreadUrl) else parse_url(url)
    session = Session(options or default_options(), cancel, progress)
    fetched = fetch_thread(target, session)
    session.check_cancel(fetched.url.canonical)  # past the deadline, what came is kept
    load, path = _save_checked(fetched.data, fetched.url, Path(folder))
    _write_sidecar(path, fetched.url.canonical, fetched.warnings)
    with_fetch_warnings(load, fetched.warnings)
    session.report(session.received)
    return FetchResult(
        url=fetched.url,
        path=path,
        load=load,
        size=len(fetched.data),
        received=session.received,
        requests=session.requests,
        seconds=time.perf_counter() - started,
        not_loaded=fetched.not_loaded,
        warnings=list(fetched.warnings),
    )


def saved_path(url: ThreadUrl, folder: str | os.PathLike[str]) -> Path:
    """Where :func:`open_url` saves ``url`` in ``folder`` (it may not exist yet)."""
    return Path(folder) / url.file_name


def _save_checked(data: bytes, url: ThreadUrl, folder: Path) -> tuple[LoadResult, Path]:
    """Write ``data`` to a temporary file beside the final one, parse it, and only then
    move it into place (the parse of the temporary file is the parse of the saved one:
    same bytes, same modification time)."""
    from ..loader import load_path

    final = folder / url.file_name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, tmp = tempfile.mkstemp(prefix=f".{url.file_name}.", suffix=".part", dir=folder)
        with os.fdopen(descriptor, "wb") as out_file:
            out_file.write(data)
    except OSError as e:
        raise FetchError(
            "not_saved",
            msg(
                "the thread could not be saved in {folder} ({why})",
                folder=str(folder),
                why=e.strerror or str(e),
            ),
            path=url.canonical,
        ) from None
    try:
        try:
            load = load_path(tmp)
        except ThreadFileError as e:
            raise ThreadFileError(e.reason, path=url.canonical, looked_like=e.looked_like) from None
        os.replace(tmp, final)
    except OSError as e:
        raise FetchError(
            "not_saved",
            msg("the thread could not be saved as {file} ({why})", file=str(final), why=e.strerror or str(e)),
            path=url.canonical,
        ) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    load.path = str(final)
    return load, final


def _write_sidecar(path: Path, url: str, warnings: list[Text]) -> None:
    """``warnings`` as English text; ``warning_messages`` the same with their templates and
    parameters, when there are messages among them."""
    doc: dict[str, object] = {
        "url": url,
        "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "warnings": [str(warning) for warning in warnings],
    }
    if any(isinstance(warning, Message) for warning in warnings):
        doc["warning_messages"] = [text_to_json(warning) for warning in warnings]
    side = Path(str(path) + SIDECAR_SUFFIX)
    with contextlib.suppress(OSError):  # the thread itself is saved; only Refresh loses its address
        atomic_write(side, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


def saved_source(path: str | os.PathLike[str]) -> SavedSource | None:
    """Where the thread saved at ``path`` was fetched from, or None for a file that was not
    fetched by this app (or whose sidecar is missing or damaged)."""
    try:
        doc = json.loads(Path(str(path) + SIDECAR_SUFFIX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("url"), str):
        return None
    try:
        parse_url(doc["url"])  # only ever hand back an address this app would fetch
    except ThreadFileError:
        return None
    when = doc.get("fetched_at")
    try:
        fetched_at = datetime.fromisoformat(when) if isinstance(when, str) else None
    except ValueError:
        fetched_at = None
    raw = doc.get("warnings")
    warnings: tuple[Text, ...] = (
        tuple(warning for warning in raw if isinstance(warning, str)) if isinstance(raw, list) else ()
    )
    messages = doc.get("warning_messages")
    if isinstance(messages, list) and len(messages) == len(warnings):
        warnings = tuple(text_from_json(message) for message in messages)
    return SavedSource(doc["url"], fetched_at, warnings)


def with_fetch_warnings(load: LoadResult, warnings: Sequence[Text]) -> LoadResult:
    """Add what the fetch noticed (comments it could not load, and why) to every thread of
    ``load``, so that the window, the estimate and the digest say it as they say the
    parser's notes. A parser's own note of missing comments gives way to the fetch's note
    of the same number, which says why they are missing."""
    if not warnings:
        return load
    missing = {_missing_count(warning) for warning in warnings} - {None}
    for thread in load.threads:
        kept = [warning for warning in thread.warnings if _missing_count(warning) not in missing]
        thread.warnings[:] = [*kept, *(warning for warning in warnings if warning not in kept)]
    return load


def _missing_count(text: Text) -> int | None:
    """The number of a "{count} comment(s) were not loaded…" note, else None."""
    if isinstance(text, Message) and text.template.startswith("{count} comment(s) were not loaded"):
        count = text.args.get("count")
        return count if isinstance(count, int) else None
    return None


def load_saved(path: str) -> LoadResult:
    """:func:`~threadgist.thread.loader.load_path`, with the notes of the fetch that saved
    the file (from its sidecar) when it was fetched by this app."""
    from ..loader import load_path

    load = load_path(path)
    src = saved_source(path)
    return with_fetch_warnings(load, src.warnings) if src is not None else load


def source_url_of(path: str | os.PathLike[str]) -> str | None:
    """The address the thread at ``path`` was fetched from (None if it was not fetched)."""
    src = saved_source(path)
    return src.url if src else None

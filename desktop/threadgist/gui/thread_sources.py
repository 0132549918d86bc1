"""The controller's part that opens threads: a file read on a worker thread, an address
fetched and saved under the data folder, Refresh (and how many comments it added), and
the article chosen in a multi-article file. A mixin of
:class:`~threadgist.gui.controller.Controller`, which owns the state and the signals."""

from __future__ import annotations

import concurrent.futures as cf
import logging
import sys
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import SignalInstance

from ..messages import msg
from ..store.settings import Settings
from ..thread import Thread, ThreadFileError
from .tasks import TaskRunner

if TYPE_CHECKING:
    from ..digest.model import Digest
    from ..thread.model import LoadResult
    from ..thread.web import FetchResult

log = logging.getLogger("threadgist.gui")


class ThreadSources:
    # the controller's state and signals this part uses
    runner: TaskRunner
    settings: Settings
    result: LoadResult | None
    current: Thread | None
    digest: Digest | None
    _fetch_cancel: threading.Event | None
    loaded: SignalInstance
    load_failed: SignalInstance
    thread_changed: SignalInstance
    fetch_progress: SignalInstance
    fetch_failed: SignalInstance
    grown: SignalInstance

    if TYPE_CHECKING:  # the controller's own, and the run's part's

        def save_settings(self) -> None: ...

        def cancel(self) -> None: ...

        def refresh(self) -> None: ...

    def open_path(self, path: str) -> None:
        self.runner.call(lambda: _load(path), lambda future: self._opened(path, future))

    # ---- threads from addresses ------------------------------------------------------------
    def open_url(self, text: str) -> bool:
        """Fetch a thread from its address in the background, save the copy under the data
        folder and open it; False (and ``fetch_failed``) when it is not a thread address."""
        from ..store.paths import data_dir
        from ..thread.web import UrlError, default_options, open_url, parse_url

        try:
            url = parse_url(text)
        except UrlError as e:
            self.fetch_failed.emit(text, e.detail, False)
            return False
        self.cancel_fetch()
        self._fetch_cancel = cancel = threading.Event()
        before = self._comment_count() if self._same_source(url.canonical) else None
        shown = url.canonical

        def progress(done: int, total: int | None) -> None:
            self.runner.run_on_main(lambda: self.fetch_progress.emit(shown, done, total or 0))

        def fetch() -> FetchResult:
            return open_url(
                url, data_dir() / "fetched", options=default_options(), progress=progress, cancel=cancel
            )

        log.info("fetching %s", url.canonical)
        self.fetch_progress.emit(shown, 0, 0)
        self.runner.call(fetch, lambda future: self._fetched(url.canonical, before, cancel, future))
        return True

    def cancel_fetch(self) -> None:
        if self._fetch_cancel is not None:
            self._fetch_cancel.set()
            self._fetch_cancel = None

    @property
    def fetching(self) -> bool:
        return self._fetch_cancel is not None

    def _fetched(
        self, address: str, before: int | None, cancel: threading.Event, fut: cf.Future[FetchResult]
    ) -> None:
        from ..thread.web import FetchCancelled, FetchError

        if self._fetch_cancel is cancel:
            self._fetch_cancel = None
        try:
            result = fut.result()
        except FetchCancelled:
            self.fetch_failed.emit(address, "", True)  # "" = cancelled: nothing to say
            return
        except FetchError as e:
            self.fetch_failed.emit(address, e.detail, e.network)
            return
        except ThreadFileError as e:
            self.fetch_failed.emit(address, e.detail, False)
            return
        except Exception as e:  # a bug must not lose the window: say it, log it
            log.exception("fetch failure on %s", address)
            self.fetch_failed.emit(address, f"{type(e).__name__}: {e}", False)
            return
        done: cf.Future[LoadResult] = cf.Future()
        done.set_result(result.load)
        self._opened(str(result.path), done)
        self._report_growth(before)

    def source_url(self) -> str | None:
        """The address the open thread was fetched from (for Refresh), if any."""
        if self.result is None:
            return None
        from ..thread.web import source_url_of

        return source_url_of(self.result.path)

    def reload(self) -> None:
        """Refresh: fetch a thread opened from an address again, or read its file again;
        ``grown`` says how many comments were added."""
        if self.result is None:
            return
        url = self.source_url()
        if url is not None:
            self.open_url(url)
            return
        before = self._comment_count()
        path = self.result.path

        def done(fut: cf.Future[LoadResult]) -> None:
            self._opened(path, fut)
            self._report_growth(before)

        self.runner.call(lambda: _load(path), done)

    def _same_source(self, canonical: str) -> bool:
        return self.source_url() == canonical

    def _comment_count(self) -> int | None:
        return len(self.current.comments) if self.current is not None else None

    def _report_growth(self, before: int | None) -> None:
        now = self._comment_count()
        if before is not None and now is not None:
            self.grown.emit(now - before, now)

    def adopt_load(self, path: str, fut: cf.Future[LoadResult]) -> None:
        """Take over a load started before the window existed (start-up)."""
        fut.add_done_callback(lambda future: self.runner.run_on_main(lambda: self._opened(path, future)))

    def _opened(self, path: str, fut: cf.Future[LoadResult]) -> None:
        try:
            result = fut.result()
        except ThreadFileError as e:
            log.info("could not open a file: %s", e)
            self.load_failed.emit(path, e.detail)
            return
        except Exception as e:  # a parser bug must not lose the window: say it, log it
            log.exception("parser failure on %s", path)
            self.load_failed.emit(
                path,
                msg(
                    "{path}: could not be parsed ({error}); please report this file",
                    path=path,
                    error=f"{type(e).__name__}: {e}",
                ),
            )
            return
        self.result = result
        log.info(
            "opened %s: %s, %s, %d article(s), %d comment(s) in the first",
            path,
            result.format,
            result.encoding,
            len(result.threads),
            len(result.threads[0].comments) if result.threads else 0,
        )
        self.settings.add_recent(path)
        self.runner.after_paint(self.save_settings)  # the disk can wait for the first paint
        self.loaded.emit(result)
        self.select_article(0)

    def select_article(self, index: int) -> None:
        if self.result is None or not 0 <= index < len(self.result.threads):
            return
        self.cancel()
        self.current = self.result.threads[index]
        self.digest = None
        self.thread_changed.emit(self.current)
        if quick_lookup(self.current):  # its cached digest shows with the thread
            self.refresh()
        else:  # after the thread is painted (see quick_lookup)
            self.runner.after_paint(self.refresh)


#: comments up to which a thread's cache lookup and plan take a few milliseconds
QUICK_LOOKUP_COMMENTS = 2000


def quick_lookup(thread: Thread) -> bool:
    """Whether the cache lookup and the plan can start with the thread's first paint
    rather than after it: when the digest machinery is loaded already and the thread is
    small. The first lookup loads that machinery, and a big thread's hash and plan take
    tens of milliseconds; either would compete with the paint for the GIL."""
    return len(thread.comments) <= QUICK_LOOKUP_COMMENTS and "threadgist.services.estimate" in sys.modules


def _load(path: str) -> LoadResult:
    from ..thread.web import load_saved  # a fetched copy: the fetch's notes too

    return load_saved(path)

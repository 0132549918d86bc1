"""The app's state and its background work, adapted to signals: open a thread file,
plan a run, summarize, cancel, look up cached digests. Widgets only talk to this."""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication

from ..llm.builtin import BUILTIN_NAME, builtin_profile
from ..llm.errors import EndpointError, ErrorKind
from ..llm.profile_store import ProfileStore
from ..llm.profiles import EndpointProfile
from ..messages import Text, msg
from ..store.settings import Settings, SettingsWriter
from ..thread import Thread, ThreadFileError
from .local_choices import LocalChoices
from .tasks import TaskRunner

log = logging.getLogger("threadgist.gui")

if TYPE_CHECKING:  # the digest machinery (openai, tiktoken) loads off the GUI thread
    from ..digest.growth import Growth
    from ..digest.model import Digest
    from ..digest.pipeline import Progress
    from ..llm.catalog_fit import Speed
    from ..llm.discover import FoundServer
    from ..llm.engine import LocalEngine
    from ..services import Services
    from ..services.estimate import Estimate
    from ..thread.model import LoadResult
    from ..thread.web import FetchResult


@dataclass(frozen=True)
class RunError:
    kind: ErrorKind  # an EndpointError's kind, or INTERNAL
    message: Text  # for the user: the endpoint's name, the server's words, what to do


class Controller(QObject, LocalChoices):
    loaded = Signal(object)  # LoadResult
    load_failed = Signal(str, object)  # path, message (Text)
    thread_changed = Signal(object)  # Thread
    estimated = Signal(object)  # Estimate
    estimate_failed = Signal(object)  # Text: why the run cannot be planned
    cached = Signal(object)  # Digest | None, for the current thread and endpoint
    started = Signal()
    progress = Signal(object)  # Progress
    finished = Signal(object)  # Digest
    failed = Signal(object)  # RunError
    cancelled = Signal()
    stopping = Signal()  # the user stops the run (``cancelled`` follows once it has)
    endpoints_changed = Signal()
    endpoint_changed = Signal(object)  # EndpointProfile | None
    models_listed = Signal(str, list)  # endpoint name, model names
    speed_measured = Signal(object)  # Speed | None: this computer's speed with the bundled model
    speed_failed = Signal(object)  # Text: why this computer's speed could not be measured
    fetch_progress = Signal(str, int, int)  # address, bytes so far, total (0 = unknown)
    #: address, message (Text; "" when cancelled), whether it is a network error
    fetch_failed = Signal(str, object, bool)
    grown = Signal(int, int)  # comments added since the copy shown before (Refresh), all now
    #: no digest of the thread as it is, but one of an earlier state: (Growth, that Digest)
    grown_since = Signal(object, object)
    servers_found = Signal(list)  # list[FoundServer]: local servers no profile points at yet

    def __init__(
        self, settings: Settings, services: Services | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.profile_store = services.profiles if services else ProfileStore()
        self._services = services
        self._services_lock = threading.Lock()
        self.runner = TaskRunner(self)
        self._settings_writer = SettingsWriter()
        self.result: LoadResult | None = None
        self.current: Thread | None = None
        self.digest: Digest | None = None
        self._run: cf.Future[Digest] | None = None
        self._generation = 0  # bumps whenever the thread or endpoint changes
        # whether the built-in engine is installed (file lookups): once, not per profile()
        self._builtin = builtin_profile()
        self.found: list[FoundServer] = []  # local servers found that no profile points at
        self.scan_done = False
        self.scanning = False  # a look for local servers is under way
        self.last_estimate: Estimate | None = None
        self.growth: Growth | None = None  # the open thread grew since its latest digest
        self._fetch_cancel: threading.Event | None = None
        self.speed: Speed | None = None  # measured with the bundled model, when it has been
        self._measuring = False
        self.speed_error: Text | None = None  # why the last measurement failed
        self._speed_engine: LocalEngine | None = None
        self._last_scan = 0.0  # time.monotonic() of the last look for local servers
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):  # back in the window: look for servers again
            app.applicationStateChanged.connect(self._app_state)

    @property
    def services(self) -> Services:
        """Keys, cache, clients: made on first use (usually by a background task, see
        :meth:`warm_up`), because importing them costs a few hundred milliseconds."""
        with self._services_lock:
            if self._services is None:
                from ..services import Services

                self._services = Services(profiles=self.profile_store)
            return self._services

    def warm_up(self) -> None:
        """Load the digest machinery in the background once the window is up."""
        self.runner.call(lambda: self.services)

    # ---- endpoints --------------------------------------------------------------------
    def profiles(self) -> list[EndpointProfile]:
        found = list(self.profile_store.profiles.values())
        if self._builtin is not None and BUILTIN_NAME not in self.profile_store.profiles:
            found.append(self._builtin)
        return found

    def profile(self) -> EndpointProfile | None:
        by_name = {profile.name: profile for profile in self.profiles()}
        return (
            by_name.get(self.settings.endpoint)
            or by_name.get(self.profile_store.default or "")
            or next(iter(by_name.values()), None)
        )

    def set_endpoint(self, name: str) -> None:
        log.info("endpoint: %s", name)
        self.settings.endpoint = name
        self.save_settings()
        self.endpoint_changed.emit(self.profile())
        self.refresh()

    def set_model(self, model: str) -> None:
        """Use another model on the current endpoint (saved in its profile)."""
        profile = self.profile()
        if profile is None or not model or model == profile.model:
            return
        profile = dataclasses.replace(profile, model=model)
        self.profile_store.add(profile)
        self.endpoint_changed.emit(profile)
        self.refresh()

    def reload_profiles(self) -> None:
        self.profile_store.load()
        self.endpoints_changed.emit()
        self.endpoint_changed.emit(self.profile())
        self.refresh()

    # ---- threads ----------------------------------------------------------------------
    def open_path(self, path: str) -> None:
        def load() -> LoadResult:
            from ..thread.web import load_saved  # a fetched copy: the fetch's notes too

            return load_saved(path)

        self.runner.call(load, lambda future: self._opened(path, future))

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

        def load() -> LoadResult:
            from ..thread.web import load_saved  # a fetched copy: the fetch's notes too

            return load_saved(path)

        def done(fut: cf.Future[LoadResult]) -> None:
            self._opened(path, fut)
            self._report_growth(before)

        self.runner.call(load, done)

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
        # after the thread is painted: the plan and the cache lookup load the digest
        # machinery, whose imports would compete with the first paint for the GIL
        self.runner.after_paint(self.refresh)

    # ---- planning and the cache -------------------------------------------------------
    def refresh(self) -> None:
        """Look up the cached digest and the plan for the current thread and endpoint."""
        self._generation += 1
        gen, thread, profile = self._generation, self.current, self.profile()
        if not self.running:
            self.digest = None  # until the cache says which digest goes with this endpoint
        if thread is None or profile is None:
            self.cached.emit(None)
            return
        lang = self.settings.output_lang

        def cached() -> tuple[Digest | None, Growth | None, Digest | None]:
            from ..services.estimate import cached_digest, previous_digest, thread_growth

            found = cached_digest(self.services, thread, profile, lang)
            if found is not None:
                return found, None, None
            grown = thread_growth(self.services, thread, profile, lang)
            if grown is None or not grown.new:
                return None, None, None
            return None, grown, previous_digest(self.services, thread, profile, lang)

        def plan() -> Estimate:
            from ..services.estimate import estimate

            return estimate(self.services, thread, profile, lang, speed=self.speed)

        self.runner.call(cached, lambda future: self._cached_done(gen, future))
        self.runner.call(plan, lambda future: self._estimate_done(gen, future))

    def _cached_done(
        self, gen: int, fut: cf.Future[tuple[Digest | None, Growth | None, Digest | None]]
    ) -> None:
        if gen != self._generation or self.running:
            return
        try:
            found, grown, earlier = fut.result()
        except Exception:  # the cache is an optimisation; a damaged one must not stop reading
            log.exception("cache lookup failed")
            found, grown, earlier = None, None, None
        self.digest = found
        self.growth = grown
        self.cached.emit(found)
        if grown is not None and earlier is not None:
            self.grown_since.emit(grown, earlier)

    def _estimate_done(self, gen: int, fut: cf.Future[Estimate]) -> None:
        if gen != self._generation:
            return
        try:
            self.last_estimate = fut.result()
            self.estimated.emit(self.last_estimate)
        except EndpointError as e:
            self.estimate_failed.emit(e.detail)
        except ValueError as e:  # the thread cannot be planned for this model
            from ..digest.plan import PlanError  # loaded: the estimate ran

            self.estimate_failed.emit(e.detail if isinstance(e, PlanError) else str(e))
        except Exception as e:  # the cache cannot be opened, a bug: said, logged, not lost
            log.exception("estimate failed")
            self.estimate_failed.emit(
                msg("the estimate could not be made ({error})", error=f"{type(e).__name__}: {e}")
            )

    # ---- running ----------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._run is not None and not self._run.done()

    def summarize(self, *, force: bool = False, newest: int = 0, since_floor: int | None = None) -> bool:
        """Summarize the open thread (``newest`` > 0: only its newest comments;
        ``since_floor``: a "what's new" digest of the comments after that floor)."""
        thread, profile = self.current, self.profile()
        if thread is None or self.running:
            return False
        if 0 < newest < len(thread.comments):
            part = thread.comments[-newest:]
            note = msg(
                "only the newest {newest:,} of {total:,} comments (floors {first}–{last}) were summarized",
                newest=newest,
                total=len(thread.comments),
                first=part[0].floor,
                last=part[-1].floor,
            )
            thread = dataclasses.replace(thread, comments=part, warnings=[*thread.warnings, note])
        if profile is None:
            self.failed.emit(
                RunError(
                    ErrorKind.CONFIG,
                    msg("no endpoint is configured: add one in Endpoints → Manage endpoints"),
                )
            )
            return False
        log.info(
            "summarize: endpoint %s (%s), model %s, force=%s, %d comments",
            profile.name,
            profile.preset,
            profile.model_label,
            force,
            len(thread.comments),
        )
        self.started.emit()
        self._run = self.runner.run(self._summarize(thread, profile, force, since_floor), self._run_done)
        return True

    def cancel(self) -> None:
        if self._run is not None and not self._run.done():
            self.stopping.emit()
            self._run.cancel()

    async def _summarize(
        self, thread: Thread, profile: EndpointProfile, force: bool, since_floor: int | None = None
    ) -> Digest:
        import asyncio

        from ..services.run import RunOptions, summarize

        services = await asyncio.get_running_loop().run_in_executor(None, lambda: self.services)
        options = RunOptions(lang=self.settings.output_lang, use_cache=not force, since_floor=since_floor)
        return await summarize(services, thread, profile, options, self._emit_progress)

    def _emit_progress(self, update: Progress) -> None:  # on the asyncio thread
        self.runner.run_on_main(lambda: self.progress.emit(update))

    def _run_done(self, fut: cf.Future[Digest]) -> None:
        self._run = None
        if fut.cancelled():
            log.info("summarize cancelled")
            self.cancelled.emit()
            return
        try:
            digest = fut.result()
        except EndpointError as e:
            log.warning("summarize failed (%s): %s", e.kind, e.message)
            self.failed.emit(RunError(e.kind, e.detail))
            return
        except cf.CancelledError:
            log.info("summarize cancelled")
            self.cancelled.emit()
            return
        except Exception as e:  # a bug: shown in a dialog and logged, never a traceback
            log.exception("summarize failed")
            self.failed.emit(RunError(ErrorKind.INTERNAL, f"{type(e).__name__}: {e}"))
            return
        usage = digest.usage
        log.info(
            "summarize finished: %d call(s), %d+%d tokens, %d citation(s) removed%s",
            usage.calls,
            usage.prompt_tokens,
            usage.completion_tokens,
            len(digest.verification.removed),
            " (cached)" if digest.meta.cached else "",
        )
        self.digest = digest
        self.finished.emit(digest)

    # ---- settings ---------------------------------------------------------------------
    def apply_preferences(self, chosen: Settings) -> bool:
        """Take the Preferences dialog's fields (font, languages, when to ask before a run)
        and save them; True when the digest language changed (the digest shown is then
        another language's: look it up again)."""
        settings = self.settings
        lang_changed = chosen.output_lang != settings.output_lang
        settings.font_family, settings.font_size = chosen.font_family, chosen.font_size
        settings.output_lang, settings.ui_lang, settings.ask_calls = (
            chosen.output_lang,
            chosen.ui_lang,
            chosen.ask_calls,
        )
        self.save_settings()
        return lang_changed

    def remember_layout(self, geometry: str, state: str, splitter: str) -> None:
        """The window's geometry, toolbars and divider (base64 of Qt's saved state)."""
        settings = self.settings
        settings.window_geometry, settings.window_state, settings.splitter_state = geometry, state, splitter
        self.save_settings()

    def keep_endpoint(self, name: str) -> None:
        """Pin the endpoint in use by name, without switching to it (saving a new profile
        must not move the toolbar to it)."""
        if not self.settings.endpoint:
            self.settings.endpoint = name
            self.save_settings()

    def save_settings(self) -> None:
        """Snapshot the settings now, write them in the background (the disk may be slow;
        a read-only config folder does not stop the app)."""
        self._settings_writer.submit(self.settings)
        self.runner.call(self._settings_writer.flush)

    def shutdown(self) -> None:
        self.cancel()
        self.cancel_fetch()
        engine = self._speed_engine
        if engine is not None:  # a speed measurement: its request ends when the engine does
            engine.stop()
        self.runner.shutdown()
        self._settings_writer.flush()  # the last snapshot (window geometry), whatever was queued
        if self._services is not None:
            self._services.close()

    # ---- models of the current endpoint -------------------------------------------------
    def fetch_models(self) -> None:
        """List the current endpoint's models in the background (not for the built-in
        engine, which would have to start)."""
        profile = self.profile()
        if profile is None or profile.kind.engine:
            return

        async def names() -> list[str]:
            return await self.services.list_models(profile)

        def done(fut: cf.Future[list[str]]) -> None:
            try:
                found = fut.result()
            except Exception:  # the list is a convenience; the combo box keeps its model
                return
            self.models_listed.emit(profile.name, found)

        self.runner.run(names(), done)

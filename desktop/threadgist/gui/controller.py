"""The app's state and its background work, adapted to signals: open a thread file,
plan a run, summarize, cancel, look up cached digests. Widgets only talk to this. Its
parts have modules of their own: opening threads (thread_sources.py), the cache, the
plan and the run (run_state.py), local servers and models (local_choices.py); this one
holds the signals, the endpoints and the settings."""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication

from ..llm.builtin import BUILTIN_NAME, builtin_profile
from ..llm.profile_store import ProfileStore
from ..llm.profiles import EndpointProfile
from ..messages import Text
from ..store.settings import Settings, SettingsWriter
from ..thread import Thread
from .local_choices import LocalChoices
from .run_state import RunState
from .tasks import TaskRunner, settle_the_heap
from .thread_sources import ThreadSources

log = logging.getLogger("threadgist.gui")

if TYPE_CHECKING:  # the digest machinery (openai, tiktoken) loads off the GUI thread
    from ..digest.growth import Growth
    from ..digest.model import Digest
    from ..llm.catalog_fit import Speed
    from ..llm.discover import FoundServer
    from ..llm.engine import LocalEngine
    from ..services import Services
    from ..services.estimate import Estimate
    from ..thread.model import LoadResult


class Controller(QObject, ThreadSources, RunState, LocalChoices):
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
                settle_the_heap()  # the machinery is loaded: keep full collections short
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

    # ---- settings ---------------------------------------------------------------------
    def apply_preferences(self, chosen: Settings) -> bool:
        """Take the Preferences dialog's fields (font, languages, when to ask before a run,
        the answers' form) and save them; True when the digest language or the answers'
        form changed (the digest shown and the plan are then another run's: look them up
        again)."""
        settings = self.settings
        changed = (chosen.output_lang, chosen.answer_form) != (settings.output_lang, settings.answer_form)
        settings.font_family, settings.font_size = chosen.font_family, chosen.font_size
        settings.output_lang, settings.ui_lang, settings.ask_calls = (
            chosen.output_lang,
            chosen.ui_lang,
            chosen.ask_calls,
        )
        settings.answer_form = chosen.answer_form
        self.save_settings()
        return changed

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

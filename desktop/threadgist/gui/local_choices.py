"""The controller's part that helps to a local model: local servers found on this computer
(looked for at start-up, on *Look again* and when the window regains the focus), the
first-run choices, and this computer's speed measured with the bundled model (the
catalog's minutes and the built-in engine's estimate follow from it). A mixin of
:class:`~threadgist.gui.controller.Controller`, which owns the state and the signals."""

from __future__ import annotations

import concurrent.futures as cf
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, SignalInstance

from ..llm.profile_store import ProfileStore
from ..llm.profiles import EndpointProfile
from ..messages import Text
from ..store.settings import Settings
from .tasks import TaskRunner

if TYPE_CHECKING:
    from ..llm.catalog_fit import Speed
    from ..llm.discover import FoundServer
    from ..llm.engine import LocalEngine
    from ..services import Services
    from ..services.estimate import Estimate

log = logging.getLogger("threadgist.gui")
#: looking for local servers again when the window regains the focus: at most this often
RESCAN_SECONDS = 30.0


class LocalChoices:
    # the controller's state and signals this part uses
    runner: TaskRunner
    settings: Settings
    profile_store: ProfileStore
    found: list[FoundServer]
    scan_done: bool
    scanning: bool
    _last_scan: float
    speed: Speed | None
    speed_error: Text | None
    _measuring: bool
    _speed_engine: LocalEngine | None
    last_estimate: Estimate | None
    servers_found: SignalInstance
    endpoints_changed: SignalInstance
    speed_measured: SignalInstance
    speed_failed: SignalInstance
    estimated: SignalInstance

    @property
    def services(self) -> Services:
        raise NotImplementedError

    def profiles(self) -> list[EndpointProfile]:
        raise NotImplementedError

    def set_endpoint(self, name: str) -> None:
        raise NotImplementedError

    def save_settings(self) -> None:
        raise NotImplementedError

    # ---- local servers ------------------------------------------------------------------
    def scan_local(self, *, at_most_every: float = 0.0) -> None:
        """Look for local servers (127.0.0.1, short timeouts) in the background; not when
        a look is under way or ended less than ``at_most_every`` seconds ago."""
        import time

        now = time.monotonic()
        if self.scanning or (self._last_scan and now - self._last_scan < at_most_every):
            return
        self.scanning, self._last_scan = True, now

        def done(fut: cf.Future[list[FoundServer]]) -> None:
            try:
                found = fut.result()
            except Exception:  # a convenience: nothing found is not an error
                log.exception("local server scan failed")
                found = []
            known = {profile.base_url.rstrip("/") for profile in self.profiles()}
            self.found = [server for server in found if server.base_url not in known]
            self.scan_done, self.scanning = True, False
            self._last_scan = time.monotonic()
            log.info("local servers found: %s", ", ".join(server.label for server in self.found) or "none")
            self.servers_found.emit(self.found)

        self.runner.call(_scan, done)

    def _app_state(self, state: Qt.ApplicationState) -> None:
        """The window regained the focus: a server started meanwhile is found (at most
        once every :data:`RESCAN_SECONDS`; only after the first look)."""
        if state == Qt.ApplicationState.ApplicationActive and self.scan_done:
            self.scan_local(at_most_every=RESCAN_SECONDS)

    def use_found(self, index: int) -> None:
        """Make a profile for a found server and switch to it."""
        if not 0 <= index < len(self.found):
            return
        server = self.found.pop(index)
        name = server.label
        while name in self.profile_store.profiles:
            name += "+"
        profile = EndpointProfile.from_preset(
            name, server.preset, base_url=server.base_url, model=server.models[0] if server.models else None
        )
        self.profile_store.add(profile)
        self.endpoints_changed.emit()
        self.servers_found.emit(self.found)
        self.set_endpoint(name)

    # ---- choosing a local model ------------------------------------------------------------
    def welcome_needed(self) -> bool:
        """Nothing is configured and the first-run choices were not answered."""
        return not self.settings.welcome_done and not self.profile_store.profiles

    def finish_welcome(self) -> None:
        self.settings.welcome_done = True
        self.save_settings()

    @property
    def measuring(self) -> bool:
        return self._measuring

    def measure_speed(self, *, again: bool = False) -> None:
        """This computer's speed with the bundled model (remembered; measured once, in the
        background, in a few seconds): the catalog's minutes and the built-in engine's
        estimate are scaled from it. A failure is said (``speed_failed``) and not tried
        again by itself; ``again``: the user asked to try again."""
        from ..llm.gguf import default_model_path
        from ..llm.speedtest import engine_for, failure_text, measure, remember, remembered

        busy_again = again and self.speed is not None and self.speed.taken_busy
        done_before = self.speed is not None or (self.speed_error is not None and not again)
        if self._measuring or (done_before and not busy_again):
            if not self._measuring:
                self._tell_speed()
            return
        self._measuring = True
        self.speed_error = None

        def work() -> Speed | None:
            known = remembered(self.services.caps)
            if known is not None and not (busy_again and known.taken_busy):
                return known
            model = default_model_path(verify=False)
            if model is None:
                raise FileNotFoundError("the bundled model is not installed")
            self._speed_engine = engine = engine_for(model)  # stopped if the app quits
            try:
                speed = measure(model, engine=engine)
            finally:
                self._speed_engine = None
            return remember(self.services.caps, speed)

        def done(fut: cf.Future[Speed | None]) -> None:
            self._measuring = False
            before = self.speed
            try:
                self.speed = fut.result()
            except Exception as e:  # an estimate only: the catalog shows sizes without
                # minutes; quitting mid-measurement stops its engine and ends up here too
                log.warning("speed measurement failed: %s", e)
                self.speed_error = failure_text(e)
                if before is None:  # a figure known before (a busy one) is kept
                    self.speed = None
            self._tell_speed(again=before is not None and self.speed != before)

        self.runner.call(work, done)

    def _tell_speed(self, *, again: bool = False) -> None:
        """Say the speed (or why there is none); ``again``: it replaced another figure, so
        the estimate's minutes are worked out anew."""
        if self.speed is None and self.speed_error is not None:
            self.speed_failed.emit(self.speed_error)
            return
        self.speed_measured.emit(self.speed)
        estimate = self.last_estimate
        if self.speed is not None and estimate is not None and (estimate.minutes is None or again):
            from ..services.estimate import timed  # loaded: there is an estimate

            self.last_estimate = timed(estimate, self.speed)
            if self.last_estimate.minutes is not None:
                self.estimated.emit(self.last_estimate)

    def workload(self) -> tuple[int, int, bool]:
        """The open thread's prompt and answer tokens (from its estimate: the run's plan,
        each call's answer reserve), and whether it is Chinese."""
        estimate = self.last_estimate
        if estimate is None:
            return 0, 0, True
        return estimate.prompt_tokens, estimate.answer_tokens, estimate.lang.startswith("zh")

    def use_local_model(self, path: str, name: str) -> None:
        """A downloaded model on the built-in engine: a profile of its own, made the default."""
        label = f"Built-in: {name}"
        profile = EndpointProfile.from_preset(label, "builtin", model=path)
        self.profile_store.add(profile, make_default=True)
        self.endpoints_changed.emit()
        self.set_endpoint(label)


def _scan() -> list[FoundServer]:
    """The probe, loaded (urllib, http, ssl) on the worker thread that runs it."""
    from ..llm.discover import scan

    return scan()

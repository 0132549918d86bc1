"""The first-run choices in the main window: shown below the run panel when nothing is
configured (after the first paint), wired to the controller while they are shown, and
taken away once the user chose or dismissed them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QMetaObject, QObject
from PySide6.QtWidgets import QSplitter, QVBoxLayout

from .controller import Controller

if TYPE_CHECKING:
    from .first_run import FirstRunArea, FirstRunPanel


class WelcomeFlow(QObject):
    """``column``: the layout the panel goes into (under its first widget); ``splitter``:
    widened so that its text wraps at a readable width; ``add_endpoint(preset)``: opens
    Manage endpoints on a new profile; ``make_room(on)``: the empty digest area below steps
    aside while the panel shows (DigestView.make_room)."""

    def __init__(
        self,
        controller: Controller,
        splitter: QSplitter,
        column: QVBoxLayout,
        add_endpoint: Callable[[str], None],
        make_room: Callable[[bool], None],
    ) -> None:
        super().__init__(splitter)
        self.controller, self.splitter, self.column = controller, splitter, column
        self._make_room = make_room
        self._add_endpoint = add_endpoint
        self.panel: FirstRunPanel | None = None
        self.area: FirstRunArea | None = None
        self._links: list[QMetaObject.Connection] = []
        if controller.welcome_needed():  # built after the first paint: start-up does not wait for it
            controller.runner.after_paint(self._show)

    def _show(self) -> None:
        if self.panel is not None or not self.controller.welcome_needed():
            return
        from .first_run import FirstRunArea, widen_for

        self.panel = self._make_panel()
        # as tall as the panel, at most half the window once a digest shows: it scrolls on
        # a small screen
        self.area = area = FirstRunArea(
            self.panel, lambda: self.controller.running or self.controller.digest is not None
        )
        widen_for(self.splitter)  # its text wraps at a readable width
        # below the run panel, whose Cancel then stays put while a run's rows appear
        self.column.insertWidget(1, area, 2)  # the digest area is empty until a first run
        self._make_room(True)
        self.controller.measure_speed()  # the catalog's minutes need this computer's speed
        if self.controller.measuring:
            self.panel.catalog.set_measuring()

    def _refit(self) -> None:
        if self.area is not None:
            self.area.updateGeometry()

    def _make_panel(self) -> FirstRunPanel:
        from .catalog_box import CatalogBox
        from .first_run import FirstRunPanel
        from .local_model_box import models_dir

        controller = self.controller
        panel = FirstRunPanel(controller.runner, CatalogBox(controller.runner, models_dir()))
        if controller.scan_done:
            panel.set_found(controller.found)
        if controller.last_estimate is not None:
            panel.catalog.set_workload(*controller.workload())
        # the controller outlives the panel: these are undone when it closes
        self._links = [
            controller.started.connect(self._refit),  # a run's rows and digest need room
            controller.finished.connect(lambda _d: self._refit()),
            controller.cached.connect(lambda _d: self._refit()),
            controller.servers_found.connect(panel.set_found),
            controller.speed_measured.connect(panel.catalog.set_speed),
            controller.speed_failed.connect(panel.catalog.set_speed_failed),
            controller.estimated.connect(lambda _e: panel.catalog.set_workload(*controller.workload())),
        ]
        panel.catalog.measure_again.connect(lambda: controller.measure_speed(again=True))
        panel.look_again.connect(controller.scan_local)
        panel.use_server.connect(self._use_server)
        panel.model_ready.connect(self._use_model)
        panel.add_cloud.connect(self._add_cloud)
        panel.dismissed.connect(self._done)
        return panel

    def _use_server(self, index: int) -> None:
        self.controller.use_found(index)
        self._done()

    def _use_model(self, path: str, name: str) -> None:
        self.controller.use_local_model(path, name)
        self._done()

    def _add_cloud(self) -> None:
        self._done()
        self._add_endpoint("openai")

    def _done(self) -> None:
        self.controller.finish_welcome()
        for link in self._links:
            QObject.disconnect(link)
        self._links = []
        self._make_room(False)
        if self.area is not None:
            self.area.hide()
            self.area.deleteLater()
            self.area = None
            self.panel = None

"""The endpoint in use, as the main window shows it: the toolbar's endpoints and models,
the notice about a damaged endpoint list, and what a change of endpoint resets."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from ..llm.profiles import EndpointProfile
from .controller import Controller
from .digest_view import DigestView
from .endpoint_bar import EndpointBar
from .endpoint_damage import EndpointDamage
from .run_panel import RunPanel
from .status_line import StatusLine


class EndpointFlow(QObject):
    def __init__(
        self,
        controller: Controller,
        bar: EndpointBar,
        views: tuple[RunPanel, DigestView],
        damage: EndpointDamage,
        status: StatusLine,
    ) -> None:
        super().__init__(bar)
        self.controller, self.bar, self.damage, self.status = controller, bar, damage, status
        self.run_panel, self.digest_view = views
        self._scanned = False  # local servers are looked for once, after the first paint
        controller.endpoints_changed.connect(self.fill)
        controller.endpoints_changed.connect(self._tell_damage)
        controller.runner.after_paint(self._tell_damage)
        controller.endpoint_changed.connect(self._endpoint_changed)
        controller.models_listed.connect(self._models_listed)
        controller.servers_found.connect(bar.set_found)
        bar.endpoint_chosen.connect(controller.set_endpoint)
        bar.model_chosen.connect(controller.set_model)
        bar.found_chosen.connect(controller.use_found)

    def fill(self) -> None:
        """The toolbar's endpoints, the current one chosen."""
        self.bar.set_profiles(self.controller.profiles(), self.controller.profile())
        self.status.update()
        # the server's model list can wait until the window is up (it loads openai)
        QTimer.singleShot(800, self.controller.fetch_models)
        if not self._scanned:  # local servers: probed once, after the first paint
            self._scanned = True
            self.controller.runner.after_paint(self.controller.scan_local)

    def _tell_damage(self) -> None:
        self.damage.check(self.controller.profile())

    def _endpoint_changed(self, profile: EndpointProfile | None) -> None:
        self.bar.set_current(profile)
        if not self.controller.running:  # the rows of a run belong to its endpoint's digest
            self.run_panel.reset_calls()
        if self.controller.current is not None and not self.controller.running:
            self.digest_view.show_looking()
        self.run_panel.set_estimate(None, self.tr("Estimating…"))
        self.status.update()
        self.controller.fetch_models()

    def _models_listed(self, endpoint: str, names: list[str]) -> None:
        profile = self.controller.profile()
        if profile is not None and profile.name == endpoint:
            self.bar.set_models(names, profile.model_label)

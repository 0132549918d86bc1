"""The status bar's two lasting fields: the endpoint and model in use, and whether the
digest shown came from the cache (or is being made)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QStatusBar

from .controller import Controller
from .endpoint_bar import model_name
from .i18n import endpoint_label


class StatusLine(QObject):
    def __init__(self, bar: QStatusBar, controller: Controller, looking: Callable[[], bool]) -> None:
        super().__init__(bar)
        self.controller = controller
        self._looking = looking  # the digest area waits for the cache's answer
        self.endpoint_label = QLabel()
        self.endpoint_label.setTextFormat(Qt.TextFormat.PlainText)  # shows data
        self.cache_label = QLabel()
        self.cache_label.setTextFormat(Qt.TextFormat.PlainText)  # shows data
        bar.addPermanentWidget(self.endpoint_label)
        bar.addPermanentWidget(self.cache_label)

    def update(self) -> None:
        profile = self.controller.profile()
        self.endpoint_label.setText(
            self.tr("Endpoint: %1").replace("%1", f"{endpoint_label(profile.name)} · {model_name(profile)}")
            if profile
            else self.tr("No endpoint")
        )
        digest = self.controller.digest
        if self.controller.running:
            text = self.tr("Running")
        elif digest is None and self._looking():
            text = ""
        elif digest is None:
            text = self.tr("Not cached")
        elif digest.meta.cached:
            text = self.tr("Cached")
        else:
            text = self.tr("Saved to cache")
        self.cache_label.setText(text)

"""The endpoint dialog's line on the context window: the window requests run at and where
that figure comes from ("4,096 tokens — Ollama's default; model allows 32,768"), asked of
the server itself for local kinds (llm/server_window.py)."""

from __future__ import annotations

import asyncio
import concurrent.futures as cf

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ..llm.profiles import EndpointProfile
from ..llm.server_window import ServerWindow, configured, server_window
from ..services import Services
from .i18n import say
from .tasks import TaskRunner


class WindowInfo(QLabel):
    """Shows one profile's window; :meth:`show_for` asks again (the last answer wins)."""

    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.runner = services, runner
        self.setTextFormat(Qt.TextFormat.PlainText)  # a server's figures: data
        self.setWordWrap(True)
        self.found: ServerWindow | None = None
        self._asking: cf.Future[ServerWindow] | None = None

    def show_for(self, profile: EndpointProfile) -> None:
        if self._asking is not None:
            self._asking.cancel()
            self._asking = None
        if not profile.kind.local or profile.kind.engine:
            self._show(configured(profile))
            return
        self.found = None
        self.setText(self.tr("Asking the server for its context window…"))

        async def ask() -> ServerWindow:
            loop = asyncio.get_running_loop()
            key = (await loop.run_in_executor(None, self.services.keys.get, profile)).key
            return await server_window(profile, key)

        self._asking = self.runner.run(ask(), self._answered)

    def retranslate(self) -> None:
        if self.found is not None:
            self._show(self.found)
        elif self._asking is not None:
            self.setText(self.tr("Asking the server for its context window…"))

    def _answered(self, fut: cf.Future[ServerWindow]) -> None:
        if fut is not self._asking or fut.cancelled():
            return
        self._asking = None
        try:
            self._show(fut.result())
        except Exception:  # never for the server's sake (server_window does not raise)
            self.setText("")

    def _show(self, found: ServerWindow) -> None:
        self.found = found
        self.setText(say(found.describe()))

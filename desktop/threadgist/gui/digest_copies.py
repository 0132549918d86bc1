"""Edit → Copy and File → Export in the main window: the digest shown, copied or written
with what is said about its source (the renderers load on first use, not at start-up)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from .controller import Controller

if TYPE_CHECKING:
    from ..digest.model import Digest


class DigestCopies(QObject):
    """Copies and exports for ``window``; an export's message box goes to ``keep`` (the
    window's open dialog)."""

    def __init__(self, window: QMainWindow, controller: Controller, keep: Callable[[QWidget], None]) -> None:
        super().__init__(window)
        self.window, self.controller, self._keep = window, controller, keep

    def _digest_or_say(self, what: str) -> Digest | None:
        digest = self.controller.digest
        if digest is None:
            self.window.statusBar().showMessage(what, 5000)
        return digest

    def _source_text(self) -> str:
        """The open thread's address, else its file name (said in copies)."""
        controller = self.controller
        url = controller.source_url() or (controller.current.url if controller.current is not None else "")
        if url:
            return url
        return os.path.basename(controller.result.path) if controller.result is not None else ""

    def copy(self, what: str) -> None:
        """``what``: "summary", "ptt" (a PTT reply) or "all"."""
        from . import export

        digest = self._digest_or_say(self.tr("There is no digest to copy yet: summarize first."))
        if digest is None:
            return
        if what == "summary":
            said = export.copy_summary(digest, self._source_text())
        elif what == "ptt":
            said = export.copy_ptt(digest, self._source_text())
        else:
            said = export.copy_all(digest, self.controller.current)
        self.window.statusBar().showMessage(said, 3000)

    def export_file(self, ext: str) -> None:
        from . import export

        digest = self._digest_or_say(self.tr("There is no digest to export yet: summarize first."))
        if digest is not None:
            current = self.controller.current
            settings = self.controller.settings
            said, folder = export.export_file(
                self.window, digest, current.title if current else "", ext, current, settings.export_folder
            )
            if folder and folder != settings.export_folder:
                settings.export_folder = folder
                self.controller.save_settings()
            if isinstance(said, QMessageBox):
                self._keep(said)
            elif said:
                self.window.statusBar().showMessage(said, 5000)

"""A QTextBrowser hardened for text we did not write: it never loads a resource (no
images or style sheets from disk or network), never navigates, and opens only
http(s) links in the user's browser, on click. App links (``floor:``, ``group:``)
are handed to the owner."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

APP_SCHEMES = ("floor", "group")


class SafeBrowser(QTextBrowser):
    app_link = Signal(QUrl)
    external_link = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.anchorClicked.connect(self._anchor)

    def loadResource(self, type: int, name: QUrl | str) -> object:
        return None

    def _anchor(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if scheme in APP_SCHEMES:
            self.app_link.emit(url)
        elif scheme in ("http", "https"):
            self.external_link.emit(url)
            QDesktopServices.openUrl(url)
        # anything else (file:, javascript:, data:, relative) is ignored

"""The main window's size, toolbars and divider kept between sessions (base64 of Qt's
saved state in the settings)."""

from __future__ import annotations

import base64

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QSplitter

from ..store.settings import Settings

#: the window's size on a first start, or when its saved state cannot be read
FIRST_SIZE = (1280, 800)


def restore_layout(window: QMainWindow, splitter: QSplitter, settings: Settings) -> None:
    try:
        if settings.window_geometry:
            window.restoreGeometry(QByteArray(base64.b64decode(settings.window_geometry)))
        else:
            window.resize(*FIRST_SIZE)
        if settings.window_state:
            window.restoreState(QByteArray(base64.b64decode(settings.window_state)))
        if settings.splitter_state:
            splitter.restoreState(QByteArray(base64.b64decode(settings.splitter_state)))
    except ValueError:
        window.resize(*FIRST_SIZE)


def saved_layout(window: QMainWindow, splitter: QSplitter) -> tuple[str, str, str]:
    """The window's geometry, its toolbars' state and the divider's, as the settings keep them."""
    return (
        base64.b64encode(bytes(window.saveGeometry().data())).decode(),
        base64.b64encode(bytes(window.saveState().data())).decode(),
        base64.b64encode(bytes(splitter.saveState().data())).decode(),
    )

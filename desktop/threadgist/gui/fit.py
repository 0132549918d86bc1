"""Dialogs that fit the screen: a tall form in a scroll area, and a dialog no larger
than the screen it opens on (a 1280×800 laptop included), with its buttons in view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QLayout, QScrollArea, QWidget

#: room left for the window's frame and a desktop's panels
MARGIN = 80


def scrolling(layout: QLayout) -> QScrollArea:
    """``layout`` in a frameless scroll area that takes the width it is given and scrolls
    vertically when the dialog is shorter than the form."""
    inner = QWidget()
    inner.setLayout(layout)
    area = QScrollArea()
    area.setObjectName("form-scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(inner)
    return area


def fit_screen(dialog: QWidget, width: int, height: int) -> None:
    """Size ``dialog`` to ``width`` × ``height``, but never beyond the available area of
    the screen it opens on (its form then scrolls)."""
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        dialog.resize(width, height)
        return
    room = screen.availableGeometry()
    dialog.resize(min(width, room.width() - MARGIN), min(height, room.height() - MARGIN))

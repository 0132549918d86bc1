"""Lists and boxes inside a scroll area keep their choice while the wheel scrolls past
them: the wheel changes a widget's value only once the user has focused it (a click, Tab);
otherwise the wheel event goes on to the scroll area."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QWidget


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget) or watched.hasFocus():
            return False
        area = _scroll_area(watched)
        if area is not None:  # it scrolls instead
            QCoreApplication.sendEvent(area.viewport(), event)
        return True


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def wheel_only_when_focused(widget: QWidget) -> None:
    """``widget`` takes wheel events only when it has the focus; it gets the focus by a
    click or Tab, never by the wheel."""
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    guard = _WheelGuard(widget)
    widget.installEventFilter(guard)

"""The dialog that says endpoints.json was damaged: once when the window is up, and again
when the endpoint list is loaded and the damage has changed (llm/profiles.py keeps every
profile it can read and leaves the rest in the file)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ..llm.profile_store import ProfileStore
from ..llm.profiles import EndpointProfile
from .i18n import say, tr


class EndpointDamage:
    """Tells the user about :attr:`ProfileStore.damage`, once per distinct damage."""

    def __init__(self, parent: QWidget, store: ProfileStore) -> None:
        self.parent = parent
        self.store = store
        self.box: QMessageBox | None = None
        self._shown: str | None = None

    def check(self, in_use: EndpointProfile | None) -> None:
        damage = self.store.damage
        if damage is None:
            self._shown = None
            return
        if damage.line() == self._shown:
            return
        self._shown = damage.line()
        lines = [say(damage.headline()), *(f"• {say(detail)}" for detail in damage.details())]
        if in_use is not None:
            lines.append(tr("Until the file is fixed, summaries use “%1”.").replace("%1", in_use.name))
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            tr("The endpoint list is damaged"),
            "\n\n".join(lines),
            QMessageBox.StandardButton.Ok,
            self.parent,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # names from the file are data
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.box = box
        box.open()

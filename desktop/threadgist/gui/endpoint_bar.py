"""The toolbar's endpoint and model pickers: one click switches either."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QWidget

from ..llm.profiles import EndpointProfile
from .i18n import follow_language, preset_label

if TYPE_CHECKING:  # the probe (urllib, http, ssl) loads when it runs, after the first paint
    from ..llm.discover import FoundServer

#: item data of a found server in the endpoint box ("found:2")
FOUND = "found:"


def model_name(profile: EndpointProfile) -> str:
    """What to call the profile's model: the .gguf file for the built-in engine."""
    if profile.kind.engine:
        return (
            profile.model.rsplit("/", 1)[-1]
            if profile.model.endswith(".gguf")
            else QCoreApplication.translate("EndpointBar", "SmolLM2-135M (bundled)")
        )
    return profile.model_label


class EndpointBar(QWidget):
    endpoint_chosen = Signal(str)
    model_chosen = Signal(str)
    found_chosen = Signal(int)  # the index of a local server found on this computer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._found: list[str] = []  # local servers found, listed after the profiles
        self.label = QLabel()
        self.endpoints = QComboBox()
        self.endpoints.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.models = QComboBox()
        self.models.setEditable(True)
        self.models.setMinimumContentsLength(24)  # "SmolLM2-135M (bundled)" whole
        self.models.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.endpoints.activated.connect(self._endpoint)
        self.models.activated.connect(self._model)
        edit = self.models.lineEdit()
        assert edit is not None  # the combo is editable
        edit.editingFinished.connect(self._model_edited)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 0, 4, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.endpoints)
        lay.addWidget(self.models)
        self._profiles: list[EndpointProfile] = []
        self._current: EndpointProfile | None = None
        follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.label.setText(self.tr("Endpoint:"))
        self.endpoints.setToolTip(self.tr("The LLM endpoint used to summarize"))
        self.models.setToolTip(self.tr("The model (type a name or pick one the server lists)"))
        if self._profiles:  # kind names follow the interface language
            self.set_profiles(self._profiles, self._current)

    def set_profiles(self, profiles: list[EndpointProfile], current: EndpointProfile | None) -> None:
        self._profiles, self._current = list(profiles), current
        self.endpoints.blockSignals(True)
        self.endpoints.clear()
        for profile in profiles:
            kind = preset_label(profile.preset, profile.kind.label)
            if profile.name == profile.kind.label:  # the built-in engine's own profile
                self.endpoints.addItem(kind, profile.name)
            else:
                self.endpoints.addItem(f"{profile.name} — {kind}", profile.name)
        self._add_found()
        if current is not None:
            self.endpoints.setCurrentIndex(max(0, self.endpoints.findData(current.name)))
        self.endpoints.blockSignals(False)
        self.set_current(current)

    def set_found(self, servers: list[FoundServer]) -> None:
        """List local servers found on this computer below the profiles: one click uses one."""
        current = self.endpoints.currentIndex()
        self.endpoints.blockSignals(True)
        for i in range(self.endpoints.count() - 1, -1, -1):
            data = self.endpoints.itemData(i)
            if data is None or str(data).startswith(FOUND):
                self.endpoints.removeItem(i)
        self._found = [
            self.tr("%1 on this computer · %2")
            .replace("%1", server.label)
            .replace("%2", server.models[0] if server.models else self.tr("no model loaded"))
            for server in servers
        ]
        self._add_found()
        self.endpoints.setCurrentIndex(min(current, self.endpoints.count() - 1))
        self.endpoints.blockSignals(False)

    def _add_found(self) -> None:
        if not self._found:
            return
        self.endpoints.insertSeparator(self.endpoints.count())
        for i, text in enumerate(self._found):
            self.endpoints.addItem(text, f"{FOUND}{i}")

    def set_current(self, profile: EndpointProfile | None) -> None:
        self._current = profile
        self.models.blockSignals(True)
        self.models.clear()
        if profile is not None:
            position = self.endpoints.findData(profile.name)
            if position >= 0:
                self.endpoints.setCurrentIndex(position)
            self.models.addItem(model_name(profile))
            self.models.setEnabled(profile.kind.lists_models)
        self.models.blockSignals(False)

    def set_models(self, names: list[str], current: str) -> None:
        self.models.blockSignals(True)
        self.models.clear()
        for name in [current] + [name for name in names if name != current]:
            self.models.addItem(name)
        self.models.setCurrentIndex(0)
        self.models.blockSignals(False)

    def current_name(self) -> str:
        return str(self.endpoints.currentData() or "")

    def _endpoint(self, index: int) -> None:
        name = self.endpoints.itemData(index)
        if name and str(name).startswith(FOUND):
            self.found_chosen.emit(int(str(name)[len(FOUND) :]))
        elif name:
            self.endpoint_chosen.emit(str(name))

    def _model(self, index: int) -> None:
        text = self.models.itemText(index).strip()
        if text:
            self.model_chosen.emit(text)

    def _model_edited(self) -> None:
        text = self.models.currentText().strip()
        if text:
            self.model_chosen.emit(text)

"""The form of Manage endpoints: one profile's fields, shown from a profile, with the
fields its kind of endpoint uses (the built-in engine's model box, Azure's deployment,
…), and the labels and tooltips in the interface's language. The base of
:class:`~threadgist.gui.endpoint_dialog.EndpointDialog`, which lists, saves and tests the
profiles and keeps their keys."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..llm.hardware import this_machine
from ..llm.policy import DEFAULT_REQUEST_TIMEOUT, MAX_REQUEST_TIMEOUT, SLOWEST_ANSWER
from ..llm.presets import PRESETS
from ..llm.profiles import EndpointProfile
from .controller import Controller
from .i18n import preset_label, say
from .local_model_box import LocalModelBox
from .window_info import WindowInfo

#: the form's rows: their labels' keys, in order
ROWS = (
    "name",
    "preset",
    "url",
    "model",
    "key",
    "azure_v",
    "azure_d",
    "ctx",
    "ctx_used",
    "threads",
    "timeout",
)


class EndpointForm(QDialog):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.services = controller.services
        self.runner = controller.runner
        self.shown: EndpointProfile | None = None  # the profile the form was filled from
        self._make_fields()
        self._make_notes()
        self.local = LocalModelBox(self.runner)
        self.local.catalog.set_workload(*controller.workload())
        self.local.catalog.set_speed(controller.speed)
        controller.speed_measured.connect(self.local.catalog.set_speed)
        controller.speed_failed.connect(self.local.catalog.set_speed_failed)  # with Try again
        self.local.catalog.measure_again.connect(lambda: controller.measure_speed(again=True))
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(110)
        self.preset.currentIndexChanged.connect(self._preset_changed)

    def _make_fields(self) -> None:
        self.name, self.base_url, self.key = QLineEdit(), QLineEdit(), QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.preset = QComboBox()
        for preset in PRESETS.values():
            self.preset.addItem(preset_label(preset.id, preset.label), preset.id)
        self.model = QComboBox()
        self.model.setEditable(True)
        self.list_models = QPushButton()
        self.api_version, self.deployment = QLineEdit(), QLineEdit()
        self.context = QSpinBox()
        self.context.setRange(0, 2_000_000)
        self.context.setSingleStep(1024)
        self.window_info = WindowInfo(self.services, self.runner)  # the window in use, and why
        self.threads = QSpinBox()  # the built-in engine's CPU threads
        self.threads.setRange(0, max(64, os.cpu_count() or 1))
        self.timeout = QSpinBox()  # seconds one request may take (0: automatic)
        self.timeout.setRange(0, 86_400)
        self.timeout.setSingleStep(60)
        self.default = QCheckBox()
        self.labels = {key: QLabel() for key in ROWS}

    def _make_notes(self) -> None:
        self.key_notice = QLabel()
        self.key_notice.setTextFormat(Qt.TextFormat.PlainText)  # shows data
        self.key_notice.setWordWrap(True)
        self.key_notice.setStyleSheet("color: #b26a00")
        self.hint = QLabel()
        self.hint.setTextFormat(Qt.TextFormat.PlainText)  # shows data
        self.hint.setWordWrap(True)

    def _form_column(self, buttons: QHBoxLayout) -> QVBoxLayout:
        """The form, its notes, the model box, ``buttons`` and the report, top to bottom."""
        form = QFormLayout()
        for key, field in zip(ROWS[:3], (self.name, self.preset, self.base_url), strict=True):
            form.addRow(self.labels[key], field)
        mrow = QHBoxLayout()
        mrow.addWidget(self.model, 1)
        mrow.addWidget(self.list_models)
        form.addRow(self.labels["model"], mrow)
        fields = (self.key, self.api_version, self.deployment, self.context, self.window_info)
        for key, widget in zip(ROWS[4:], (*fields, self.threads, self.timeout), strict=True):
            form.addRow(self.labels[key], widget)
        form.addRow("", self.default)
        self.form = form
        column = QVBoxLayout()
        column.addLayout(form)
        column.addWidget(self.key_notice)
        column.addWidget(self.hint)
        column.addWidget(self.local)
        column.addLayout(buttons)
        column.addWidget(self.report)
        return column

    def _retranslate_form(self) -> None:
        for key, text in zip(
            ROWS,
            (
                self.tr("Name:"),
                self.tr("Kind:"),
                self.tr("Base URL:"),
                self.tr("Model:"),
                self.tr("API key:"),
                self.tr("API version:"),
                self.tr("Deployment:"),
                self.tr("Context window:"),
                self.tr("Window in use:"),
                self.tr("CPU threads:"),
                self.tr("Request timeout:"),
            ),
            strict=True,
        ):
            self.labels[key].setText(text)
        self.window_info.retranslate()
        for i in range(self.preset.count()):
            pid = str(self.preset.itemData(i))
            self.preset.setItemText(i, preset_label(pid, PRESETS[pid].label))
        self._retranslate_spins()
        self.default.setText(self.tr("Use by default"))
        self.list_models.setText(self.tr("List models"))

    def _retranslate_spins(self) -> None:
        """The number fields' special values, suffixes and tooltips."""
        self.context.setSpecialValueText(self.tr("preset default"))
        self.context.setToolTip(
            self.tr(
                "The model's context window in tokens. Leave it at the preset default for local "
                "servers: Threadgist asks Ollama, LM Studio and llama.cpp for the window they "
                "really run, and gives Ollama a larger one for long threads where the model and "
                "this computer's memory allow it."
            )
        )
        self.threads.setSpecialValueText(self.tr("all cores (%1)").replace("%1", str(this_machine().cores)))
        self.threads.setToolTip(
            self.tr(
                "How many CPU threads the built-in engine uses. Fewer leave the computer more "
                "responsive while a model runs; more are faster up to the number of cores."
            )
        )
        self.timeout.setSuffix(" " + self.tr("s"))
        self.timeout.setToolTip(
            self.tr(
                "How long one request may take, its retries included, before it ends with an "
                "error. Automatic: %1 s for cloud endpoints; for local servers and the built-in "
                "engine, the time to read the prompt plus the answer at %2 tokens a second, at "
                "least %1 s and at most %3 s. A value set here applies as it is."
            )
            .replace("%1", f"{DEFAULT_REQUEST_TIMEOUT:,.0f}")
            .replace("%2", f"{SLOWEST_ANSWER:g}")
            .replace("%3", f"{MAX_REQUEST_TIMEOUT:,.0f}")
        )
        self._timeout_automatic(str(self.preset.currentData() or "custom"))

    def show_profile(self, profile: EndpointProfile) -> None:
        self.shown = profile
        self.name.setText(profile.name)
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.preset.findData(profile.preset))
        self.preset.blockSignals(False)
        self.base_url.setText(profile.base_url)
        self.model.clear()
        self.model.setEditText(profile.model)
        self.api_version.setText(profile.api_version or "")
        self.deployment.setText(profile.deployment or "")
        self.context.setValue(profile.context_window or 0)
        self.threads.setValue(profile.threads or 0)
        self.timeout.setValue(round(profile.request_timeout or 0))
        self.default.setChecked(self.services.profiles.default == profile.name)
        self.key.clear()
        self.report.clear()
        self._kind_widgets(profile.preset)
        if profile.kind.engine:
            self.local.set_model(profile.model if profile.model.endswith(".gguf") else "")
        self.window_info.show_for(profile)

    def _kind_widgets(self, preset_id: str) -> None:
        kind = PRESETS[preset_id]
        for field in (self.api_version, self.deployment, self.labels["azure_v"], self.labels["azure_d"]):
            field.setVisible(kind.deployments)
        builtin = kind.engine
        self.local.setVisible(builtin)
        self.threads.setVisible(builtin)
        self.labels["threads"].setVisible(builtin)
        self._timeout_automatic(preset_id)
        if builtin:  # the catalog's minutes need this computer's speed (measured once)
            self.controller.measure_speed()
            if self.controller.measuring:
                self.local.catalog.set_measuring()
        widgets = [self.base_url, self.labels["url"], self.model, self.list_models, self.labels["model"]]
        for widget in widgets:
            widget.setVisible(not builtin)
        self.key.setEnabled(kind.needs_key or kind.key_env is not None or preset_id == "custom")
        self.hint.setText(say(kind.start_hint) if kind.local and not builtin else "")

    def _timeout_automatic(self, preset_id: str) -> None:
        """The request timeout's "Automatic" says what it is for this kind of endpoint."""
        if PRESETS[preset_id].local:
            text = (
                self.tr("Automatic (%1–%2 s, by the prompt)")
                .replace("%1", f"{DEFAULT_REQUEST_TIMEOUT:,.0f}")
                .replace("%2", f"{MAX_REQUEST_TIMEOUT:,.0f}")
            )
        else:
            text = self.tr("Automatic (%1 s)").replace("%1", f"{DEFAULT_REQUEST_TIMEOUT:,.0f}")
        self.timeout.setSpecialValueText(text)

    def _preset_changed(self) -> None:
        pid = str(self.preset.currentData())
        kind = PRESETS[pid]
        self.base_url.setText(kind.base_url)
        self.model.setEditText(kind.default_model)
        self._kind_widgets(pid)
        if kind.engine:
            self.local.set_model("")

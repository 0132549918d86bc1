"""Manage endpoints: add, edit and remove profiles from presets, keep keys in the
keyring (saying so when there is none and the key lives for this session only), list
the server's models and test what works."""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..digest.probe import ProbeResult, probe
from ..llm.builtin import BUILTIN_NAME
from ..llm.errors import EndpointError
from ..llm.hardware import this_machine
from ..llm.keys import ENVIRONMENT, KEYRING, SESSION, KeyLookup, url_secret
from ..llm.policy import DEFAULT_REQUEST_TIMEOUT, MAX_REQUEST_TIMEOUT, SLOWEST_ANSWER
from ..llm.presets import PRESETS
from ..llm.profiles import EndpointProfile
from ..messages import Text
from .controller import Controller
from .fit import fit_screen, scrolling
from .i18n import follow_language, preset_label, say
from .local_model_box import LocalModelBox
from .window_info import WindowInfo


class EndpointDialog(QDialog):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.services = controller.services
        self.runner = controller.runner
        self._key_saving: cf.Future[KeyLookup] | None = None
        self._shown: EndpointProfile | None = None  # the profile the form was filled from
        self.list = QListWidget()
        self.add_button, self.remove_button = QPushButton(), QPushButton()
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
        self.key_notice = QLabel()
        self.key_notice.setTextFormat(Qt.TextFormat.PlainText)  # shows data
        self.key_notice.setWordWrap(True)
        self.key_notice.setStyleSheet("color: #b26a00")
        self.hint = QLabel()
        self.hint.setTextFormat(Qt.TextFormat.PlainText)  # shows data
        self.hint.setWordWrap(True)
        self.local = LocalModelBox(self.runner)
        self.local.catalog.set_workload(*controller.workload())
        self.local.catalog.set_speed(controller.speed)
        controller.speed_measured.connect(self.local.catalog.set_speed)
        controller.speed_failed.connect(self.local.catalog.set_speed_failed)  # with Try again
        self.local.catalog.measure_again.connect(lambda: controller.measure_speed(again=True))
        self.save_button, self.test_button = QPushButton(), QPushButton()
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(110)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self._build()
        self.list.currentTextChanged.connect(self._select)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.add_button.clicked.connect(lambda: self.new_profile())  # not clicked(bool)'s False
        self.remove_button.clicked.connect(self.remove_profile)
        self.save_button.clicked.connect(self.save)
        self.test_button.clicked.connect(self.test)
        self.list_models.clicked.connect(self.fetch_models)
        follow_language(self, self.retranslate)
        current = controller.profile()
        self._fill_list(current.name if current else None)

    def _build(self) -> None:
        self.labels = {
            key: QLabel()
            for key in (
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
        }
        form = QFormLayout()
        form.addRow(self.labels["name"], self.name)
        form.addRow(self.labels["preset"], self.preset)
        form.addRow(self.labels["url"], self.base_url)
        mrow = QHBoxLayout()
        mrow.addWidget(self.model, 1)
        mrow.addWidget(self.list_models)
        form.addRow(self.labels["model"], mrow)
        form.addRow(self.labels["key"], self.key)
        form.addRow(self.labels["azure_v"], self.api_version)
        form.addRow(self.labels["azure_d"], self.deployment)
        form.addRow(self.labels["ctx"], self.context)
        form.addRow(self.labels["ctx_used"], self.window_info)
        form.addRow(self.labels["threads"], self.threads)
        form.addRow(self.labels["timeout"], self.timeout)
        form.addRow("", self.default)
        self.form = form
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.key_notice)
        right.addWidget(self.hint)
        right.addWidget(self.local)
        brow = QHBoxLayout()
        brow.addWidget(self.save_button)
        brow.addWidget(self.test_button)
        brow.addStretch(1)
        right.addLayout(brow)
        right.addWidget(self.report)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        lrow = QHBoxLayout()
        lrow.addWidget(self.add_button)
        lrow.addWidget(self.remove_button)
        left.addLayout(lrow)
        top = QHBoxLayout()
        top.addLayout(left, 1)
        top.addWidget(scrolling(right), 3)  # the form scrolls: Close stays on a small screen
        lay = QVBoxLayout(self)
        lay.addLayout(top, 1)
        lay.addWidget(self.buttons)
        fit_screen(self, 820, 880)  # all of the built-in engine's form where there is room

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Endpoints"))
        for key, text in (
            ("name", self.tr("Name:")),
            ("preset", self.tr("Kind:")),
            ("url", self.tr("Base URL:")),
            ("model", self.tr("Model:")),
            ("key", self.tr("API key:")),
            ("azure_v", self.tr("API version:")),
            ("azure_d", self.tr("Deployment:")),
            ("ctx", self.tr("Context window:")),
            ("ctx_used", self.tr("Window in use:")),
            ("threads", self.tr("CPU threads:")),
            ("timeout", self.tr("Request timeout:")),
        ):
            self.labels[key].setText(text)
        self.context.setSpecialValueText(self.tr("preset default"))
        self.context.setToolTip(
            self.tr(
                "The model's context window in tokens. Leave it at the preset default for local "
                "servers: Threadgist asks Ollama, LM Studio and llama.cpp for the window they "
                "really run, and gives Ollama a larger one for long threads where the model and "
                "this computer's memory allow it."
            )
        )
        self.window_info.retranslate()
        for i in range(self.preset.count()):
            pid = str(self.preset.itemData(i))
            self.preset.setItemText(i, preset_label(pid, PRESETS[pid].label))
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
        self.default.setText(self.tr("Use by default"))
        self.add_button.setText(self.tr("Add"))
        self.remove_button.setText(self.tr("Remove"))
        self.list_models.setText(self.tr("List models"))
        self.save_button.setText(self.tr("Save"))
        self.test_button.setText(self.tr("Test"))

    # ---- the list ---------------------------------------------------------------------
    def _fill_list(self, select: str | None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for profile in self.controller.profiles():
            self.list.addItem(profile.name)
        self.list.blockSignals(False)
        items = self.list.findItems(select or "", Qt.MatchFlag.MatchExactly) if select else []
        if items:
            self.list.setCurrentItem(items[0])
        elif self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.new_profile()

    def _profile_named(self, name: str) -> EndpointProfile | None:
        return next((profile for profile in self.controller.profiles() if profile.name == name), None)

    def _select(self, name: str) -> None:
        profile = self._profile_named(name)
        if profile is not None:
            self.show_profile(profile)

    def show_profile(self, profile: EndpointProfile) -> None:
        self._shown = profile
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
        self.key.setPlaceholderText(self.tr("Looking up the key…"))
        self.runner.call(
            lambda: self.services.keys.get(profile), lambda future: self._key_found(profile.name, future)
        )

    def _key_found(self, name: str, fut: cf.Future[KeyLookup]) -> None:
        if name != self.name.text():
            return
        found = fut.result()
        kind = PRESETS[str(self.preset.currentData())]
        optional = kind.key_env is not None or kind.id == "custom"
        text = {
            KEYRING: self.tr("stored in the system keyring (type to replace)"),
            ENVIRONMENT: self.tr("taken from an environment variable"),
            SESSION: self.tr("kept for this session only (type to replace)"),
        }.get(
            found.source or "",
            self.tr("required")
            if kind.needs_key
            else self.tr("optional")
            if optional
            else self.tr("not needed"),
        )
        self.key.setPlaceholderText(text)
        # where no key is used (the built-in engine, Ollama…), a missing keyring is no news
        uses_key = kind.needs_key or optional
        self.show_keyring_notice(found.keyring_error if uses_key else None)

    def show_keyring_notice(self, error: Text | None) -> None:
        self.key_notice.setVisible(bool(error))
        if error:
            self.key_notice.setText(
                self.tr(
                    "No usable system keyring (%1): a key you enter is kept for this session only "
                    "and forgotten when Threadgist quits. Set it in an environment variable to keep "
                    "it, or install and unlock a keyring (e.g. GNOME Keyring, KWallet)."
                ).replace("%1", say(error))
            )

    def _kind_widgets(self, preset_id: str) -> None:
        kind = PRESETS[preset_id]
        azure = PRESETS[preset_id].deployments
        widgets: list[QWidget] = [
            self.api_version,
            self.deployment,
            self.labels["azure_v"],
            self.labels["azure_d"],
        ]
        for widget in widgets:
            widget.setVisible(azure)
        builtin = PRESETS[preset_id].engine
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

    def new_profile(self, preset_id: str = "openai") -> None:
        taken = {profile.name for profile in self.controller.profiles()}
        name = next(f"endpoint {i}" for i in range(1, 999) if f"endpoint {i}" not in taken)
        self.list.clearSelection()
        self.show_profile(EndpointProfile.from_preset(name, preset_id))

    def remove_profile(self) -> None:
        name = self.name.text().strip()
        if self.services.profiles.remove(name):
            self.runner.call(lambda: self.services.keys.delete(name))
        self._fill_list(None)

    # ---- saving, testing --------------------------------------------------------------
    def current_profile(self) -> EndpointProfile | None:
        name = self.name.text().strip()
        if not name:
            self.report.setPlainText(self.tr("Give the endpoint a name."))
            return None
        pid = str(self.preset.currentData())
        # what the form does not show (concurrency, answer reserve: set with the CLI) is
        # kept from the profile as it was shown
        shown = self._shown
        kept = (
            {"concurrency": shown.concurrency, "output_reserve": shown.output_reserve}
            if shown is not None and shown.preset == pid
            else {}
        )
        if PRESETS[pid].engine:
            model = self.local.path or "local"
            return EndpointProfile.from_preset(
                name,
                pid,
                model=model,
                context_window=self.context.value() or None,
                threads=self.threads.value() or None,
                request_timeout=self.timeout.value() or None,
                **kept,
            )
        secret = url_secret(self.base_url.text())
        if secret is not None:  # keys go to the keyring, never to endpoints.json
            self.report.setPlainText(say(secret))
            return None
        return EndpointProfile.from_preset(
            name,
            pid,
            base_url=self.base_url.text().strip() or None,
            model=self.model.currentText().strip(),
            api_version=self.api_version.text().strip() or None,
            deployment=self.deployment.text().strip() or None,
            context_window=self.context.value() or None,
            request_timeout=self.timeout.value() or None,
            **kept,
        )

    def save(self) -> EndpointProfile | None:
        profile = self.current_profile()
        if profile is None:
            return None
        store = self.services.profiles
        before, current = store.default, self.controller.profile()
        chosen = self.default.isChecked()
        store.add(profile, make_default=chosen)
        if not chosen:
            # saving is not choosing: the store's implicit default for a first profile and
            # the toolbar's endpoint stay as they were
            if store.default != before:
                store.default = before
                store.save()
            if current is not None and current.name != profile.name:
                self.controller.keep_endpoint(current.name)
        key = self.key.text().strip()
        self.key.clear()
        if key:
            self._key_saving = self.runner.call(
                lambda: self.services.keys.set(profile.name, key), self._key_saved
            )
        self._fill_list(profile.name)
        self.report.setPlainText(self.tr("Saved “%1”.").replace("%1", profile.name))
        if store.moved_aside is not None:  # the damaged file it replaced was kept
            self.report.appendPlainText(
                self.tr("The endpoint list could not be read; it was moved aside to %1.").replace(
                    "%1", str(store.moved_aside)
                )
            )
            store.moved_aside = None
        self.controller.endpoints_changed.emit()
        return profile

    def _key_saved(self, fut: cf.Future[KeyLookup]) -> None:
        stored = fut.result()
        if stored.source == SESSION:
            self.show_keyring_notice(stored.keyring_error)
            self.report.appendPlainText(self.tr("The key is kept for this session only."))
        else:
            self.report.appendPlainText(self.tr("The key is stored in the system keyring."))
        self.key.setPlaceholderText(
            self.tr("kept for this session only (type to replace)")
            if stored.source == SESSION
            else self.tr("stored in the system keyring (type to replace)")
        )

    def fetch_models(self) -> None:
        profile = self.current_profile()
        if profile is None:
            return

        self.report.setPlainText(self.tr("Asking the server for its models…"))
        self.runner.run(self.services.list_models(profile), self._models)

    def _models(self, fut: cf.Future[list[str]]) -> None:
        try:
            names = fut.result()
        except EndpointError as e:
            self.report.setPlainText(say(e.detail))
            return
        current = self.model.currentText()
        self.model.clear()
        self.model.addItems(names)
        self.model.setEditText(current or (names[0] if names else ""))
        self.report.setPlainText(self.tr("%n model(s) listed.", "", len(names)))

    def test(self) -> None:
        profile = self.save()
        if profile is None:
            return
        self.report.setPlainText(self.tr("Testing “%1”…").replace("%1", profile.name))
        self.test_button.setEnabled(False)

        saving = self._key_saving

        async def run() -> ProbeResult:
            if saving is not None:  # the key typed just now must be stored before it is used
                await asyncio.wrap_future(saving)
            client = await asyncio.get_running_loop().run_in_executor(None, self.services.client, profile)
            return await probe(client, profile)

        self.runner.run(run(), self._tested)

    def _tested(self, fut: cf.Future[ProbeResult]) -> None:
        self.test_button.setEnabled(True)
        if self._shown is not None:  # a test may have loaded the model: ask again
            self.window_info.show_for(self._shown)
        try:
            result = fut.result()
        except EndpointError as e:
            self.report.setPlainText(self.tr("Failed: %1").replace("%1", say(e.detail)))
            return
        names = {"reachable": self.tr("reachable"), "model": self.tr("model"), "answer": self.tr("answer")}
        lines = [
            ("✔ " if check.ok else "✘ ") + f"{names.get(check.name, check.name)}: {say(check.text)}"
            for check in result.checks
        ]
        if result.tokens_per_second:
            lines.append(self.tr("speed: %1 tokens/s").replace("%1", f"{result.tokens_per_second:.1f}"))
            self.local.set_speed(result.tokens_per_second)
        self.report.setPlainText("\n".join(lines))


__all__ = ["BUILTIN_NAME", "EndpointDialog"]

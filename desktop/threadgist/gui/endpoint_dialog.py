"""Manage endpoints: add, edit and remove profiles from presets, keep keys in the
keyring (saying so when there is none and the key lives for this session only), list
the server's models and test what works. The form itself is :class:`EndpointForm`."""

from __future__ import annotations

import concurrent.futures as cf

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QHBoxLayout, QListWidget, QPushButton, QVBoxLayout, QWidget

from ..llm.keys import ENVIRONMENT, KEYRING, SESSION, KeyLookup, url_secret
from ..llm.presets import PRESETS
from ..llm.profiles import EndpointProfile
from ..messages import Text
from .controller import Controller
from .endpoint_checks import EndpointChecks
from .endpoint_form import EndpointForm
from .fit import fit_screen, scrolling
from .i18n import follow_language, say


class EndpointDialog(EndpointForm):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self._key_saving: cf.Future[KeyLookup] | None = None
        self.list = QListWidget()
        self.add_button, self.remove_button = QPushButton(), QPushButton()
        self.save_button, self.test_button = QPushButton(), QPushButton()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self._build()
        self.checks = EndpointChecks(self, self.test_button)
        self.list.currentTextChanged.connect(self._select)
        self.add_button.clicked.connect(lambda: self.new_profile())  # not clicked(bool)'s False
        self.remove_button.clicked.connect(self.remove_profile)
        self.save_button.clicked.connect(self.save)
        self.test_button.clicked.connect(self.test)
        self.list_models.clicked.connect(self.fetch_models)
        follow_language(self, self.retranslate)
        current = controller.profile()
        self._fill_list(current.name if current else None)

    def _build(self) -> None:
        brow = QHBoxLayout()
        brow.addWidget(self.save_button)
        brow.addWidget(self.test_button)
        brow.addStretch(1)
        right = self._form_column(brow)
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
        self._retranslate_form()
        self.add_button.setText(self.tr("Add"))
        self.remove_button.setText(self.tr("Remove"))
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
        super().show_profile(profile)
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
        shown = self.shown
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
        if profile is not None:
            self.checks.list_models(profile)

    def test(self) -> None:
        profile = self.save()
        if profile is not None:
            self.checks.test(profile, self._key_saving)

"""Preferences: the digest's language, the UI language, the font."""

from __future__ import annotations

import dataclasses

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..store.settings import OUTPUT_LANGS, UI_LANGS, Settings
from .i18n import follow_language


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.output = QComboBox()
        self.ui = QComboBox()
        self.use_system_font = QComboBox()
        self.font_box = QFontComboBox()
        self.size_box = QSpinBox()
        self.size_box.setRange(0, 40)
        self.ask_box = QSpinBox()  # ask before runs of more than this many calls
        self.ask_box.setRange(0, 10_000)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(5)]
        self.form.addRow(self.labels[0], self.output)
        self.form.addRow(self.labels[1], self.ui)
        self.form.addRow(self.labels[2], self.use_system_font)
        self.form.addRow(QLabel(), self.font_box)
        self.form.addRow(self.labels[3], self.size_box)
        self.form.addRow(self.labels[4], self.ask_box)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.note)
        lay.addWidget(self.buttons)
        self.use_system_font.currentIndexChanged.connect(lambda i: self.font_box.setEnabled(i == 1))
        follow_language(self, self.retranslate)
        self._load()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Preferences"))
        for label, text in zip(
            self.labels,
            (
                self.tr("Digest language:"),
                self.tr("Interface language:"),
                self.tr("Font:"),
                self.tr("Font size (0 = system):"),
                self.tr("Ask before runs of more than:"),
            ),
            strict=True,
        ):
            label.setText(text)
        keep = (self.output.currentIndex(), self.ui.currentIndex(), self.use_system_font.currentIndex())
        for combo, items in (
            (self.output, (self.tr("Same as the thread"), "繁體中文", "English")),
            (self.ui, (self.tr("System language"), "English", "繁體中文")),
            (self.use_system_font, (self.tr("System font (with CJK fallbacks)"), self.tr("Choose a font"))),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(list(items))
            combo.blockSignals(False)
        for combo, i in zip((self.output, self.ui, self.use_system_font), keep, strict=True):
            combo.setCurrentIndex(max(0, i))
        self.ask_box.setSuffix(" " + self.tr("calls"))
        self.ask_box.setSpecialValueText(self.tr("never ask"))
        self.ask_box.setToolTip(
            self.tr(
                "Before a run with more calls than this (or a "
                "comparable number of tokens or price), Threadgist "
                "shows the plan and offers to summarize only the "
                "newest comments."
            )
        )
        self.note.setText(
            self.tr(
                "Han characters always fall back to Traditional Chinese fonts "
                "(Noto Sans CJK TC, Microsoft JhengHei UI, PingFang TC)."
            )
        )

    def _load(self) -> None:
        settings = self.settings
        self.output.setCurrentIndex(OUTPUT_LANGS.index(settings.output_lang))
        self.ui.setCurrentIndex(UI_LANGS.index(settings.ui_lang))
        self.use_system_font.setCurrentIndex(1 if settings.font_family else 0)
        self.font_box.setEnabled(bool(settings.font_family))
        if settings.font_family:
            self.font_box.setCurrentFont(QFont(settings.font_family))
        self.size_box.setValue(settings.font_size)
        self.ask_box.setValue(settings.ask_calls)

    def result_settings(self) -> Settings:
        return dataclasses.replace(
            self.settings,
            output_lang=OUTPUT_LANGS[self.output.currentIndex()],
            ui_lang=UI_LANGS[self.ui.currentIndex()],
            font_family=self.font_box.currentFont().family()
            if self.use_system_font.currentIndex() == 1
            else "",
            font_size=self.size_box.value(),
            ask_calls=self.ask_box.value(),
        )

"""Preferences: the digest's language, the UI language, the font, when to ask before a
run, and the answers' form (full, or short: faster on a slow engine)."""

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

from ..store.settings import ANSWER_FORMS, OUTPUT_LANGS, UI_LANGS, Settings
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
        self.answers = QComboBox()  # the answers' form, in the order of ANSWER_FORMS
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(6)]
        self.form.addRow(self.labels[0], self.output)
        self.form.addRow(self.labels[1], self.ui)
        self.form.addRow(self.labels[2], self.use_system_font)
        self.form.addRow(QLabel(), self.font_box)
        self.form.addRow(self.labels[3], self.size_box)
        self.form.addRow(self.labels[4], self.ask_box)
        self.form.addRow(self.labels[5], self.answers)
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
                self.tr("Answers:"),
            ),
            strict=True,
        ):
            label.setText(text)
        combos = (self.output, self.ui, self.use_system_font, self.answers)
        keep = [combo.currentIndex() for combo in combos]
        for combo, items in zip(
            combos,
            (
                (self.tr("Same as the thread"), "繁體中文", "English"),
                (self.tr("System language"), "English", "繁體中文"),
                (self.tr("System font (with CJK fallbacks)"), self.tr("Choose a font")),
                self._answer_forms(),
            ),
            strict=True,
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(list(items))
            combo.blockSignals(False)
        for combo, i in zip(combos, keep, strict=True):
            combo.setCurrentIndex(max(0, i))
        self.answers.setToolTip(
            self.tr(
                "Full: the model writes every comment number of every group and its own "
                "quotes, which the app checks. The most exact, and the most writing.\n"
                "Short: the model writes comment numbers as ranges and short statements, "
                "and the app picks the quotes from each viewpoint's comments. About a "
                "third of the writing, so a digest on this computer's engine takes "
                "minutes less; groups are a little less exact, most of all in English "
                "reply trees.\n"
                "A digest made one way is cached apart from the other."
            )
        )
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
        form = settings.answer_form
        self.answers.setCurrentIndex(ANSWER_FORMS.index(form) if form in ANSWER_FORMS else 0)

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
            answer_form=ANSWER_FORMS[max(0, self.answers.currentIndex())],
        )

    def _answer_forms(self) -> tuple[str, str]:
        """The choices of :attr:`answers`, in the order of ``ANSWER_FORMS``."""
        return (
            self.tr("Full (the model writes every comment number and quote)"),
            self.tr("Short (a third of the writing, so faster; the app picks the quotes)"),
        )

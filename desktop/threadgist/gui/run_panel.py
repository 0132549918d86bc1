"""Above the digest: what a run will cost (endpoint, model, prompt tokens, calls, price),
the Summarize / Summarize again buttons, and while running a progress bar with Cancel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from .i18n import endpoint_label, follow_language

if TYPE_CHECKING:
    from ..digest.estimate import Estimate
    from ..digest.pipeline import Progress



class RunPanel(QWidget):
    summarize = Signal()
    summarize_again = Signal()
    cancel = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.estimate: Estimate | None = None
        self.estimate_error = ""
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.go = QPushButton()
        self.go.setDefault(True)
        self.again = QPushButton()
        self.stop = QPushButton()
        self.go.clicked.connect(self.summarize)
        self.again.clicked.connect(self.summarize_again)
        self.stop.clicked.connect(self.cancel)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.stage = QLabel()
        self.stage.setTextFormat(Qt.TextFormat.PlainText)  # shows data
        # a growing status line wraps instead of widening the panel (and moving the divider)
        self.stage.setWordWrap(True)
        self.stage.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout()
        row.addWidget(self.go)
        row.addWidget(self.again)
        row.addWidget(self.bar, 1)
        row.addWidget(self.stop)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.info)
        lay.addLayout(row)
        lay.addWidget(self.stage)
        self.set_running(False)
        self.set_ready(False)
        follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.go.setText(self.tr("Summarize"))
        self.go.setToolTip(self.tr("Summarize the thread (Ctrl+Enter)"))
        self.again.setText(self.tr("Summarize again"))
        self.again.setToolTip(self.tr("Ignore the cached digest and make a new one"))
        self.stop.setText(self.tr("Cancel"))
        self._show_estimate()
        last = getattr(self, "_last_progress", None)
        if last is not None and self.stage.isVisible():  # a run: its line in the new language
            self._show_progress(last)


    def set_ready(self, ready: bool) -> None:
        self.go.setEnabled(ready)
        self.again.setEnabled(ready)

    def set_running(self, running: bool) -> None:
        # hide before showing: never all four buttons at once, whose width would push the
        # splitter's divider for a moment
        leaving = (self.go, self.again) if running else (self.bar, self.stop, self.stage)
        coming = (self.bar, self.stop, self.stage) if running else (self.go, self.again)
        for w in leaving:
            w.setVisible(False)
        for w in coming:
            w.setVisible(True)
        if running:
            self.bar.setRange(0, 0)
            self.stage.setText(self.tr("Starting…"))

    def set_estimate(self, e: Estimate | None, error: str = "") -> None:
        self.estimate, self.estimate_error = e, error
        self._show_estimate()

    def _show_estimate(self) -> None:
        e = self.estimate
        if e is None:
            self.info.setText(self.estimate_error)
            return
        approx = "" if e.exact else "~"
        text = self.tr("%1 · %2 · %3 prompt tokens in one call") if e.calls == 1 else \
            self.tr("%1 · %2 · %3 prompt tokens in %4 calls")
        text = (text.replace("%1", endpoint_label(e.endpoint)).replace("%2", e.model)
                .replace("%3", f"{approx}{e.prompt_tokens:,}").replace("%4", f"{e.calls:,}"))
        if e.cost_usd is not None:
            text += " · " + self.tr("about US$%1 (at most %2)").replace(
                "%1", f"{e.cost_usd[0]:.4f}").replace("%2", f"{e.cost_usd[1]:.4f}")
        if e.key_missing:
            text += "\n" + self.tr("No API key: %1. Add it in Endpoints → Manage endpoints.") \
                .replace("%1", e.key_missing)
        if e.small_model:
            text += "\n" + self.tr(
                "The bundled SmolLM2-135M shows how the app works but is far too small for "
                "reliable digests. For real ones use a 7B or larger model (Ollama, LM Studio) "
                "or a cloud endpoint.")
        self.info.setText(text)

    def show_progress(self, p: Progress) -> None:
        self._last_progress = p
        self._show_progress(p)

    def _show_progress(self, p: Progress) -> None:
        if p.stage == "engine":
            self.bar.setRange(0, 0)
            self.stage.setText(self.tr("Loading the local model…"))
            return
        self.bar.setRange(0, max(1, p.total))
        self.bar.setValue(p.done)
        self.bar.setFormat(self.tr("%1 of %2 calls").replace("%1", str(p.done))
                           .replace("%2", str(p.total)))
        names = {"plan": self.tr("Waiting for the model"), "condense": self.tr("Condensing the article"),
                 "map": self.tr("Reading the comments"), "reduce": self.tr("Merging the parts"),
                 "write": self.tr("Writing the summary"), "done": self.tr("Checking citations")}
        line = self.tr("%1 · %2 prompt + %3 answer tokens") \
            .replace("%1", names.get(p.stage, p.stage)) \
            .replace("%2", f"{p.prompt_tokens:,}").replace("%3", f"{p.completion_tokens:,}")
        if p.prompt_size:
            line = self.reading_text(p)
        if p.note:
            line += "\n" + self.tr("More calls than estimated: %1").replace(
                "%1", self.note_text(p.note))
        self.stage.setText(line)

    def note_text(self, note: str) -> str:
        """The pipeline's note (English, from the Qt-free core) in the interface's language;
        an unknown one as it is."""
        import re

        known = (
            (r"the endpoint failed \((\w+)\): trying again",
             self.tr("the endpoint failed (%1): trying again")),
            (r"the answer was not valid JSON: asked the model to correct it",
             self.tr("the answer was not valid JSON: asked the model to correct it")),
            (r"the answer reached its length limit: asking again with room for a longer one",
             self.tr("the answer reached its length limit: asking again with room for a "
                     "longer one")),
            (r"the answer reached its length limit: reading the thread in (\d+) parts instead",
             self.tr("the answer reached its length limit: reading the thread in %1 parts "
                     "instead")),
            (r"the prompt did not fit the model's context window: reading the thread in (\d+) "
             r"parts instead",
             self.tr("the prompt did not fit the model's context window: reading the thread "
                     "in %1 parts instead")),
            (r"part (\d+) was too long for one answer: split in two",
             self.tr("part %1 was too long for one answer: split in two")),
            (r"the merge did not fit: merging in smaller batches",
             self.tr("the merge did not fit: merging in smaller batches")),
        )
        for pattern, text in known:
            m = re.fullmatch(pattern, note)
            if m:
                return text.replace("%1", m.group(1)) if m.groups() else text
        return note

    def reading_text(self, p: Progress) -> str:
        """While the model reads a prompt: how far, and how long it has been."""
        if p.prompt_read or not p.read_estimated:
            text = self.tr("The model is reading the prompt: %1 of %2 tokens").replace(
                "%1", ("~" if p.read_estimated else "") + f"{p.prompt_read:,}").replace(
                "%2", f"{p.prompt_size:,}")
        else:
            text = self.tr("The model is reading a prompt of %1 tokens").replace(
                "%1", f"{p.prompt_size:,}")
        return text + " · " + self.tr("%1 s").replace("%1", f"{p.waited:.0f}")

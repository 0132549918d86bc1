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

from ..digest.stage import Stage
from .call_list import CallList
from .i18n import endpoint_label, follow_language, model_label, say

if TYPE_CHECKING:
    from ..digest.pipeline import Progress
    from ..services.estimate import Estimate


class RunPanel(QWidget):
    summarize = Signal()
    summarize_again = Signal()
    cancel = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.estimate: Estimate | None = None
        self.estimate_error = ""
        self.no_comments = False
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
        self.calls = CallList()  # one plain-text row per call, as it happens
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
        lay.addWidget(self.calls)
        self.set_running(False)
        self.set_ready(False)
        follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.go.setText(self.tr("Summarize"))
        self.again.setText(self.tr("Summarize again"))
        self._tooltips()
        self.stop.setText(self.tr("Cancel"))
        self._show_estimate()
        last = getattr(self, "_last_progress", None)
        if last is not None and self.stage.isVisible():  # a run: its line in the new language
            self._show_progress(last)

    def set_ready(self, ready: bool, no_comments: bool = False) -> None:
        """Summarize can be pressed; ``no_comments``: a thread without comments, which has
        nothing to summarize (the buttons say so in their tooltips, the panel above them)."""
        self.no_comments = no_comments
        self.go.setEnabled(ready and not no_comments)
        self.again.setEnabled(ready and not no_comments)
        self._tooltips()
        self._show_estimate()

    def no_comments_text(self) -> str:
        return self.tr("This thread has no comments yet: there is nothing to summarize.")

    def _tooltips(self) -> None:
        why = self.no_comments_text() if self.no_comments else ""
        self.go.setToolTip(why or self.tr("Summarize the thread (Ctrl+Enter)"))
        self.again.setToolTip(why or self.tr("Ignore the cached digest and make a new one"))

    def set_running(self, running: bool) -> None:
        # hide before showing: never all four buttons at once, whose width would push the
        # splitter's divider for a moment
        leaving = (self.go, self.again) if running else (self.bar, self.stop, self.stage)
        coming = (self.bar, self.stop, self.stage) if running else (self.go, self.again)
        for widget in leaving:
            widget.setVisible(False)
        for widget in coming:
            widget.setVisible(True)
        if running:
            self.bar.setRange(0, 0)
            self.stage.setText(self.tr("Starting…"))
            self.reset_calls()

    def set_estimate(self, estimate: Estimate | None, error: str = "") -> None:
        self.estimate, self.estimate_error = estimate, error
        self._show_estimate()

    def _show_estimate(self) -> None:
        estimate = self.estimate
        if self.no_comments:
            self.info.setText(self.no_comments_text())
            return
        if estimate is None:
            self.info.setText(self.estimate_error)
            return
        approx = "" if estimate.exact else "~"
        text = (
            self.tr("%1 · %2 · %3 prompt tokens in one call")
            if estimate.calls == 1
            else self.tr("%1 · %2 · %3 prompt tokens in %4 calls")
        )
        text = (
            text.replace("%1", endpoint_label(estimate.endpoint))
            .replace("%2", model_label(estimate.model))
            .replace("%3", f"{approx}{estimate.prompt_tokens:,}")
            .replace("%4", f"{estimate.calls:,}")
        )
        if estimate.cost_usd is not None:
            text += " · " + self.tr("about US$%1 (at most %2)").replace(
                "%1", f"{estimate.cost_usd[0]:.4f}"
            ).replace("%2", f"{estimate.cost_usd[1]:.4f}")
        if estimate.minutes is not None:  # the built-in engine at this computer's measured speed
            from ..llm.catalog_fit import human_minutes

            text += " · " + self.tr("%1 on this computer").replace("%1", say(human_minutes(estimate.minutes)))
        if estimate.key_missing:
            text += "\n" + self.tr("No API key: %1. Add it in Endpoints → Manage endpoints.").replace(
                "%1", say(estimate.key_missing)
            )
        for warning in estimate.warnings:  # what the plan already knows (a comment too long, …)
            text += "\n" + self.tr("Note: %1").replace("%1", say(warning))
        if estimate.small_model:
            text += "\n" + self.tr(
                "The bundled SmolLM2-135M shows how the app works but is far too small for "
                "reliable digests. For real ones use a 7B or larger model (Ollama, LM Studio) "
                "or a cloud endpoint."
            )
        self.info.setText(text)

    def show_progress(self, progress: Progress) -> None:
        self._last_progress = progress
        self._show_progress(progress)
        self.calls.show_calls(progress.calls)

    def _show_progress(self, progress: Progress) -> None:
        if progress.stage is Stage.ENGINE:
            self.bar.setRange(0, 0)
            waited = (
                " · " + self.tr("%1 s").replace("%1", f"{progress.waited:.0f}")
                if progress.waited >= 1
                else ""
            )
            self.stage.setText(self.tr("Loading the local model…") + waited)
            return
        self.bar.setRange(0, max(1, progress.total))
        self.bar.setValue(progress.done)
        self.bar.setFormat(
            self.tr("%1 of %2 calls").replace("%1", str(progress.done)).replace("%2", str(progress.total))
        )
        names = {
            Stage.PLAN: self.tr("Waiting for the model"),
            Stage.CONDENSE: self.tr("Condensing the article"),
            Stage.MAP: self.tr("Reading the comments"),
            Stage.REDUCE: self.tr("Merging the parts"),
            Stage.WRITE: self.tr("Writing the summary"),
            Stage.DONE: self.tr("Checking citations"),
        }
        prompt, answer = tokens_shown(progress)
        line = (
            self.tr("%1 · %2 prompt + %3 answer tokens")
            .replace("%1", names.get(progress.stage, progress.stage))
            .replace("%2", f"{prompt:,}")
            .replace("%3", f"{answer:,}")
        )
        if progress.prompt_size:
            line = self.reading_text(progress)
        if progress.note is not None:
            line += "\n" + self.tr("More calls than estimated: %1").replace("%1", say(progress.note))
        if progress.waiting is not None:  # another Threadgist run does part of the work
            line += "\n" + say(progress.waiting)
        self.stage.setText(line)

    # ---- the calls ---------------------------------------------------------------------
    def reset_calls(self) -> None:
        """No calls listed (a new run, another thread)."""
        self.calls.clear_calls()

    def stopping(self) -> None:
        """The user stops the run: the calls under way end as *stopped*, not *failed*."""
        self.calls.stopping()

    def end_calls(self) -> None:
        """The run has ended: a row whose call had not ended says it was stopped."""
        self.calls.end()

    def reading_text(self, progress: Progress) -> str:
        """While the model reads a prompt: how far, and how long it has been."""
        if progress.prompt_read or not progress.read_estimated:
            text = (
                self.tr("The model is reading the prompt: %1 of %2 tokens")
                .replace("%1", ("~" if progress.read_estimated else "") + f"{progress.prompt_read:,}")
                .replace("%2", f"{progress.prompt_size:,}")
            )
        else:
            text = self.tr("The model is reading a prompt of %1 tokens").replace(
                "%1", f"{progress.prompt_size:,}"
            )
        return text + " · " + self.tr("%1 s").replace("%1", f"{progress.waited:.0f}")


def tokens_shown(progress: Progress) -> tuple[int, int]:
    """The run's prompt and answer tokens as the calls' rows show them, those of calls
    still under way included (the run's usage counts a call once it has ended)."""
    from ..digest.calls import row_totals

    if progress.calls:
        return row_totals(progress.calls)
    return progress.prompt_tokens, progress.completion_tokens

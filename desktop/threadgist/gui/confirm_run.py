"""Before a big run: the plan (calls, prompt tokens, price, minutes where known) and the
choice to go ahead, to summarize only the newest comments, or to stop."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .i18n import endpoint_label, follow_language

if TYPE_CHECKING:
    from ..services.estimate import Estimate

#: the default limits above which Threadgist asks first
ASK_CALLS = 12
ASK_TOKENS = 150_000
ASK_USD = 0.25


class Cost(Protocol):
    """What a run will cost: one thread's :class:`Estimate`, or a batch's."""

    calls: int
    prompt_tokens: int
    cost_usd: tuple[float, float] | None


def needs_asking(cost: Cost, ask_calls: int) -> bool:
    """Whether a run (one thread's, or a batch's in all) is big enough to ask first
    (``ask_calls`` 0: never ask)."""
    if ask_calls <= 0:
        return False
    scale = ask_calls / ASK_CALLS
    big_price = cost.cost_usd is not None and cost.cost_usd[1] > ASK_USD * scale
    return cost.calls > ask_calls or cost.prompt_tokens > ASK_TOKENS * scale or big_price


class ConfirmRun(QDialog):
    """Emits ``chosen(n)``: 0 for the whole thread, n for its newest n comments."""

    chosen = Signal(int)

    def __init__(self, estimate: Estimate, comments: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.estimate, self.comments = estimate, comments
        self.plan = QLabel()
        self.plan.setTextFormat(Qt.TextFormat.PlainText)  # endpoint and model names
        self.plan.setWordWrap(True)
        self.newest = QSpinBox()
        self.newest.setRange(1, max(1, comments))
        self.newest.setValue(min(comments, 500))
        self.newest.setSingleStep(100)
        self.newest.setGroupSeparatorShown(True)
        self.part_button = QPushButton()
        self.all_button = QPushButton()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        row = QHBoxLayout()
        row.addWidget(self.part_button)
        row.addWidget(self.newest)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.plan)
        lay.addLayout(row)
        lay.addWidget(self.all_button)
        lay.addWidget(self.buttons)
        self.all_button.clicked.connect(lambda: self._choose(0))
        self.part_button.clicked.connect(lambda: self._choose(self.newest.value()))
        self.buttons.rejected.connect(self.reject)
        follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        estimate = self.estimate
        self.setWindowTitle(self.tr("A big run"))
        lines = [
            self.tr("Summarizing all %1 comments with %2 · %3 takes %4 calls and about %5 prompt tokens.")
            .replace("%1", f"{self.comments:,}")
            .replace("%2", endpoint_label(estimate.endpoint))
            .replace("%3", estimate.model)
            .replace("%4", f"{estimate.calls:,}")
            .replace("%5", f"{estimate.prompt_tokens:,}")
        ]
        if estimate.cost_usd is not None:
            lines.append(
                self.tr("It costs about US$%1 (at most %2).")
                .replace("%1", f"{estimate.cost_usd[0]:.2f}")
                .replace("%2", f"{estimate.cost_usd[1]:.2f}")
            )
        lines.append(
            self.tr(
                "Summarizing only the newest comments is quicker and cheaper; the "
                "digest then says which comments it covers."
            )
        )
        self.plan.setText("\n\n".join(lines))
        self.part_button.setText(self.tr("Summarize the newest"))
        self.newest.setSuffix(" " + self.tr("comments"))
        self.all_button.setText(self.tr("Summarize all %1 comments").replace("%1", f"{self.comments:,}"))

    def _choose(self, newest: int) -> None:
        self.accept()
        self.chosen.emit(newest)

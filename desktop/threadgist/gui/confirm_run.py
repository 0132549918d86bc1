"""Before a big or long run: the plan (calls, prompt tokens, price, minutes on this
computer where known) and the choice to go ahead, to summarize only the newest comments,
to stop, or — past :data:`ASK_MINUTES` — to take a faster choice the app knows: a local
server it found, a catalog model that is quicker here, or a cloud endpoint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
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

from .fit import MARGIN, scrolling
from .i18n import endpoint_label, follow_language, model_label, say
from .run_limits import ASK_MINUTES, Faster, newest_range

if TYPE_CHECKING:
    from ..services.estimate import Estimate

#: the question's narrowest width, in average characters of its font (its text wraps)
MIN_CHARS = 64


class ConfirmRun(QDialog):
    """Emits ``chosen(n)``: 0 for the whole thread, n for its newest n comments; for a
    long run ``faster("server" | "catalog" | "cloud")`` when a faster choice is taken."""

    chosen = Signal(int)
    faster = Signal(str)

    def __init__(
        self,
        estimate: Estimate,
        comments: int,
        parent: QWidget | None = None,
        choices: Faster | None = None,
    ) -> None:
        super().__init__(parent)
        self.estimate, self.comments = estimate, comments
        self.long = estimate.minutes is not None and estimate.minutes > ASK_MINUTES
        self.choices = choices or Faster()
        self.plan = QLabel()
        self.plan.setTextFormat(Qt.TextFormat.PlainText)  # endpoint and model names
        self.plan.setWordWrap(True)
        self.newest = QSpinBox()
        offer = newest_range(comments)
        self.newest.setRange(1, offer[1] if offer else 1)
        self.newest.setValue(offer[0] if offer else 1)
        self.newest.setSingleStep(100)
        self.newest.setGroupSeparatorShown(True)
        self.offer_newest = offer is not None
        self.part_button = QPushButton()
        self.all_button = QPushButton()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.faster_label = QLabel()
        self.faster_label.setWordWrap(True)
        self.server_button, self.model_button, self.cloud_button = QPushButton(), QPushButton(), QPushButton()
        self._build()
        self._show_choices()
        self.all_button.clicked.connect(lambda: self._choose(0))
        self.part_button.clicked.connect(lambda: self._choose(self.newest.value()))
        self.buttons.rejected.connect(self.reject)
        follow_language(self, self.retranslate)

    def _build(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.part_button)
        row.addWidget(self.newest)
        row.addStretch(1)
        content = QVBoxLayout()
        content.setContentsMargins(0, 0, 0, 0)
        content.addWidget(self.plan)
        content.addLayout(row)
        content.addWidget(self.all_button)
        content.addWidget(self.faster_label)
        for kind, button in (
            ("server", self.server_button),
            ("catalog", self.model_button),
            ("cloud", self.cloud_button),
        ):
            content.addWidget(button)
            button.clicked.connect(lambda _checked=False, kind=kind: self._faster(kind))
        # it scrolls only when its text is taller than the screen
        self.text_area = scrolling(content)
        self.text_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lay = lay = QVBoxLayout(self)
        lay.addWidget(self.text_area, 1)
        lay.addWidget(self.buttons)

    def _show_choices(self) -> None:
        """The newest comments where that is faster; the faster choices for a long run."""
        self.part_button.setVisible(self.offer_newest)
        self.newest.setVisible(self.offer_newest)
        self.faster_label.setVisible(self.long)
        self.server_button.setVisible(self.long and bool(self.choices.server))
        self.model_button.setVisible(self.long and bool(self.choices.model))
        self.cloud_button.setVisible(self.long and self.choices.cloud)

    def retranslate(self) -> None:
        estimate = self.estimate
        self.setWindowTitle(self.tr("A long run") if self.long else self.tr("A big run"))
        plan = (
            self.tr("Summarizing all %1 comments with %2 · %3 takes one call of about %5 prompt tokens.")
            if estimate.calls == 1
            else self.tr(
                "Summarizing all %1 comments with %2 · %3 takes %4 calls and about %5 prompt tokens."
            )
        )
        lines = [
            plan.replace("%1", f"{self.comments:,}")
            .replace("%2", endpoint_label(estimate.endpoint))
            .replace("%3", model_label(estimate.model))
            .replace("%4", f"{estimate.calls:,}")
            .replace("%5", f"{estimate.prompt_tokens:,}")
        ]
        if estimate.cost_usd is not None:
            lines.append(
                self.tr("It costs about US$%1 (at most %2).")
                .replace("%1", f"{estimate.cost_usd[0]:.2f}")
                .replace("%2", f"{estimate.cost_usd[1]:.2f}")
            )
        if estimate.minutes is not None:
            lines.append(self._time_text(estimate.minutes))
        if self.offer_newest:
            lines.append(
                self.tr(
                    "Summarizing only the newest comments is quicker and cheaper; the "
                    "digest then says which comments it covers."
                )
            )
        self.plan.setText("\n\n".join(lines))
        self._faster_texts()
        self.part_button.setText(self.tr("Summarize the newest"))
        self.newest.setSuffix(" " + self.tr("comments"))
        self.all_button.setText(self.tr("Summarize all %1 comments").replace("%1", f"{self.comments:,}"))
        self._fit()

    def showEvent(self, event: QShowEvent) -> None:
        self._fit()
        super().showEvent(event)

    def _fit(self) -> None:
        """As tall as its wrapped text at a readable width, never beyond the screen (the
        text then scrolls; the buttons stay in view)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        inner, lay = self.text_area.widget(), self.lay
        if inner is None:
            return
        margins = lay.contentsMargins()
        sides, ends = margins.left() + margins.right(), margins.top() + margins.bottom()
        readable = self.fontMetrics().averageCharWidth() * MIN_CHARS
        width = max(readable, inner.minimumSizeHint().width()) + sides
        if room is not None:
            width = min(width, room.width() - MARGIN)
        text_height = inner.heightForWidth(width - sides)
        height = text_height + lay.spacing() + self.buttons.sizeHint().height() + ends
        if room is not None:
            height = min(height, room.height() - MARGIN)
        self.setMinimumWidth(min(width, readable + sides))  # narrower, its lines would be few words
        self.resize(width, height)

    def _time_text(self, minutes: float) -> str:
        from ..llm.catalog_fit import human_minutes

        text = self.tr("On this computer it takes %1 (estimated from its measured speed).").replace(
            "%1", say(human_minutes(minutes))
        )
        if self.long:
            text += " " + self.tr("The window stays usable meanwhile, and Cancel keeps the finished parts.")
        return text

    def _faster_texts(self) -> None:
        from ..llm.catalog_fit import human_minutes

        self.faster_label.setText(self.tr("Faster choices:"))
        self.server_button.setText(
            self.tr("Use %1, a server found on this computer").replace("%1", self.choices.server)
        )
        self.model_button.setText(
            self.tr("Download %1 from the catalog: %2 here")
            .replace("%1", self.choices.model)
            .replace("%2", say(human_minutes(self.choices.model_minutes)))
        )
        self.cloud_button.setText(
            self.tr("Add a cloud endpoint: about a minute, with an API key; the thread is sent to it")
        )

    def _faster(self, kind: str) -> None:
        self.reject()
        self.faster.emit(kind)

    def _choose(self, newest: int) -> None:
        self.accept()
        self.chosen.emit(newest)

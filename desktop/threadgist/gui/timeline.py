"""The drift timeline: the digest's viewpoints and digressions over the thread's time (or
floor order), stacked by group in the share bar's colours, with the drift onset marked
and said in one line. Hovering a segment names its group and count; clicking it asks the
comment list for that group's comments in that stretch (``span_clicked``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QToolTip, QVBoxLayout, QWidget

from ..digest.colours import OFF_TOPIC_COLOUR, UNASSIGNED_COLOUR, VIEWPOINT_COLOUR
from ..thread.model import Thread
from .i18n import follow_language, say

if TYPE_CHECKING:  # the drift is worked out once a digest is shown, and loads with it
    from ..digest.drift_model import Drift
    from ..digest.model import Digest

MARGIN = 6.0


class TimelineWidget(QWidget):
    # (the group's floors in the clicked stretch, all of the group's floors, what was
    # chosen: "group · stretch")
    span_clicked = Signal(list, list, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source: Thread | None = None
        self.digest: Digest | None = None
        self.drift: Drift | None = None
        self.hovered: tuple[int, int] | None = None  # (bin, group)
        self.hover_text = ""
        self.line = QLabel()
        self.line.setTextFormat(Qt.TextFormat.PlainText)  # names from the thread and model
        self.line.setWordWrap(True)
        self.floor_order = QCheckBox()
        self.floor_order.toggled.connect(self._choose_order)
        self._by_time: bool | None = None  # None: over time unless a burst fills one bar
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.line, 1)
        top.addWidget(self.floor_order, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addStretch(1)  # the plot is painted below the line
        self.setMinimumHeight(150)
        self.setMouseTracking(True)
        self._words = ("", "", "", "", "", "")
        follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.floor_order.setText(self.tr("Floor order"))
        self.floor_order.setToolTip(self.tr("Bars of equal numbers of comments rather than of equal time"))
        self._words = (
            self.tr("on topic"),
            self.tr("off topic"),
            self.tr("unassigned"),
            self.tr("%1: %2 of %3 comments, %4"),
            self.tr("Summarize to see how the thread drifted."),
            self.tr("at most %1 comments in a bar"),
        )
        self._say_line()

    # ---- content ----------------------------------------------------------------------
    def set_thread(self, thread: Thread | None) -> None:
        self.source = thread
        self._by_time = None
        self.set_digest(None)

    def set_digest(self, digest: Digest | None) -> None:
        self.digest = digest
        self._compute()

    def _compute(self) -> None:
        self.hovered, self.hover_text = None, ""
        if self.source is None or self.digest is None:
            self.drift = None
        else:
            from ..digest.drift import drift

            self.drift = drift(self.source, self.digest, by_time=self._by_time)
        self.floor_order.blockSignals(True)
        self.floor_order.setChecked(self.drift is not None and not self.drift.by_time)
        self.floor_order.blockSignals(False)
        self.floor_order.setVisible(self.drift is not None and self.drift.can_time)
        self._say_line()
        self.update()

    def _choose_order(self, floor_order: bool) -> None:
        self._by_time = not floor_order
        self._compute()

    def _say_line(self) -> None:
        made = self.drift
        if made is None:
            self.line.setText(self._words[4])
            return
        from ..digest.drift_onset import onset_detail, onset_line

        detail = onset_detail(made)
        self.line.setText(say(onset_line(made)) + (" · " + say(detail) if detail is not None else ""))

    # ---- geometry ---------------------------------------------------------------------
    def plot_rect(self) -> QRectF:
        top = self.line.geometry().bottom() + MARGIN
        bottom = self.height() - MARGIN - 2 * self.fontMetrics().height()
        return QRectF(MARGIN, top, self.width() - 2 * MARGIN, max(10.0, bottom - top))

    def segment_rect(self, index: int, group: int) -> QRectF:
        """Where group ``group`` of bin ``index`` is drawn (empty when it has no lines)."""
        made = self.drift
        if made is None:
            return QRectF()
        plot = self.plot_rect()
        peak = max(b.total for b in made.bins) or 1
        width = plot.width() / len(made.bins)
        y = plot.bottom()
        for g, count in enumerate(made.bins[index].counts):
            height = plot.height() * count / peak
            if g == group:
                return QRectF(plot.left() + index * width, y - height, max(1.0, width - 1), height)
            y -= height
        return QRectF()

    def hit(self, pos: QPointF) -> tuple[int, int] | None:
        made = self.drift
        plot = self.plot_rect()
        if made is None or not made.bins or not plot.contains(pos):
            return None
        index = min(len(made.bins) - 1, int((pos.x() - plot.left()) / (plot.width() / len(made.bins))))
        for group in range(len(made.groups)):
            rect = self.segment_rect(index, group)
            if rect.height() > 0 and rect.top() <= pos.y() <= rect.bottom():
                return index, group
        return None

    # ---- mouse ------------------------------------------------------------------------
    def describe(self, index: int, group: int) -> str:
        """ "Title: 5 of 12 comments, 21:10–21:20"."""
        assert self.drift is not None
        made = self.drift
        b = made.bins[index]
        return (
            self._words[3]
            .replace("%1", self._name(group))
            .replace("%2", str(b.counts[group]))
            .replace("%3", str(b.total))
            .replace("%4", made.bin_label(index))
        )

    def _name(self, group: int) -> str:
        assert self.drift is not None
        found = self.drift.groups[group]
        return self._words[2] if found.kind == _unassigned() else found.title

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        found = self.hit(event.position())
        if found != self.hovered:
            self.hovered = found
            self.hover_text = self.describe(*found) if found is not None else ""
            self.update()
        if found is not None:  # rich text of escaped data: a title never renders as markup
            from html import escape

            QToolTip.showText(event.globalPosition().toPoint(), f"<qt>{escape(self.hover_text)}</qt>", self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        found = self.hit(event.position())
        if event.button() != Qt.MouseButton.LeftButton or found is None or self.drift is None:
            super().mousePressEvent(event)
            return
        index, group = found
        kind = self.drift.groups[group].kind
        everywhere = [floor for b in self.drift.bins for floor in b.members[group]]
        floors = list(self.drift.bins[index].members[group])
        label = f"{self._name(group)} · {self.drift.bin_label(index)}"
        self.span_clicked.emit(floors, everywhere if kind != _unassigned() else floors, label)

    def leaveEvent(self, event: object) -> None:
        self.hovered, self.hover_text = None, ""
        self.update()

    # ---- painting ---------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        made = self.drift
        if made is None or not made.bins:
            return
        for index in range(len(made.bins)):
            for group, found in enumerate(made.groups):
                rect = self.segment_rect(index, group)
                if rect.height() > 0:
                    painter.fillRect(rect, QColor(found.colour))
        if self.hovered is not None:
            painter.setPen(QPen(self.palette().color(self.palette().ColorRole.Text), 1.5))
            painter.drawRect(self.segment_rect(*self.hovered))
        self._paint_onset(painter, made)
        self._paint_axis(painter, made)

    def _paint_onset(self, painter: QPainter, made: Drift) -> None:
        if made.onset is None:
            return
        plot = self.plot_rect()
        x = plot.left() + made.onset.bin * plot.width() / len(made.bins)
        pen = QPen(QColor(OFF_TOPIC_COLOUR).darker(150), 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        painter.drawText(QPointF(x + 3, plot.top() + self.fontMetrics().ascent()), "▼")

    def _paint_axis(self, painter: QPainter, made: Drift) -> None:
        plot = self.plot_rect()
        metrics = self.fontMetrics()
        painter.setPen(self.palette().color(self.palette().ColorRole.PlaceholderText))
        row = QRectF(plot.left(), plot.bottom() + 2, plot.width(), metrics.height())
        first, last = made.bins[0], made.bins[-1]
        if first.start is not None and last.end is not None:
            ends = made.when(first.start), made.when(last.end)
        else:
            floors = [b.floors for b in made.bins if b.floors]
            ends = (f"#{floors[0][0]}", f"#{floors[-1][-1]}") if floors else ("", "")
        painter.drawText(row, Qt.AlignmentFlag.AlignLeft, ends[0])
        painter.drawText(row, Qt.AlignmentFlag.AlignRight, ends[1])
        left = plot.left()
        legend = row.translated(0, metrics.height())
        for colour, word in zip(
            (VIEWPOINT_COLOUR, OFF_TOPIC_COLOUR, UNASSIGNED_COLOUR), self._words[:3], strict=True
        ):
            painter.fillRect(QRectF(left, legend.top() + metrics.height() / 2 - 4, 8, 8), QColor(colour))
            painter.drawText(QPointF(left + 12, legend.top() + metrics.ascent()), word)
            left += 24 + metrics.horizontalAdvance(word)
        peak = max(b.total for b in made.bins)
        painter.drawText(legend, Qt.AlignmentFlag.AlignRight, self._words[5].replace("%1", f"{peak:,}"))


def _unassigned() -> str:
    """The kind of the lines no group claims (loaded with the drift: a digest is shown)."""
    from ..digest.drift_model import UNASSIGNED

    return UNASSIGNED

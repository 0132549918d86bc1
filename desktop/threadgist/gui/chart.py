"""A small chart: on-topic vs off-topic shares (from the digest) and comments over
time (from the thread)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..digest.colours import OFF_TOPIC_COLOUR, UNASSIGNED_COLOUR, VIEWPOINT_COLOUR
from ..thread.activity import Activity, activity
from ..thread.model import Thread
from .i18n import follow_language


class ChartWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shares: dict[str, float] | None = None
        self.activity: Activity | None = None
        self.setMinimumHeight(134)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._labels = ("", "", "", "", "", "")
        self._first: datetime | None = None  # the first and last comment times
        self._last: datetime | None = None
        follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        self._labels = (
            self.tr("on topic"),
            self.tr("off topic"),
            self.tr("unassigned"),
            self.tr("Comments over time"),
            self.tr("no comment times"),
            self.tr("%1 – %2 · at most %3 in a bar"),
        )
        self.update()

    def set_thread(self, thread: Thread | None) -> None:
        self.activity = activity(thread) if thread else None
        times = [comment.time for comment in thread.comments if comment.time is not None] if thread else []
        self._first, self._last = (min(times), max(times)) if times else (None, None)
        self.shares = None
        self.update()

    def set_shares(self, shares: dict[str, float] | None) -> None:
        self.shares = shares
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        chart_width, line_height = self.width() - 8, metrics.height()
        top = 2
        if self.shares is not None:
            parts = [
                (self.shares.get("on_topic", 0.0), VIEWPOINT_COLOUR, self._labels[0]),
                (self.shares.get("off_topic", 0.0), OFF_TOPIC_COLOUR, self._labels[1]),
                (self.shares.get("unassigned", 0.0), UNASSIGNED_COLOUR, self._labels[2]),
            ]
            left = 4.0
            for share, colour, _ in parts:
                width = chart_width * max(0.0, share)
                painter.fillRect(QRectF(left, top, width, 10), QColor(colour))
                left += width
            top += 14
            left = 4.0
            for share, colour, label in parts:
                painter.fillRect(QRectF(left, top + line_height / 2 - 4, 8, 8), QColor(colour))
                text = f"{label} {share:.0%}"
                painter.drawText(int(left + 12), int(top + metrics.ascent()), text)
                left += 24 + metrics.horizontalAdvance(text)
            top += line_height + 4
        painter.drawText(4, int(top + metrics.ascent()), self._labels[3])
        top += line_height + 2
        # the time span goes under the bars, not on them
        plot_height = self.height() - top - 4 - line_height - 2
        act = self.activity
        if act is None or not act.counts:
            painter.setPen(self.palette().color(self.palette().ColorRole.PlaceholderText))
            painter.drawText(4, int(top + metrics.ascent()), self._labels[4])
            return
        peak = max(act.counts) or 1
        bar_width = chart_width / len(act.counts)
        bars = self.palette().color(self.palette().ColorRole.Highlight)
        for i, count in enumerate(act.counts):
            bar_height = max(1.0, plot_height * count / peak) if count else 0.0
            painter.fillRect(
                QRectF(
                    4 + i * bar_width, top + plot_height - bar_height, max(1.0, bar_width - 1), bar_height
                ),
                bars,
            )
        painter.setPen(self.palette().color(self.palette().ColorRole.PlaceholderText))
        first = self._first or act.start
        last = self._last or act.end  # the last comment, not the end of its bar
        span = (
            self._labels[5]
            .replace("%1", f"{first:%m/%d %H:%M}")
            .replace("%2", f"{last:%m/%d %H:%M}")
            .replace("%3", f"{peak:,}")
        )
        painter.drawText(
            QRectF(4, top + plot_height + 2, chart_width, line_height),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
            span,
        )

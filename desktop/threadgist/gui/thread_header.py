"""The thread's header (title, board, author, time, 推/噓/→ totals and net score, and the
notes of its parser or fetch: comments that could not be loaded, dates that could not be
read), the article picker for multi-article files, and the article text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..thread.model import Thread
from .i18n import follow_language, say

if TYPE_CHECKING:
    from ..thread.model import LoadResult


class ThreadHeader(QWidget):
    article_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current: Thread | None = None
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        for label in (self.title, self.meta):  # thread text is never markup
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.totals = QLabel()
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.notes = QLabel()  # the thread's warnings: data, never markup
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes.setStyleSheet("color: #8a5a00")
        self.notes.hide()
        self.article_label = QLabel()
        self.article_combo = QComboBox()
        self.article_combo.currentIndexChanged.connect(self._chosen)
        pick = QHBoxLayout()
        pick.addWidget(self.article_label)
        pick.addWidget(self.article_combo, 1)
        self.picker = QWidget()
        self.picker.setLayout(pick)
        pick.setContentsMargins(0, 0, 0, 0)
        self.picker.hide()
        self.body = QPlainTextEdit()
        self.body.setReadOnly(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.picker)
        lay.addWidget(self.title)
        lay.addWidget(self.meta)
        lay.addWidget(self.totals)
        lay.addWidget(self.notes)
        lay.addWidget(self.body, 1)
        follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.article_label.setText(self.tr("Article:"))
        self._fill()

    def set_result(self, result: LoadResult) -> None:
        self.article_combo.blockSignals(True)
        self.article_combo.clear()
        for number, thread in enumerate(result.threads, 1):
            self.article_combo.addItem(f"{number}. {thread.title or '—'}")
        self.article_combo.setCurrentIndex(0)
        self.article_combo.blockSignals(False)
        self.picker.setVisible(len(result.threads) > 1)

    def set_thread(self, thread: Thread | None) -> None:
        self.current = thread
        self._fill()
        self.body.setPlainText(thread.body if thread else "")

    def _fill(self) -> None:
        thread = self.current
        if thread is None:
            self.title.setText(self.tr("Open a thread file (Ctrl+O) or drop one here."))
            self.meta.clear()
            self.totals.clear()
            self.notes.clear()
            self.notes.hide()
            return
        self.title.setText(thread.title or self.tr("(no title)"))
        parts = []
        if thread.board:
            parts.append(self.tr("Board: %1").replace("%1", thread.board))
        if thread.author:
            nick = f" ({thread.author_nick})" if thread.author_nick else ""
            parts.append(self.tr("Author: %1").replace("%1", thread.author + nick))
        if thread.posted_at:
            parts.append(thread.posted_at.strftime("%Y-%m-%d %H:%M"))
        parts.append(thread.site)
        self.meta.setText(" · ".join(parts))
        stats = thread.stats
        users = (self.tr("%1 user") if stats.users == 1 else self.tr("%1 users")).replace(
            "%1", f"{stats.users:,}"
        )
        comments = (self.tr("%1 comment") if stats.comments == 1 else self.tr("%1 comments")).replace(
            "%1", f"{stats.comments:,}"
        )
        if stats.push or stats.boo or stats.arrow:
            self.totals.setText(
                f"<b>推 {stats.push:,}</b> · <span style='color:#c62828'>噓 {stats.boo:,}</span> · "
                f"→ {stats.arrow:,} · "
                + self.tr("net %1").replace("%1", f"{stats.net:+,}")
                + " · "
                + comments
                + " · "
                + users
            )
        else:
            self.totals.setText(comments + " · " + users)
        self.notes.setText(
            "\n".join(self.tr("Note: %1").replace("%1", say(warning)) for warning in thread.warnings)
        )
        self.notes.setVisible(bool(thread.warnings))

    def _chosen(self, index: int) -> None:
        if index >= 0:
            self.article_chosen.emit(index)

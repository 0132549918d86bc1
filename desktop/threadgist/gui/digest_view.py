"""The digest panels: Summary, Viewpoints and Off-topic, with the chart, the cache
state and the citation check. Floor links go to the comment list."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..thread.model import Thread
from .chart import ChartWidget
from .digest_status import DigestStatus
from .i18n import app_translations, follow_language, say
from .safe_browser import SafeBrowser
from .timeline import TimelineWidget

if TYPE_CHECKING:
    from ..digest.growth import Growth
    from ..digest.model import Digest

#: lines of the digest in view however small the window is made
MIN_LINES = 10
STYLE = "h3 { margin-top: 12px; margin-bottom: 2px; } blockquote { margin-left: 12px; }"


class DigestView(QWidget):
    #: (floor to scroll to, every floor of its viewpoint or digression)
    floor_clicked = Signal(int, list)
    #: the thread grew since its digest: a digest of the new comments alone, or of all
    whats_new = Signal()
    whole_again = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.digest: Digest | None = None
        self._no_comments = False
        self._room = False  # make_room(): the empty tabs step aside for the first-run panel
        self.status = DigestStatus()
        # the reliability verdict: model text never reaches it, but keep it plain anyway
        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet(
            "QLabel#verdict { background: #fff3cd; color: #5c4400; border: 1px solid #e0c36c; padding: 4px; }"
        )
        self.verdict.hide()
        # a digest of an earlier state of a growing thread: how much is new, and the choices
        self.growth = QLabel()
        self.growth.setObjectName("growth")
        self.growth.setTextFormat(Qt.TextFormat.PlainText)
        self.growth.setWordWrap(True)
        self.growth.setStyleSheet(
            "QLabel#growth { background: #e3f6e3; color: #1f4d2a; border: 1px solid #9fd3a9; padding: 4px; }"
        )
        self.new_button, self.all_button = QPushButton(), QPushButton()
        self.new_button.clicked.connect(self.whats_new)
        self.all_button.clicked.connect(self.whole_again)
        self.growth_row = QWidget()
        row = QHBoxLayout(self.growth_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.growth, 1)
        row.addWidget(self.new_button)
        row.addWidget(self.all_button)
        self.growth_row.hide()
        self._growth: Growth | None = None
        self.chart = ChartWidget()
        self.tabs = QTabWidget()
        self.summary = SafeBrowser()
        self.viewpoints = SafeBrowser()
        self.off_topic = SafeBrowser()
        for browser in (self.summary, self.viewpoints, self.off_topic):
            browser.document().setDefaultStyleSheet(STYLE)
            browser.app_link.connect(self._app_link)
        self.tabs.addTab(self.summary, "")
        self.tabs.addTab(self.viewpoints, "")
        self.tabs.addTab(self.off_topic, "")
        self.timeline = TimelineWidget()  # the groups over time, and the drift
        self.tabs.addTab(self.timeline, "")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.status)
        lay.addWidget(self.verdict)
        lay.addWidget(self.growth_row)
        lay.addWidget(self.chart)
        lay.addWidget(self.tabs, 1)
        self._state = "empty"  # empty | running | digest: what retranslate() redraws
        self._fit_lines()
        follow_language(self, self.retranslate)

    def make_room(self, on: bool) -> None:
        """While the first-run panel shows (``on``), the chart and the tabs hide as long as
        they would be empty (no digest, no run): on a small window the panel gets their
        room. They come back with the first run or digest, or when the panel closes."""
        self._room = on
        self._apply_room()

    def _apply_room(self) -> None:
        hide = self._room and self._state in ("empty", "looking")
        self.chart.setVisible(not hide)
        self.tabs.setVisible(not hide)

    def _fit_lines(self) -> None:
        """Each panel at least MIN_LINES lines high, in the font it has now: the window's
        smallest size follows (its layout's minimum), so the digest stays readable."""
        for browser in (self.summary, self.viewpoints, self.off_topic):
            margin = int(browser.document().documentMargin())
            lines = MIN_LINES * browser.fontMetrics().lineSpacing()
            browser.setMinimumHeight(lines + 2 * (margin + browser.frameWidth()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # Preferences → font size
            self._fit_lines()

    def retranslate(self) -> None:
        self._tab_titles()
        self.new_button.setText(self.tr("Summarize what's new"))
        self.new_button.setToolTip(self.tr("A digest of the new comments alone"))
        self.all_button.setText(self.tr("Summarize the whole thread"))
        self.all_button.setToolTip(self.tr("Parts already summarized are not sent again"))
        if self._growth is not None:
            self.show_growth(self._growth)
        if self._state == "digest" and self.digest is not None:
            self.status.show_digest(self.digest)
            self._show_verdict(self.digest)
            self._show_summary(self.digest)  # its notes in the new language
        elif self._state == "empty":
            self._show_empty()

    def _tab_titles(self) -> None:
        """Tab names, with the digest's counts (and ⚠ removed citations) when there is one."""
        digest = self.digest if self._state == "digest" else None
        removed = len(digest.verification.removed) if digest else 0
        self.tabs.setTabText(0, self.tr("Summary") + (f" ⚠{removed}" if removed else ""))
        self.tabs.setTabText(1, self.tr("Viewpoints") + (f" ({len(digest.viewpoints)})" if digest else ""))
        self.tabs.setTabText(2, self.tr("Off-topic") + (f" ({len(digest.off_topic)})" if digest else ""))
        self.tabs.setTabText(3, self.tr("Timeline"))

    # ---- states -----------------------------------------------------------------------
    def set_thread(self, thread: Thread | None) -> None:
        # a thread without comments: the run panel alone says there is nothing to summarize
        self._no_comments = thread is not None and not thread.comments
        self.chart.set_thread(thread)
        self.timeline.set_thread(thread)
        self.clear()

    def show_growth(self, growth: Growth | None) -> None:
        """The digest shown is of an earlier state of the thread: say how much is new."""
        self._growth = growth
        self.growth_row.setVisible(growth is not None)
        if growth is None:
            return
        when = datetime.fromtimestamp(growth.since).strftime("%Y-%m-%d %H:%M")
        self.growth.setText(
            self.tr(
                "%1 new comments since the digest of %2 (which read %3); the new ones are tinted in the list."
            )
            .replace("%1", f"{growth.new:,}")
            .replace("%2", when)
            .replace("%3", f"{growth.covered:,}")
        )

    def clear(self) -> None:
        self.show_growth(None)
        self.digest = None
        self._state = "empty"
        self.verdict.hide()
        self.chart.set_shares(None)
        self.timeline.set_digest(None)
        for browser in (self.summary, self.viewpoints, self.off_topic):
            browser.clear()
        self._tab_titles()
        self._show_empty()
        self._apply_room()

    def _show_empty(self) -> None:
        if self._no_comments:
            self.status.say("")
            return
        self.status.say(self.tr("Not summarized with this endpoint yet. Press Summarize (Ctrl+Enter)."))

    @property
    def looking(self) -> bool:
        return self._state == "looking"

    def show_looking(self) -> None:
        """Between opening a thread (or switching endpoints) and the cache's answer: say
        that, rather than "not summarized" for a moment before a cached digest appears."""
        self.clear()
        self._state = "looking"
        if not self._no_comments:
            self.status.say(self.tr("Looking for a saved digest…"))

    def show_running(self, text: str) -> None:
        self._state = "running"
        self._apply_room()
        self.status.say(text)

    def show_streaming(self, summary_so_far: str) -> None:
        """The summary while it is being written (plain text, escaped)."""
        from ..digest import html as H  # loaded with the first digest, not at start-up

        self.tabs.setCurrentIndex(0)
        self.summary.setHtml(H.paragraphs(summary_so_far))
        scroll_bar = self.summary.verticalScrollBar()
        scroll_bar.setValue(scroll_bar.maximum())

    def show_digest(self, digest: Digest) -> None:
        from ..digest import html as H

        self.digest = digest
        self._state = "digest"
        self._apply_room()
        self.status.show_digest(digest)
        self._show_verdict(digest)
        self.chart.set_shares(digest.shares)
        self.timeline.set_digest(digest)
        self._show_summary(digest)
        self.viewpoints.setHtml(H.viewpoints_html(digest))
        self.off_topic.setHtml(H.off_topic_html(digest))
        self._tab_titles()

    def _show_verdict(self, digest: Digest) -> None:
        """The low-confidence line in the interface's language (copies and exports say it
        in the digest's)."""
        from ..digest.reliability import verdict_line  # with the first digest shown

        line = verdict_line(digest.reliability, "zh-TW" if app_translations().current == "zh_TW" else "en")
        self.verdict.setText("⚠ " + line if line else "")
        self.verdict.setVisible(bool(line))

    def _show_summary(self, digest: Digest) -> None:
        """The summary, and below it the numbers, the citation check and the notes (the
        core's warnings, in the interface's language)."""
        from ..digest import html as H

        self.summary.setHtml(H.summary_html(digest) + "<hr>" + H.checks_html(digest, say))

    # ---- links ------------------------------------------------------------------------
    def _app_link(self, url: QUrl) -> None:
        from ..digest import html as H

        if self.digest is None:
            return
        if url.scheme() == "group":
            floors = H.group_floors(self.digest, url.path())
            if floors:
                self.floor_clicked.emit(min(floors), floors)
            return
        try:
            floor = int(url.path())
        except ValueError:
            return
        group = parse_qs(url.query()).get("g", [""])[0]
        self.floor_clicked.emit(floor, H.group_floors(self.digest, group) or [floor])

"""Shown above the digest while nothing is configured: three ways to a model that can
really digest a thread — a local server found on this computer, a catalog model that
fits it, or a cloud endpoint — and a plain word on the bundled model meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from .catalog_box import CatalogBox
from .i18n import follow_language

if TYPE_CHECKING:
    from ..llm.discover import FoundServer
    from .tasks import TaskRunner


class FirstRunPanel(QFrame):
    use_server = Signal(int)  # index into the found servers
    model_ready = Signal(str, str)  # a catalog model on disk: path, name
    add_cloud = Signal()
    dismissed = Signal()
    look_again = Signal()  # look for local servers again

    def __init__(self, runner: TaskRunner, catalog: CatalogBox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("firstRun")
        self.runner = runner
        self.found: list[FoundServer] = []
        self.scanned = False
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold")
        self.title.setWordWrap(True)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.servers_label = QLabel()
        self.servers_label.setTextFormat(Qt.TextFormat.PlainText)  # server and model names
        self.servers_label.setWordWrap(True)
        self.server_button = QPushButton()
        self.look_button = QPushButton()
        self.looking = False
        self.catalog = catalog
        catalog.set_compact()
        # a group box's title does not wrap: in a narrow column the line says it instead
        catalog.title_text = lambda: ""
        self.model_label = QLabel()
        self.model_label.setWordWrap(True)
        self.cloud_label = QLabel()
        self.cloud_label.setWordWrap(True)
        self.cloud_button = QPushButton()
        self.later = QPushButton()
        self.later.setFlat(True)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.later)
        srow = QHBoxLayout()
        srow.addWidget(self.servers_label, 1)
        srow.addWidget(self.server_button)
        srow.addWidget(self.look_button)
        crow = QHBoxLayout()
        crow.addWidget(self.cloud_label, 1)
        crow.addWidget(self.cloud_button)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(self.intro)
        lay.addLayout(srow)
        lay.addWidget(self.model_label)
        lay.addWidget(self.catalog)
        lay.addLayout(crow)
        self.server_button.clicked.connect(lambda: self.use_server.emit(0))
        self.cloud_button.clicked.connect(self.add_cloud)
        self.look_button.clicked.connect(self._look_again)
        self.later.clicked.connect(self.dismissed)
        self.catalog.model_ready.connect(self.model_ready)
        follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Choose a model that can digest threads"))
        self.intro.setText(
            self.tr(
                "Until you choose, Threadgist uses its bundled SmolLM2-135M: it shows how the app "
                "works, but it is far too small for reliable digests and cannot read Chinese. "
                "Pick one of these:"
            )
        )
        self.server_button.setText(self.tr("Use it"))
        self.look_button.setText(self.tr("Look again"))
        self.look_button.setToolTip(
            self.tr("Look for local servers again (also done when you come back to this window)")
        )
        self.cloud_label.setText(
            self.tr(
                "3. A cloud endpoint (OpenAI, Azure, OpenRouter, …): the best digests, with an API "
                "key; the thread is sent to that provider."
            )
        )
        self.cloud_button.setText(self.tr("Add a cloud endpoint…"))
        self.later.setText(self.tr("Not now"))
        self.later.setToolTip(self.tr("Hide this; Endpoints → Manage endpoints has the same choices"))
        self.model_label.setText(self.tr("2. A model for the built-in engine, downloaded once"))
        self.catalog.setTitle("")
        self._show_servers()

    def set_found(self, found: list[FoundServer]) -> None:
        self.found = list(found)
        self.scanned = True
        self.looking = False
        self._show_servers()

    def set_looking(self) -> None:
        """A look for local servers is under way."""
        self.looking = True
        self._show_servers()

    def _look_again(self) -> None:
        self.set_looking()
        self.look_again.emit()

    def _show_servers(self) -> None:
        self.look_button.setEnabled(not self.looking)
        if not self.scanned or self.looking:
            text = self.tr("1. A local server on this computer: looking…")
        elif not self.found:
            text = self.tr(
                "1. A local server on this computer: none is running (looked for "
                "Ollama, LM Studio, llama.cpp, vLLM and Jan on their usual ports)."
            )
        else:
            server = self.found[0]
            models = ", ".join(server.models[:3]) + (" …" if len(server.models) > 3 else "")
            text = (
                self.tr("1. A local server on this computer: %1 at %2 with %3")
                .replace("%1", server.label)
                .replace("%2", server.base_url)
                .replace("%3", models or self.tr("no model loaded"))
            )
            if len(self.found) > 1:
                text += " " + self.tr("(and %1 more in the endpoint box)").replace(
                    "%1", str(len(self.found) - 1)
                )
        self.servers_label.setText(text)
        self.server_button.setVisible(bool(self.found))


class FirstRunArea(QScrollArea):
    """The panel's scroll area: as tall as the panel at its width (no scroll box of a few
    lines on a laptop screen), but at most half the window once a digest is shown, so the
    digest keeps its room; before that (``digest_shown`` false) the empty digest area gives
    it all but :data:`KEEP_BELOW` pixels."""

    def __init__(
        self, panel: FirstRunPanel, digest_shown: Callable[[], bool], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._digest_shown = digest_shown
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # the panel takes the column's width and wraps its text, never wider than the view
        panel.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setWidget(panel)
        panel.installEventFilter(self)  # its text changes its height: follow it

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return False

    def _height(self) -> int:
        panel = self.widget()
        if panel is None:
            return 140
        width = self.viewport().width()
        need = panel.heightForWidth(width) if panel.hasHeightForWidth() else -1
        if need <= 0:
            need = panel.sizeHint().height()
        window = self.window()
        if window is None or window is self:
            return max(140, need)
        half = window.height() // 2
        cap = half if self._digest_shown() else max(half, window.height() - KEEP_BELOW - self._above())
        return max(140, min(need, cap))

    def _above(self) -> int:
        """How far down the window the area starts (the toolbar, the run panel…)."""
        window = self.window()
        return max(0, self.mapTo(window, QPoint(0, 0)).y()) if window is not None else 0

    def minimumSizeHint(self) -> QSize:
        """Before a digest, the panel's own height (the empty area is its room); with a run
        or a digest shown, a few lines (it scrolls), so that they get theirs first."""
        low = SCROLL_LINES_MIN if self._digest_shown() else self._height()
        return QSize(super().minimumSizeHint().width(), low)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # the text wraps anew
            self.updateGeometry()


#: the panel's least height (pixels) once a run or a digest needs the column: it scrolls
SCROLL_LINES_MIN = 60
#: what the empty digest area keeps below the panel before the first digest (pixels)
KEEP_BELOW = 60
#: the digest column's width while the panel is shown, when the window has the room
PANEL_WIDTH = 520
#: what the comments keep beside it at least
COMMENTS_WIDTH = 700


def widen_for(splitter: QSplitter) -> None:
    """Give the digest column (the splitter's second) room for the panel, taken from the
    comments, when the window is wide enough for both."""
    sizes = splitter.sizes()
    if len(sizes) != 2 or sizes[1] >= PANEL_WIDTH or sum(sizes) < PANEL_WIDTH + COMMENTS_WIDTH:
        return
    splitter.setSizes([sum(sizes) - PANEL_WIDTH, PANEL_WIDTH])

"""Shown above the digest while nothing is configured: three ways to a model that can
really digest a thread — a local server found on this computer, a catalog model that
fits it, or a cloud endpoint — and a plain word on the bundled model meanwhile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
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
        self.catalog = catalog
        catalog.title_text = lambda: self.tr("2. A model for the built-in engine, downloaded once")
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
        crow = QHBoxLayout()
        crow.addWidget(self.cloud_label, 1)
        crow.addWidget(self.cloud_button)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(self.intro)
        lay.addLayout(srow)
        lay.addWidget(self.catalog)
        lay.addLayout(crow)
        self.server_button.clicked.connect(lambda: self.use_server.emit(0))
        self.cloud_button.clicked.connect(self.add_cloud)
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
        self.cloud_label.setText(
            self.tr(
                "3. A cloud endpoint (OpenAI, Azure, OpenRouter, …): the best digests, with an API "
                "key; the thread is sent to that provider."
            )
        )
        self.cloud_button.setText(self.tr("Add a cloud endpoint…"))
        self.later.setText(self.tr("Not now"))
        self.later.setToolTip(self.tr("Hide this; Endpoints → Manage endpoints has the same choices"))
        self.catalog.setTitle(self.tr("2. A model for the built-in engine, downloaded once"))
        self._show_servers()

    def set_found(self, found: list[FoundServer]) -> None:
        self.found = list(found)
        self.scanned = True
        self._show_servers()

    def _show_servers(self) -> None:
        if not self.scanned:
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

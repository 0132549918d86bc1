"""The model catalog: curated GGUF models, whether each fits this computer, how long the
open thread would take on it, and "Download and use" (progress, resume, checksum, cancel).
Emits ``model_ready(path, name)`` when a model is on disk."""

from __future__ import annotations

import concurrent.futures as cf
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..llm.catalog import GB, CatalogModel, download_model, installed_path, load_catalog
from ..llm.catalog_fit import Fit, Speed, assess, recommend, why_recommended
from ..llm.download import DownloadCancelled, DownloadError
from ..llm.hardware import Machine, this_machine
from ..messages import Text
from .i18n import follow_language, say
from .model_details import ModelDetails
from .tasks import TaskRunner
from .wheelguard import wheel_only_when_focused

#: below this width (pixels) the model choice and its buttons stack
NARROW = 420


class CatalogBox(QGroupBox):
    model_ready = Signal(str, str)  # path of the file the engine loads, model name
    measure_again = Signal()  # the user asks to measure this computer's speed again

    def __init__(
        self,
        runner: TaskRunner,
        folder: Path,
        parent: QWidget | None = None,
        models: list[CatalogModel] | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.folder = folder
        try:
            self.models = models if models is not None else load_catalog()
            self.catalog_error = ""
        except ValueError as e:
            self.models, self.catalog_error = [], str(e)
        self.machine: Machine = this_machine()
        self.speed: Speed | None = None
        self.measuring = False  # this computer's speed is being measured
        self.speed_error: Text | None = None  # why measuring it failed
        self.workload = (0, 0)  # prompt and answer tokens of the open thread
        self.chinese = True
        self.fits: list[Fit] = []
        #: the box's title where it is shown under another heading (the first-run panel)
        self.title_text: Callable[[], str] | None = None
        self._cancel: threading.Event | None = None
        self._make_widgets()
        self._lay_out()
        self.more.toggled.connect(self._fold)
        self.combo.currentIndexChanged.connect(self._show_details)
        self.download_button.clicked.connect(self.start_download)
        self.cancel_button.clicked.connect(self.cancel_download)
        self.retry_button.clicked.connect(self._measure_again)
        self._downloading(False)
        follow_language(self, self.retranslate)

    def _make_widgets(self) -> None:
        self.combo = QComboBox()
        # long model names shrink with the panel instead of widening it
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(18)
        wheel_only_when_focused(self.combo)
        self.details = ModelDetails()
        self.download_button, self.cancel_button = QPushButton(), QPushButton()
        self.bar = QProgressBar()
        self.status = _plain_label()  # shows error text
        self.why = _plain_label()  # why the ★ model, or why none
        self.speed_label = _plain_label()  # measuring, or why measuring failed
        self.retry_button = QPushButton()
        # in the first-run panel the model's particulars fold away (the panel fits a
        # laptop's screen); the endpoint dialog shows them
        self.more = QPushButton()
        self.more.setCheckable(True)
        self.more.setFlat(True)
        self.more.setVisible(False)
        self.compact = False

    def _lay_out(self) -> None:
        # nothing moves under the pointer when a download starts or ends: the bar takes the
        # list's place in its row, Cancel keeps its room while hidden, the status its line
        # (the panel's height stays, so no scroll bar comes to narrow it)
        policy = self.cancel_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.cancel_button.setSizePolicy(policy)
        self.status.setMinimumHeight(self.status.fontMetrics().height())
        self.bar.setMinimumHeight(self.combo.sizeHint().height())
        self.row = row = QHBoxLayout()
        row.addWidget(self.combo, 1)
        row.addWidget(self.bar, 1)
        row.addWidget(self.download_button)
        row.addWidget(self.cancel_button)
        speed_row = QHBoxLayout()
        speed_row.addWidget(self.speed_label, 1)
        speed_row.addWidget(self.retry_button)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.why)
        lay.addLayout(speed_row)
        lay.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.details)
        lay.addWidget(self.status)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """In a narrow column the choice and its buttons stack (nothing is cut off)."""
        super().resizeEvent(event)
        narrow = event.size().width() < NARROW
        self.row.setDirection(
            QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        )

    def retranslate(self) -> None:
        self.setTitle(self.title_text() if self.title_text else self.tr("Model catalog"))
        self.download_button.setText(self.tr("Download and use"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.retry_button.setText(self.tr("Try again"))
        self._fold(self.more.isChecked())
        self.refresh()

    def set_compact(self) -> None:
        """The model's particulars folded away behind a button (the first-run panel)."""
        self.compact = True
        self.more.setVisible(True)
        self.more.setChecked(False)
        self._fold(False)

    def _fold(self, shown: bool) -> None:
        self.details.setVisible(shown or not self.compact)
        self.more.setText(self.tr("Hide the details") if shown else self.tr("Details of this model…"))

    # ---- what fits ------------------------------------------------------------------
    def set_speed(self, speed: Speed | None) -> None:
        self.speed = speed
        self.measuring = False
        if speed is not None:
            self.speed_error = None
        self.refresh()

    def set_measuring(self) -> None:
        """This computer's speed is being measured (the minutes follow)."""
        self.measuring, self.speed_error = True, None
        self.refresh()

    def set_speed_failed(self, why: Text) -> None:
        """Measuring this computer's speed failed: say so and offer to try again."""
        self.measuring, self.speed_error = False, why
        self.refresh()

    def _measure_again(self) -> None:
        self.set_measuring()
        self.measure_again.emit()

    def _show_speed(self) -> None:
        if self.speed_error is not None:
            text = self.tr(
                "This computer's speed could not be measured (%1), so the minutes are not known."
            ).replace("%1", say(self.speed_error))
        elif self.measuring:
            text = self.tr("Measuring this computer's speed…")
        elif self.speed is not None and self.speed.taken_busy:
            text = self.tr(
                "This computer was busy with other work when its speed was measured, so these "
                "minutes may be too long and the ★ too small a model. Measure again when it is idle."
            )
        else:
            text = ""
        self.speed_label.setText(text)
        self.speed_label.setVisible(bool(text))
        busy = self.speed is not None and self.speed.taken_busy and not self.measuring
        self.retry_button.setVisible(self.speed_error is not None or busy)
        self.retry_button.setText(self.tr("Measure again") if busy else self.tr("Try again"))

    def set_workload(self, prompt_tokens: int, answer_tokens: int, chinese: bool) -> None:
        self.workload = (prompt_tokens, answer_tokens)
        self.chinese = chinese
        self.refresh()

    def recommended(self) -> Fit | None:
        return recommend(self.fits, chinese=self.chinese)

    def _show_why(self) -> None:
        if not self.fits:
            self.why.setVisible(False)
            return
        _best, reason = why_recommended(self.fits, self.machine, chinese=self.chinese)
        self.why.setText(say(reason))
        self.why.setVisible(True)

    def refresh(self) -> None:
        """Re-assess every model and refill the list, keeping the selection."""
        keep = self.combo.currentData()
        self.fits = [
            assess(
                model,
                self.machine,
                prompt_tokens=self.workload[0],
                answer_tokens=self.workload[1],
                ref=self.speed,
            )
            for model in self.models
        ]
        best = self.recommended()
        self.combo.blockSignals(True)
        self.combo.clear()
        for fit in self.fits:
            mark = "★ " if best is not None and fit.model.id == best.model.id else ""
            state = self.tr("fits") if fit.fits else self.tr("too big for this computer")
            self.combo.addItem(
                f"{mark}{fit.model.name} · {fit.model.size / GB:.1f} GB · {state}", fit.model.id
            )
        index = self.combo.findData(keep) if keep else -1
        if index < 0 and best is not None:
            index = self.combo.findData(best.model.id)
        self.combo.setCurrentIndex(max(0, index))
        self.combo.blockSignals(False)
        self._show_why()
        self._show_speed()
        self._show_details()

    def current(self) -> Fit | None:
        mid = self.combo.currentData()
        return next((fit for fit in self.fits if fit.model.id == mid), None)

    def _show_details(self) -> None:
        fit = self.current()
        self.details.show_fit(fit, self.machine, self.catalog_error)
        if fit is None:
            self.download_button.setEnabled(False)
            return
        present = installed_path(fit.model, self.folder) is not None
        self.download_button.setText(self.tr("Use") if present else self.tr("Download and use"))
        self.download_button.setEnabled(self._cancel is None)

    # ---- downloading -----------------------------------------------------------------
    def _downloading(self, busy: bool) -> None:
        self.combo.setVisible(not busy)
        self.bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.download_button.setEnabled(not busy)
        self.combo.setEnabled(not busy)

    def start_download(self) -> None:
        fit = self.current()
        if fit is None:
            return
        model = fit.model
        self._cancel = cancel = threading.Event()
        self._downloading(True)
        self.bar.setRange(0, 1000)
        self.bar.setValue(0)
        self.status.setText(self.tr("Downloading %1…").replace("%1", model.name))

        def progress(done: int, total: int) -> None:
            self.runner.run_on_main(lambda: self._progress(done, total))

        folder = self.folder
        self.runner.call(
            lambda: download_model(model, folder, progress=progress, cancel=cancel),
            lambda fut: self._downloaded(model, fut),
        )

    def _progress(self, done: int, total: int) -> None:
        self.bar.setValue(int(1000 * done / max(1, total)))
        self.bar.setFormat(f"{done / GB:.2f} / {total / GB:.2f} GB")

    def cancel_download(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def _downloaded(self, model: CatalogModel, fut: cf.Future[Path]) -> None:
        self._cancel = None
        self._downloading(False)
        try:
            path = fut.result()
        except DownloadCancelled:
            self.status.setText(self.tr("Download cancelled; it resumes where it stopped."))
            return
        except (DownloadError, OSError) as e:
            why = say(e.detail) if isinstance(e, DownloadError) else str(e)
            self.status.setText(self.tr("Download failed: %1").replace("%1", why))
            return
        self.status.setText(self.tr("%1 is ready.").replace("%1", model.name))
        self._show_details()
        self.model_ready.emit(str(path), model.name)


def _plain_label() -> QLabel:
    """A label that shows text as it is (data, never markup), wrapped."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label

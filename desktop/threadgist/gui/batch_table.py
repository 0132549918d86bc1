"""*Summarize all articles* of a multi-article file: a dock (it floats off as a window of
its own) with one row per article — title, comments, on-topic / off-topic / unassigned
shares, status — sortable and filterable, while the batch runs on the current endpoint
through the same core as ``threadgist batch`` (:mod:`.batch_job`). It plans first and asks
when the batch is above the confirmation limit; a click on a row opens that article in the
main window with its digest (cached as each thread finishes); Copy and Export take the
rows shown out of the app (:mod:`.batch_export`)."""

from __future__ import annotations

import concurrent.futures as cf
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from .batch_export import RowsOut
from .batch_job import BatchJob
from .batch_model import COLUMNS, ArticleRole, BatchModel
from .batch_view import BatchView, StatusFilter
from .batch_words import AGAIN, BatchWords, Facts, TableState
from .i18n import follow_language

if TYPE_CHECKING:
    from ..thread.model import LoadResult
    from .controller import Controller


class BatchTable(QDockWidget):
    """One per main window (:meth:`show_for`); it keeps the file it was opened for, and a
    click on a row opens that file's article again if another file was opened since."""

    def __init__(self, main: QMainWindow, controller: Controller, picker: QComboBox) -> None:
        """``main``: the window it docks in (and whose status bar it speaks in);
        ``picker``: the window's article picker, which follows a click on a row."""
        super().__init__(main)
        self.setObjectName("batch-table")
        self.main = main
        self.controller = controller
        self.picker = picker
        self._state = TableState.NONE  # what the line above the table says
        self._state_args: tuple[str, ...] = ()
        self.model = BatchModel(self)
        self.words = BatchWords(self)
        self.job = BatchJob(self, controller, self.model, self.words)
        self.job.said.connect(self._say)
        self.job.running_changed.connect(self._set_running)
        self.job.planning.connect(self._planning)
        self.table = BatchView(self.model)
        self.proxy = self.table.proxy
        self.table.clicked.connect(self._open_row)
        self.table.activated.connect(self._open_row)  # Enter, or a double click
        self.rows_out = RowsOut(self, self.table, controller.runner, main.statusBar().showMessage)
        self.setWidget(self._body())
        self.timer = QTimer(self)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self._show_totals)
        self._set_running(False)
        follow_language(self, self.retranslate)

    def _body(self) -> QWidget:
        """The line above, the buttons and the progress bar, the filters, the table."""
        self.text_filter = QLineEdit()
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.textChanged.connect(self.proxy.set_text)
        self.status_filter = StatusFilter(self.table)
        self.info = QLabel()
        self.info.setTextFormat(Qt.TextFormat.PlainText)  # endpoint and model names, reasons
        self.info.setWordWrap(True)
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.start_button, self.stop_button = QPushButton(), QPushButton()
        self.copy_button, self.export_button = QPushButton(), QPushButton()
        self.start_button.clicked.connect(self.job.prepare)
        self.stop_button.clicked.connect(self.job.cancel)
        self.copy_button.clicked.connect(self.rows_out.copy)
        self.export_button.clicked.connect(self.export)
        filters = QHBoxLayout()
        filters.addWidget(self.text_filter, 1)
        filters.addWidget(self.status_filter)
        buttons = QHBoxLayout()
        for widget in (self.start_button, self.bar, self.stop_button, self.copy_button, self.export_button):
            buttons.addWidget(widget, 1 if widget is self.bar else 0)
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.addWidget(self.info)
        lay.addLayout(buttons)
        lay.addLayout(filters)
        lay.addWidget(self.table, 1)
        return body

    # ---- the file and its batch ---------------------------------------------------------
    @property
    def result(self) -> LoadResult | None:
        """The file the table is for."""
        return self.job.result

    @property
    def running(self) -> bool:
        return self.job.running

    @property
    def dialog(self) -> QMessageBox | None:
        """The question before a big batch, if it was asked."""
        return self.job.dialog

    @classmethod
    def show_for(cls, main: QMainWindow, controller: Controller, picker: QComboBox) -> BatchTable:
        """The main window's table (made and docked the first time), shown for the file
        open in it."""
        table = main.findChild(BatchTable)
        if table is None:
            table = cls(main, controller, picker)
            main.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, table)
        table.show()
        table.raise_()
        result = controller.result
        if result is not None:
            table.open(result)
        return table

    def open(self, result: LoadResult) -> None:
        """Set the table up for ``result`` and start (after the estimate, and the question
        when the batch is big); for the file already in the table, only show it."""
        if result is self.result:
            if not self.running and self._state in AGAIN:
                self.job.prepare()  # e.g. an endpoint was set up since, or the question declined
            return
        if self.running:
            assert self.result is not None
            self._say(TableState.BUSY, (os.path.basename(self.result.path),))
            return
        self.job.reset(result)
        self.model.set_threads(result.threads)
        self.bar.setRange(0, len(result.threads))
        self.bar.setValue(0)
        self._update_title()
        self.job.prepare()  # then it starts, or asks first when the batch is big

    def export(self) -> None:
        if self.result is not None:
            self.rows_out.export(self.result, self.job.items, self.job.profile)

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running and self.result is not None)
        self.stop_button.setEnabled(running)
        if running:
            self.bar.setValue(0)
            self.timer.start()
        else:
            self.timer.stop()
            self._show_totals()

    def _planning(self, planning: bool) -> None:
        self.start_button.setEnabled(not planning)

    def _show_totals(self) -> None:
        totals = self.job.batch.totals if self.job.batch is not None else None
        if totals is not None:
            self.bar.setValue(totals.threads)
        if self.running and totals is not None:
            self._say(TableState.RUNNING)

    # ---- the rows ---------------------------------------------------------------------
    def _open_row(self, index: QModelIndex) -> None:
        article = index.data(ArticleRole)
        result = self.result
        if result is None or not isinstance(article, int):
            return
        controller = self.controller
        if controller.result is result:
            self._select(article)
            return
        # another file was opened since: this one again (its articles are in memory)
        fut: cf.Future[LoadResult] = cf.Future()
        fut.set_result(result)
        controller.adopt_load(result.path, fut)
        controller.runner.run_on_main(lambda: self._select(article))

    def _select(self, article: int) -> None:
        controller = self.controller
        result = self.result
        if result is None or controller.result is not result:
            return
        if controller.current is not result.threads[article]:
            controller.select_article(article)  # its digest comes from the cache
        elif controller.digest is None and not controller.running:
            controller.refresh()  # open before the batch made its digest: look it up again
        picker = self.picker  # the window's article picker follows
        picker.blockSignals(True)
        picker.setCurrentIndex(article)
        picker.blockSignals(False)

    # ---- words ------------------------------------------------------------------------
    def _say(self, state: TableState, args: tuple[str, ...] = ()) -> None:
        self._state, self._state_args = state, args
        self.info.setText(self._describe())

    def _describe(self) -> str:
        """What the line above the table says in the state :meth:`_say` set, in the
        interface's language (said again when that changes)."""
        job = self.job
        totals = job.batch.totals if job.batch is not None else None
        facts = Facts(len(self.model.rows), self.model.counts(), totals, job.estimate, job.profile)
        return self.words.line(self._state, self._state_args, facts)

    def _update_title(self) -> None:
        name = os.path.basename(self.result.path) if self.result is not None else ""
        self.setWindowTitle(
            self.tr("All articles: %1").replace("%1", name) if name else self.tr("All articles")
        )

    def retranslate(self) -> None:
        self._update_title()
        self.text_filter.setPlaceholderText(self.tr("Filter by title or status"))
        self.status_filter.retranslate()
        self.start_button.setText(self.tr("Summarize all"))
        self.stop_button.setText(self.tr("Cancel"))
        self.copy_button.setText(self.tr("Copy"))
        self.export_button.setText(self.tr("Export…"))
        self.copy_button.setToolTip(self.tr("Copy the rows shown as tab-separated text"))
        self.export_button.setToolTip(
            self.tr(
                "Save the rows shown as CSV or JSON lines, with the columns of `threadgist batch`'s index"
            )
        )
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)
        if self.model.rows:
            self.model.dataChanged.emit(
                self.model.index(0, 0), self.model.index(len(self.model.rows) - 1, COLUMNS - 1)
            )
        self.info.setText(self._describe())

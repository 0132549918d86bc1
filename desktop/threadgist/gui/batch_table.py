"""*Summarize all articles* of a multi-article file: a dock (it floats off as a window of
its own) with one row per article — title, comments, on-topic / off-topic / unassigned
shares, status — sortable and filterable, while the batch runs on the current endpoint
through the same core as ``threadgist batch`` (:mod:`threadgist.services.batch`). It
plans first and asks when the batch is above the confirmation limit; a click on a row
opens that article in the main window with its digest (cached as each thread finishes);
Copy puts the rows on the clipboard as tab-separated text, Export writes them as the
batch's index (CSV or JSON lines)."""

from __future__ import annotations

import concurrent.futures as cf
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..llm.errors import EndpointError
from ..services.batch_index import BatchStatus
from .batch_model import (
    CACHED,
    COLUMNS,
    DONE,
    FAILED,
    NUMBER,
    RUNNING,
    STATUS,
    STATUSES,
    TITLE,
    ArticleRole,
    BatchFilter,
    BatchModel,
)
from .i18n import endpoint_label, follow_language, say
from .run_limits import needs_asking

if TYPE_CHECKING:
    from ..llm.profiles import EndpointProfile
    from ..messages import Text
    from ..services.batch import BatchEstimate, BatchRun, Item, Totals, Unreadable
    from ..services.batch_index import IndexRow
    from ..thread.model import LoadResult
    from .controller import Controller

log = logging.getLogger("threadgist.gui")

#: what the line above the table may say when *Summarize all articles* is chosen again for
#: the same file, and the table then plans and starts again
_AGAIN = frozenset({"no-endpoint", "no-key", "estimate-failed", "estimated", "failed"})

#: the file's items, the estimate (None: it failed), the cached articles, why it failed
_Planned = tuple["list[Item]", "BatchEstimate | None", list[int], "Text | None"]


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
        self.result: LoadResult | None = None
        self.items: list[Item] | None = None
        self.estimate: BatchEstimate | None = None
        self.profile: EndpointProfile | None = None
        self.batch: BatchRun | None = None  # the run going on (its totals are read live)
        self.future: cf.Future[Totals] | None = None
        self.dialog: QMessageBox | None = None  # the question before a big batch, if open
        self._state = ""  # what the line above the table says: see _describe
        self._state_args: tuple[str, ...] = ()
        self._generation = 0  # bumps when the table is set up for a file

        self.model = BatchModel(self)
        self.proxy = BatchFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NUMBER, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        # a failure's reason is long: the column keeps its width (the tooltip has it all)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(STATUS, self.fontMetrics().horizontalAdvance("x") * 30)
        header.setStretchLastSection(False)
        self.table.clicked.connect(self._open_row)
        self.table.activated.connect(self._open_row)  # Enter, or a double click

        self.text_filter = QLineEdit()
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.textChanged.connect(lambda text: self.proxy.set_filter(text=text))
        self.status_filter = QComboBox()
        self.status_filter.currentIndexChanged.connect(
            lambda _index: self.proxy.set_filter(status=self.status_filter.currentData() or "")
        )
        self.info = QLabel()
        self.info.setTextFormat(Qt.TextFormat.PlainText)  # endpoint and model names, reasons
        self.info.setWordWrap(True)
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.start_button = QPushButton()
        self.stop_button = QPushButton()
        self.copy_button = QPushButton()
        self.export_button = QPushButton()
        self.start_button.clicked.connect(self.prepare)
        self.stop_button.clicked.connect(self.cancel)
        self.copy_button.clicked.connect(self.copy)
        self.export_button.clicked.connect(self.export)

        filters = QHBoxLayout()
        filters.addWidget(self.text_filter, 1)
        filters.addWidget(self.status_filter)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.bar, 1)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.export_button)
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.addWidget(self.info)
        lay.addLayout(buttons)
        lay.addLayout(filters)
        lay.addWidget(self.table, 1)
        self.setWidget(body)

        self.timer = QTimer(self)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self._show_totals)
        self._set_running(False)
        follow_language(self, self.retranslate)

    # ---- opening ----------------------------------------------------------------------
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
            if not self.running and self._state in _AGAIN:
                self.prepare()  # e.g. an endpoint was set up since, or the question declined
            return
        if self.running:
            assert self.result is not None
            self._say("busy", os.path.basename(self.result.path))
            return
        self._generation += 1
        self.result = result
        self.items = None
        self.estimate = None
        self.model.set_threads(result.threads)
        self.bar.setRange(0, len(result.threads))
        self.bar.setValue(0)
        self._update_title()
        self.prepare()

    # ---- the estimate, the question, the run --------------------------------------------
    @property
    def running(self) -> bool:
        return self.future is not None and not self.future.done()

    def prepare(self) -> None:
        """Plan every article of the file (off the GUI thread: the cache and tiktoken),
        then start, or ask first when the batch is above the limit in Preferences."""
        result, profile = self.result, self.controller.profile()
        if result is None or self.running:
            return
        if profile is None:
            self._say("no-endpoint")
            return
        self.profile = profile
        lang = self.controller.settings.output_lang
        gen = self._generation
        controller = self.controller
        self._say("estimating")
        self.start_button.setEnabled(False)

        def work() -> _Planned:
            from ..services.batch import estimate_batch, items_of

            items = list(items_of(result.path, result.threads))
            cached: list[int] = []

            def seen(item: Item | Unreadable, calls: int) -> None:
                if calls == 0:  # nothing to ask: its digest is cached
                    cached.append(item.seq)

            try:
                est = estimate_batch(controller.services, items, profile, lang, on_item=seen)
            except EndpointError as e:
                return items, None, [], e.detail
            except ValueError as e:  # a thread that cannot be planned: the run says which
                return items, None, [], getattr(e, "detail", None) or str(e)
            return items, est, cached, None

        controller.runner.call(work, lambda fut: self._estimated(gen, fut))

    def _estimated(self, gen: int, fut: cf.Future[_Planned]) -> None:
        if gen != self._generation or self.running:
            return
        self.start_button.setEnabled(True)
        try:
            self.items, est, cached, why = fut.result()
        except Exception as e:  # a bug: said in one line and logged, never a traceback
            log.exception("batch estimate failed")
            self._say("estimate-failed", f"{type(e).__name__}: {e}")
            return
        if est is None:  # Summarize all starts it all the same
            self._say("estimate-failed", say(why))
            return
        self.estimate = est
        for seq in cached:
            self.model.set_status(seq - 1, CACHED, None, self.model.rows[seq - 1].index)
        if est.key_missing and est.calls:
            self._say("no-key", say(est.key_missing))
            return
        if est.calls and needs_asking(est, self.controller.settings.ask_calls):
            self._ask(est)
        else:
            self.start()

    def _ask(self, est: BatchEstimate) -> None:
        self._say("estimated")
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("A big batch"),
            self._estimate_text(est),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # endpoint and model names
        box.setInformativeText(
            self.tr("Finished articles are cached: cancelling keeps them, and summarizing all again resumes.")
        )
        start = box.addButton(self.tr("Summarize all"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        gen = self._generation

        def clicked(button: object) -> None:
            if button is start and gen == self._generation:
                self.start()

        box.buttonClicked.connect(clicked)
        self.dialog = box
        box.open()

    def start(self) -> None:
        """Run the batch: every article not cached makes its calls, all of them sharing the
        endpoint's concurrency; each row changes as its thread starts and finishes."""
        result, profile, items = self.result, self.profile, self.items
        if result is None or profile is None or items is None or self.running:
            return
        import asyncio

        controller = self.controller
        runner = controller.runner
        lang = controller.settings.output_lang

        def started(item: Item) -> None:  # on the asyncio thread, as are the others
            runner.run_on_main(lambda: self._row_started(item.seq - 1))

        def done(item: Item | Unreadable, row: IndexRow, why: Text | None) -> None:
            runner.run_on_main(lambda: self._row_done(item.seq - 1, row, why))

        async def batch() -> Totals:
            from ..services.batch import BatchRun

            loop = asyncio.get_running_loop()
            services = await loop.run_in_executor(None, lambda: controller.services)
            client = await loop.run_in_executor(None, services.client, profile)
            try:
                self.batch = run = BatchRun(services, client, None, lang=lang, on_start=started, on_done=done)
                return await run.run(iter(items))
            finally:
                await client.aclose()

        log.info(
            "batch: %d article(s) of %s on %s (%s)",
            len(items),
            result.path,
            profile.name,
            profile.model_label,
        )
        self.batch = None
        self.bar.setValue(0)
        self._say("starting")
        self._set_running(True)
        self.future = runner.run(batch(), self._finished)

    def cancel(self) -> None:
        if self.future is not None and not self.future.done():
            self.future.cancel()

    def _row_started(self, article: int) -> None:
        if self.running:
            self.model.set_status(article, RUNNING)

    def _row_done(self, article: int, row: IndexRow, why: Text | None) -> None:
        status = row.status
        self.model.set_status(article, status, why if status is FAILED else None, row)
        controller, result = self.controller, self.result
        if (
            status == DONE
            and result is not None
            and controller.result is result
            and controller.current is result.threads[article]
            and controller.digest is None
            and not controller.running
        ):
            controller.refresh()  # the article open in the window has its digest now: show it

    def _finished(self, fut: cf.Future[Totals]) -> None:
        self._set_running(False)
        self._show_totals()
        self.model.reset_running()
        if fut.cancelled():
            log.info("batch cancelled")
            self._say("cancelled")
            return
        try:
            totals = fut.result()
        except cf.CancelledError:
            self._say("cancelled")
            return
        except EndpointError as e:  # the client could not be made (a key, the engine)
            log.warning("batch failed (%s): %s", e.kind, e.message)
            self._say("failed", say(e.detail))
            return
        except Exception as e:  # a bug: said in one line and logged, never a traceback
            log.exception("batch failed")
            self._say("failed", f"{type(e).__name__}: {e}")
            return
        log.info(
            "batch finished: %d ok, %d cached, %d failed, %d call(s)",
            totals.ok,
            totals.cached,
            totals.failed,
            totals.calls,
        )
        self._say("finished")

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running and self.result is not None)
        self.stop_button.setEnabled(running)
        if running:
            self.timer.start()
        else:
            self.timer.stop()

    def _show_totals(self) -> None:
        totals = self.batch.totals if self.batch is not None else None
        if totals is not None:
            self.bar.setValue(totals.threads)
        if self.running and totals is not None:
            self._say("running")

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

    def visible_rows(self) -> list[list[str]]:
        """The rows shown (filtered, in the table's order) as their cells' text."""
        out = []
        for proxy_row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row()
            row = self.model.rows[source]
            out.append([self.model.display(row, col) for col in range(COLUMNS)])
        return out

    def copy(self) -> None:
        """The rows shown, with the column titles, as tab-separated text."""
        lines = [list(self.model.headers()), *self.visible_rows()]
        text = "\n".join("\t".join(" ".join(cell.split()) for cell in line) for line in lines)
        QGuiApplication.clipboard().setText(text + "\n")
        self.main.statusBar().showMessage(self.tr("%1 rows copied").replace("%1", str(len(lines) - 1)), 5000)

    def export(self) -> None:
        """The rows shown, in the file's order, as the batch's index (``threadgist batch``'s
        columns): CSV, or JSON lines. Articles not summarized yet have the status
        "waiting" and no digest columns."""
        result = self.result
        if result is None:
            return
        csv_filter, jsonl_filter = self.tr("CSV (*.csv)"), self.tr("JSON lines (*.jsonl)")
        stem = os.path.splitext(os.path.basename(result.path))[0] or "articles"
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export the table"), f"{stem}-index.csv", f"{csv_filter};;{jsonl_filter}"
        )
        if not path:
            return
        if not os.path.splitext(path)[1]:
            path += ".jsonl" if chosen == jsonl_filter else ".csv"
        shown = sorted(
            self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row()
            for proxy_row in range(self.proxy.rowCount())
        )
        rows = [self.model.rows[article].index for article in shown]
        items, profile = self.items, self.profile

        def work() -> int:
            from ..services.batch import index_row, items_of
            from ..services.batch_index import write_index

            every = items if items is not None else list(items_of(result.path, result.threads))
            write_index(
                Path(path),
                (
                    row
                    if row is not None
                    else index_row(every[article], None, BatchStatus.WAITING, "", profile)
                    for article, row in zip(shown, rows, strict=True)
                ),
            )
            return len(shown)

        def written(fut: cf.Future[int]) -> None:
            try:
                count = fut.result()
            except OSError as e:
                from .dialogs import error

                error(
                    self,
                    self.tr("Export failed"),
                    self.tr("The file could not be written."),
                    f"{path}: {e.strerror or e}",
                )
                return
            self.main.statusBar().showMessage(
                self.tr("%1 rows saved to %2").replace("%1", str(count)).replace("%2", path), 8000
            )

        self.controller.runner.call(work, written)

    # ---- words ------------------------------------------------------------------------
    def _say(self, state: str, *args: str) -> None:
        self._state, self._state_args = state, args
        self.info.setText(self._describe())

    def _describe(self) -> str:
        """What the line above the table says in the state :meth:`_say` set, in the
        interface's language (said again when that changes): a lookup in :meth:`_words`."""
        words = self._words().get(self._state)
        return words(*self._state_args) if words is not None else ""

    def _words(self) -> dict[str, Callable[..., str]]:
        """Each state's words; those that take the state's arguments name them."""
        total = f"{len(self.model.rows):,}"
        return {
            "no-endpoint": lambda: self.tr(
                "No endpoint is configured: add one in Endpoints → Manage endpoints."
            ),
            "busy": lambda file: self.tr(
                "A batch is running for %1: cancel it before summarizing the articles of another file."
            ).replace("%1", file),
            "estimating": lambda: self.tr("Planning %1 articles…").replace("%1", total),
            "estimate-failed": lambda why: self.tr(
                "The batch could not be planned: %1. Summarize all starts it all "
                "the same; the articles that cannot be summarized say why."
            ).replace("%1", why.rstrip(".")),
            "no-key": lambda why: self.tr("This endpoint needs an API key: %1").replace("%1", why),
            "estimated": lambda: self._estimate_text(self.estimate) if self.estimate is not None else "",
            "starting": lambda: self.tr("Starting…"),
            "running": self._running_text,
            "cancelled": self._cancelled_text,
            "failed": lambda why: self.tr("The batch could not run: %1").replace("%1", why),
            "finished": self._finished_text,
        }

    def _running_text(self) -> str:
        totals, est = self.batch.totals if self.batch is not None else None, self.estimate
        if totals is None:
            return ""
        total = f"{len(self.model.rows):,}"
        tokens = f"{totals.prompt_tokens + totals.completion_tokens:,}"
        if est is not None and est.calls:
            return (
                self.tr("%1 of %2 articles done · %3 of about %4 calls · %5 tokens")
                .replace("%1", f"{totals.threads:,}")
                .replace("%2", total)
                .replace("%3", f"{totals.calls:,}")
                .replace("%4", f"{est.calls:,}")
                .replace("%5", tokens)
            )
        return (
            self.tr("%1 of %2 articles done · %3 calls · %4 tokens")
            .replace("%1", f"{totals.threads:,}")
            .replace("%2", total)
            .replace("%3", f"{totals.calls:,}")
            .replace("%4", tokens)
        )

    def _cancelled_text(self) -> str:
        counts = self.model.counts()
        return (
            self.tr(
                "Cancelled: %1 of %2 articles have a digest; they are cached, and "
                "summarizing all again resumes."
            )
            .replace("%1", f"{counts[DONE] + counts[CACHED]:,}")
            .replace("%2", f"{len(self.model.rows):,}")
        )

    def _finished_text(self) -> str:
        totals = self.batch.totals if self.batch is not None else None
        if totals is None:
            return ""
        return (
            self.tr("Done: %1 summarized, %2 cached, %3 failed · %4 calls · %5 tokens")
            .replace("%1", f"{totals.ok:,}")
            .replace("%2", f"{totals.cached:,}")
            .replace("%3", f"{totals.failed:,}")
            .replace("%4", f"{totals.calls:,}")
            .replace("%5", f"{totals.prompt_tokens + totals.completion_tokens:,}")
        )

    def _estimate_text(self, est: BatchEstimate) -> str:
        profile = self.profile
        where = f"{endpoint_label(profile.name)} · {profile.model_label}" if profile is not None else ""
        text = (
            self.tr("Summarizing all %1 articles with %2 takes about %3 calls and %4 prompt tokens.")
            .replace("%1", f"{est.threads:,}")
            .replace("%2", where)
            .replace("%3", f"{est.calls:,}")
            .replace("%4", f"{est.prompt_tokens:,}")
        )
        if est.cached:
            text += " " + self.tr("%1 of them are cached.").replace("%1", f"{est.cached:,}")
        if est.cost_usd is not None:
            text += " " + self.tr("It costs about US$%1 (at most %2).").replace(
                "%1", f"{est.cost_usd[0]:.2f}"
            ).replace("%2", f"{est.cost_usd[1]:.2f}")
        return text

    def _update_title(self) -> None:
        name = os.path.basename(self.result.path) if self.result is not None else ""
        self.setWindowTitle(
            self.tr("All articles: %1").replace("%1", name) if name else self.tr("All articles")
        )

    def retranslate(self) -> None:
        self._update_title()
        self.text_filter.setPlaceholderText(self.tr("Filter by title or status"))
        current = self.status_filter.currentIndex()
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        self.status_filter.addItem(self.tr("Every status"), "")
        for status in STATUSES:
            self.status_filter.addItem(self.model.status_text(status), status.value)
        self.status_filter.setCurrentIndex(max(0, current))
        self.status_filter.blockSignals(False)
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

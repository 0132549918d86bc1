"""The view of the *Summarize all articles* table: the articles' model behind its filter
(:class:`~.batch_model.BatchFilter`), sortable, a row a line, one row selected at a time;
which rows it shows, in its order or the file's, and their cells' text; the choice of the
status shown (:class:`StatusFilter`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QTableView, QWidget

from ..services.batch_rows import BatchStatus
from .batch_model import COLUMNS, NUMBER, STATUS, STATUSES, TITLE, BatchFilter, BatchModel


class BatchView(QTableView):
    def __init__(self, model: BatchModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.batch_model = model
        self.proxy = BatchFilter(self)
        self.proxy.setSourceModel(model)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(NUMBER, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        # a failure's reason is long: the column keeps its width (the tooltip has it all)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(STATUS, self.fontMetrics().horizontalAdvance("x") * 30)
        header.setStretchLastSection(False)

    def shown(self) -> list[int]:
        """The articles shown (filtered), in the view's order."""
        proxy = self.proxy
        return [proxy.mapToSource(proxy.index(row, 0)).row() for row in range(proxy.rowCount())]

    def shown_cells(self) -> list[list[str]]:
        """The rows shown, in the view's order, as their cells' text."""
        model = self.batch_model
        return [
            [model.display(model.rows[article], col) for col in range(COLUMNS)] for article in self.shown()
        ]


class StatusFilter(QComboBox):
    """Every status, or the one whose rows the view shows."""

    def __init__(self, view: BatchView) -> None:
        super().__init__()
        self.articles = view
        self.currentIndexChanged.connect(self._chosen)

    def _chosen(self, _index: int) -> None:
        data = self.currentData()
        self.articles.proxy.set_status(BatchStatus(data) if data else None)

    def retranslate(self) -> None:
        """The statuses in the interface's language, the choice kept."""
        current = self.currentIndex()
        self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("Every status"), "")
        for status in STATUSES:
            self.addItem(self.articles.batch_model.status_text(status), status.value)
        self.setCurrentIndex(max(0, current))
        self.blockSignals(False)

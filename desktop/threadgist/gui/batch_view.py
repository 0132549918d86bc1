"""The view of the *Summarize all articles* table: the articles' model behind its filter
(:class:`~.batch_model.BatchFilter`), sortable, a row a line, one row selected at a time;
which rows it shows, in its order or the file's, and their cells' text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from .batch_model import COLUMNS, NUMBER, STATUS, TITLE, BatchFilter, BatchModel


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

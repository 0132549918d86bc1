"""The rows of the *Summarize all articles* table, out of the app: *Copy* puts the rows
shown on the clipboard as tab-separated text, *Export* writes them as the batch's index
(``threadgist batch``'s columns, CSV or JSON lines; an article not summarized yet is
"waiting", without the digest's columns)."""

from __future__ import annotations

import concurrent.futures as cf
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from .batch_view import BatchView

if TYPE_CHECKING:
    from ..llm.profiles import EndpointProfile
    from ..services.batch_items import Item
    from ..thread.model import LoadResult
    from .tasks import TaskRunner


class RowsOut(QObject):
    """Copy and Export for one table's ``view``; ``tell`` shows a line in the window's
    status bar for some milliseconds."""

    def __init__(
        self, parent: QWidget, view: BatchView, runner: TaskRunner, tell: Callable[[str, int], None]
    ) -> None:
        super().__init__(parent)
        self.widget = parent
        self.view = view
        self.runner = runner
        self.tell = tell

    def copy(self) -> None:
        """The rows shown, with the column titles, as tab-separated text."""
        lines = [list(self.view.batch_model.headers()), *self.view.shown_cells()]
        text = "\n".join("\t".join(" ".join(cell.split()) for cell in line) for line in lines)
        QGuiApplication.clipboard().setText(text + "\n")
        self.tell(self.tr("%1 rows copied").replace("%1", str(len(lines) - 1)), 5000)

    def export(self, result: LoadResult, items: list[Item] | None, profile: EndpointProfile | None) -> None:
        """The rows shown, in the file's order, as the batch's index: CSV, or JSON lines
        (``items``: the file's, when the batch has planned them; ``profile``: the
        endpoint a waiting article would use)."""
        path = self._ask_path(result)
        if not path:
            return
        shown = sorted(self.view.shown())
        rows = [self.view.batch_model.rows[article].index for article in shown]

        def work() -> int:
            from ..services.batch_index import write_index
            from ..services.batch_items import items_of
            from ..services.batch_rows import BatchStatus, index_row

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

        self.runner.call(work, lambda fut: self._written(path, fut))

    def _ask_path(self, result: LoadResult) -> str:
        """Where the rows go ("": nowhere), with the chosen format's suffix."""
        csv_filter, jsonl_filter = self.tr("CSV (*.csv)"), self.tr("JSON lines (*.jsonl)")
        stem = os.path.splitext(os.path.basename(result.path))[0] or "articles"
        from .export import ask_export_path

        beside = os.path.dirname(os.path.abspath(result.path)) if os.path.isfile(result.path) else ""
        path, chosen = ask_export_path(
            self.widget,
            self.tr("Export the table"),
            beside,
            f"{stem}-index.csv",
            f"{csv_filter};;{jsonl_filter}",
        )
        if path and not os.path.splitext(path)[1]:
            path += ".jsonl" if chosen == jsonl_filter else ".csv"
        return path

    def _written(self, path: str, fut: cf.Future[int]) -> None:
        try:
            count = fut.result()
        except OSError as e:
            from .dialogs import error

            error(
                self.widget,
                self.tr("Export failed"),
                self.tr("The file could not be written."),
                f"{path}: {e.strerror or e}",
            )
            return
        self.tell(self.tr("%1 rows saved to %2").replace("%1", str(count)).replace("%2", path), 8000)

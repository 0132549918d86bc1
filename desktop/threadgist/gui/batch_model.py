"""The articles of a multi-article file as a Qt model, for *Summarize all articles*: one
row per article (title, comments, the on-topic / off-topic / unassigned shares of its
digest, its status), and the filter proxy (text, status) that also sorts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from ..messages import Text
from ..services.batch_rows import BatchStatus, IndexRow
from ..thread.model import Thread
from .i18n import say

Index = QModelIndex | QPersistentModelIndex

NUMBER, TITLE, COMMENTS, ON_TOPIC, OFF_TOPIC, UNASSIGNED, STATUS = range(7)
COLUMNS = 7
SHARES = {ON_TOPIC: "on_topic", OFF_TOPIC: "off_topic", UNASSIGNED: "unassigned"}

#: a row's status is its thread's in the batch (the index's), ``running`` while it runs,
#: in the order the status column sorts them
STATUSES = tuple(BatchStatus)

SortRole = Qt.ItemDataRole.UserRole + 1  # numbers sort as numbers
ArticleRole = Qt.ItemDataRole.UserRole + 2  # the article's 0-based position in its file


@dataclass
class BatchRow:
    article: int  # 0-based position in the file
    title: str
    comments: int
    status: BatchStatus = BatchStatus.WAITING
    reason: Text | None = None  # why it failed (a message, shown in the UI's language)
    #: its row of the batch's index, once finished (the shares come from it)
    index: IndexRow | None = None

    def share(self, key: str) -> float | None:
        """``on_topic``, ``off_topic`` or ``unassigned`` of its digest (None: none yet)."""
        found = self.index.digest if self.index else None
        value = found.share(key) if found else None
        return None if value is None else float(value)


class BatchModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[BatchRow] = []

    def set_threads(self, threads: list[Thread]) -> None:
        self.beginResetModel()
        self.rows = [BatchRow(i, thread.title, len(thread.comments)) for i, thread in enumerate(threads)]
        self.endResetModel()

    def set_status(
        self, article: int, status: BatchStatus, reason: Text | None = None, index: IndexRow | None = None
    ) -> None:
        if not 0 <= article < len(self.rows):
            return
        row = self.rows[article]
        row.status, row.reason = status, reason
        if index is not None:
            row.index = index
        self.dataChanged.emit(self.index(article, 0), self.index(article, COLUMNS - 1))

    def reset_running(self) -> None:
        """A run ended before these threads did: they wait again."""
        for row in self.rows:
            if row.status is BatchStatus.RUNNING:
                self.set_status(row.article, BatchStatus.WAITING)

    def counts(self) -> dict[BatchStatus, int]:
        found = dict.fromkeys(STATUSES, 0)
        for row in self.rows:
            found[row.status] += 1
        return found

    def status_text(self, status: BatchStatus) -> str:
        """The status in the interface's language (``ok`` is "done")."""
        return {
            BatchStatus.WAITING: self.tr("waiting"),
            BatchStatus.RUNNING: self.tr("running"),
            BatchStatus.CACHED: self.tr("cached"),
            BatchStatus.OK: self.tr("done"),
            BatchStatus.FAILED: self.tr("failed"),
        }[status]

    def display(self, row: BatchRow, col: int) -> str:
        if col == NUMBER:
            return str(row.article + 1)
        if col == TITLE:
            return row.title or "—"
        if col == COMMENTS:
            return f"{row.comments:,}"
        if col in SHARES:
            share = row.share(SHARES[col])
            return "" if share is None else f"{share:.0%}"
        text = self.status_text(row.status)
        if row.status is BatchStatus.FAILED and row.reason:
            text += ": " + say(row.reason)
        return " ".join(text.split())  # one line: a server's words may hold line breaks

    # ---- Qt model API -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.headers()[section]

    def headers(self) -> tuple[str, ...]:
        return (
            "#",
            self.tr("Title"),
            self.tr("Comments"),
            self.tr("On topic"),
            self.tr("Off topic"),
            self.tr("Unassigned"),
            self.tr("Status"),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, col)
        if role == SortRole:
            if col in (NUMBER, COMMENTS):
                return row.article if col == NUMBER else row.comments
            if col in SHARES:
                share = row.share(SHARES[col])
                return -1.0 if share is None else share
            if col == STATUS:
                return STATUSES.index(row.status)
            return row.title.casefold()
        if role == Qt.ItemDataRole.ToolTipRole and col in (TITLE, STATUS):
            return row.title if col == TITLE else self.display(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (NUMBER, COMMENTS, *SHARES):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ArticleRole:
            return row.article
        return None


class BatchFilter(QSortFilterProxyModel):
    """Rows whose title contains ``text`` (case-insensitive; or their status text, a
    failure's reason included) and whose status is ``status`` (None: any); sorts by
    :data:`SortRole`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.status: BatchStatus | None = None
        self.setSortRole(SortRole)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: BatchStatus | None) -> None:
        self.beginFilterChange()
        self.status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, BatchModel):
            return True
        row = model.rows[source_row]
        if self.status is not None and row.status is not self.status:
            return False
        if not self.text:
            return True
        return self.text in row.title.casefold() or self.text in model.display(row, STATUS).casefold()

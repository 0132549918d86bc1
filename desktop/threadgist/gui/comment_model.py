"""The comment list as a Qt model (one row per comment; thousands of rows stay fast)
and the filter proxy (tag, user, text)."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPalette

from ..thread.model import ARROW, BOO, PUSH, Comment, Thread

Index = QModelIndex | QPersistentModelIndex

FLOOR, TAG, USER, TEXT, TIME = range(5)
FloorRole = Qt.ItemDataRole.UserRole + 1
AuthorRole = Qt.ItemDataRole.UserRole + 2


def is_dark() -> bool:
    pal = QGuiApplication.palette()
    return pal.color(QPalette.ColorRole.Window).lightness() < 128


class CommentModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.comments: list[Comment] = []
        self.highlighted: set[int] = set()
        self.new_from = -1  # rows from this one on are new since a Refresh (-1: none)
        #: floor → row, made only when a floor is not at its place (floors are consecutive
        #: in nearly every thread: a million rows need no such map)
        self._row_of: dict[int, int] | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        self._set_colours()

    def _set_colours(self) -> None:
        dark = is_dark()
        self._red = QBrush(QColor("#ff6b6b" if dark else "#c62828"))
        self._user = QBrush(QColor("#f2d35b" if dark else "#8a6d00"))
        self._hl = QBrush(QColor("#3d4f7a" if dark else "#fff1a8"))
        self._new = QBrush(QColor("#2f5a3a" if dark else "#e3f6e3"))
        self._dim = QBrush(QColor("#9a9a9a" if dark else "#777777"))

    def set_thread(self, thread: Thread | None) -> None:
        self.beginResetModel()
        self.comments = list(thread.comments) if thread else []
        self._row_of = None
        self.highlighted = set()
        self.new_from = -1
        self._set_colours()
        self.endResetModel()

    def refresh_colours(self) -> None:
        self._set_colours()
        if self.comments:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.comments) - 1, TIME))

    def row_of(self, floor: int) -> int | None:
        comments = self.comments
        if comments:
            row = floor - comments[0].floor
            if 0 <= row < len(comments) and comments[row].floor == floor:
                return row
        if self._row_of is None:
            self._row_of = {comment.floor: i for i, comment in enumerate(comments)}
        return self._row_of.get(floor)

    def set_new_from(self, row: int) -> None:
        """Mark the rows from ``row`` on as new (comments added since the last copy)."""
        before, self.new_from = self.new_from, row
        starts = [start for start in (before, row) if start >= 0]
        if before != row and starts:
            self._repaint(min(starts), len(self.comments) - 1)

    def set_highlighted(self, floors: set[int]) -> None:
        """Highlight these floors. Only the rows whose highlight changes are said to have
        changed: the filter proxy asks its filter again about every row said to."""
        chosen = set(floors)
        changed = [row for floor in chosen ^ self.highlighted if (row := self.row_of(floor)) is not None]
        self.highlighted = chosen
        if changed:
            self._repaint(min(changed), max(changed))

    def _repaint(self, first: int, last: int) -> None:
        if 0 <= first <= last < len(self.comments):
            background = [Qt.ItemDataRole.BackgroundRole]
            self.dataChanged.emit(self.index(first, 0), self.index(last, TIME), background)

    # ---- Qt model API -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.comments)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Floor"), self.tr("Tag"), self.tr("User"), self.tr("Comment"), self.tr("Time"))[
            section
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        comment = self.comments[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(comment, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == TAG and comment.tag in (BOO, ARROW):
                return self._red
            if col == USER:
                return self._user
            if col in (FLOOR, TIME) or comment.deleted:
                return self._dim
            return None
        if role == Qt.ItemDataRole.FontRole and col == TAG and comment.tag in (PUSH, BOO, ARROW):
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole:
            if comment.floor in self.highlighted:
                return self._hl
            if 0 <= self.new_from <= index.row():
                return self._new
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col == TEXT:
            return comment.text
        if role == Qt.ItemDataRole.TextAlignmentRole and col == FLOOR:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == FloorRole:
            return comment.floor
        if role == AuthorRole:
            return comment.author
        return None

    @staticmethod
    def _display(comment: Comment, col: int) -> str:
        if col == FLOOR:
            return str(comment.floor)
        if col == TAG:
            return comment.tag or ""
        if col == USER:
            return comment.author
        if col == TEXT:
            return ("  " * min(comment.depth, 8)) + comment.text
        if comment.time is None:
            return ""
        return comment.time.strftime("%m/%d %H:%M")


class CommentFilter(QSortFilterProxyModel):
    """Rows whose tag is among ``tags`` (empty = any), by ``user`` (exact id; empty =
    anyone), containing ``text`` (case-insensitive) and among ``floors`` (None = any).

    Qt asks :meth:`filterAcceptsRow` for every row whenever the rows or the filter change
    (20,000 calls into Python for a big thread): a filter set to what it was is not
    applied again, and with no filter each call returns at once."""

    def __init__(self, model: CommentModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.tags: frozenset[str] = frozenset()
        self.user = ""
        self.text = ""
        self.floors: frozenset[int] | None = None  # only these (a stretch of the timeline)
        self.filtering = False  # any of the above narrows the rows
        self.setSourceModel(model)

    def set_floors(self, floors: set[int] | None) -> None:
        """Only these floors (None: any)."""
        chosen = None if floors is None else frozenset(floors)
        if chosen != self.floors:
            self._change(self.tags, self.user, self.text, chosen)

    def set_filter(
        self, *, tags: set[str] | None = None, user: str | None = None, text: str | None = None
    ) -> None:
        chosen = (
            self.tags if tags is None else frozenset(tags),
            self.user if user is None else user.strip(),
            self.text if text is None else text.strip().casefold(),
        )
        if chosen != (self.tags, self.user, self.text):
            self._change(*chosen, self.floors)

    def _change(self, tags: frozenset[str], user: str, text: str, floors: frozenset[int] | None) -> None:
        self.beginFilterChange()
        self.tags, self.user, self.text, self.floors = tags, user, text, floors
        self.filtering = bool(tags or user or text or floors is not None)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.filtering:
            return True
        comment = self.model.comments[source_row]
        if self.floors is not None and comment.floor not in self.floors:
            return False
        if self.tags and (comment.tag or "") not in self.tags:
            return False
        if self.user and comment.author != self.user:
            return False
        return not self.text or self.text in comment.text.casefold() or self.text in comment.author.casefold()

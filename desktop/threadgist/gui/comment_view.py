"""The comments: a filter bar (tag, user, text) over a fast table view. Clicking an id
shows only that user's comments; floors can be scrolled to and highlighted."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..thread.model import ARROW, BOO, PUSH, Thread
from .comment_model import FLOOR, TAG, TEXT, TIME, USER, CommentFilter, CommentModel
from .i18n import follow_language


class CommentView(QWidget):
    user_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CommentModel(self)
        self.proxy = CommentFilter(self.model, self)

        self.tag_buttons: dict[str, QToolButton] = {}
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        self.filter_label = QLabel()
        self.filter_label.setTextFormat(Qt.TextFormat.PlainText)  # shows data
        bar.addWidget(self.filter_label)
        for tag in (PUSH, BOO, ARROW):
            button = QToolButton()
            button.setText(tag)
            button.setCheckable(True)
            button.toggled.connect(self._tags_changed)
            self.tag_buttons[tag] = button
            bar.addWidget(button)
        self.user_edit = QLineEdit()
        self.user_edit.setClearButtonEnabled(True)
        self.user_edit.setMaximumWidth(140)
        self.text_edit = QLineEdit()
        self.text_edit.setClearButtonEnabled(True)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear_filters)
        bar.addWidget(self.user_edit)
        bar.addWidget(self.text_edit, 1)
        bar.addWidget(self.clear_button)
        self.span_label = QLabel()  # the timeline's stretch shown, when one is
        self.span_label.setTextFormat(Qt.TextFormat.PlainText)  # a group's title: data
        self.span_label.setMaximumWidth(260)
        self._span = ""  # what the timeline's stretch is called ("" when none is shown)
        self.span_label.hide()
        bar.addWidget(self.span_label)
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)  # shows data
        bar.addWidget(self.count_label)

        # typing filters after a short pause, so 20,000 rows are not refiltered per key
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._apply_text)
        self.user_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.text_edit.textChanged.connect(lambda _text: self._debounce.start())

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        rows_header = self.table.verticalHeader()
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows_header.setDefaultSectionSize(self.fontMetrics().height() + 6)
        columns_header = self.table.horizontalHeader()
        columns_header.setStretchLastSection(False)
        columns_header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        for col, chars in ((FLOOR, 5), (TAG, 3), (USER, 13), (TIME, 12)):
            columns_header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, self.fontMetrics().horizontalAdvance("M" * chars))
        self.table.clicked.connect(self._clicked)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.table)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.filter_label.setText(self.tr("Filter:"))
        self.user_edit.setPlaceholderText(self.tr("User id"))
        self.text_edit.setPlaceholderText(self.tr("Text in comments"))
        self.clear_button.setText(self.tr("Show all"))
        for tag, button in self.tag_buttons.items():
            button.setToolTip(self.tr("Only %1 comments").replace("%1", tag))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)
        self.span_label.setText(self.tr("Timeline: %1").replace("%1", self._span))
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # the system switched light/dark
            self.model.refresh_colours()
        super().changeEvent(event)

    # ---- content ----------------------------------------------------------------------
    def set_thread(self, thread: Thread | None) -> None:
        self.model.set_thread(thread)
        has_tags = bool(thread and any(comment.tag for comment in thread.comments[:200]))
        for button in self.tag_buttons.values():
            button.setVisible(has_tags)
        self.clear_filters()

    def clear_filters(self) -> None:
        for button in self.tag_buttons.values():
            button.blockSignals(True)
            button.setChecked(False)
            button.blockSignals(False)
        for edit in (self.user_edit, self.text_edit):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self.proxy.set_filter(tags=set(), user="", text="")
        self.proxy.set_floors(None)
        self._span = ""
        self.span_label.hide()
        self._update_count()

    def show_user(self, user: str) -> None:
        """The per-user view: only this id's comments."""
        self.user_edit.blockSignals(True)
        self.user_edit.setText(user)
        self.user_edit.blockSignals(False)
        self.proxy.set_filter(user=user)
        self._update_count()
        self.user_selected.emit(user)

    def show_span(self, floors: list[int], group_floors: list[int], label: str) -> None:
        """Only ``floors`` (a group's comments in a stretch of the timeline), its group's
        floors highlighted as a viewpoint's link does; "Show all" clears it."""
        self.proxy.set_floors(set(floors))
        self._span = label
        self.span_label.setText(self.tr("Timeline: %1").replace("%1", label))
        self.span_label.show()
        self._update_count()
        self.highlight(group_floors, scroll_to=min(floors) if floors else None)

    def highlight(self, floors: list[int], scroll_to: int | None = None) -> None:
        """Highlight these floors and scroll to ``scroll_to`` (or the first of them)."""
        self.model.set_highlighted(set(floors))
        target = scroll_to if scroll_to is not None else (min(floors) if floors else None)
        if target is not None:
            self.scroll_to_floor(target)

    def mark_new(self, first_row: int) -> None:
        """Comments from ``first_row`` on are new since the last copy: tint them and show the
        first of them."""
        self.model.set_new_from(first_row)
        if 0 <= first_row < len(self.model.comments):
            self.scroll_to_floor(self.model.comments[first_row].floor)

    def scroll_to_floor(self, floor: int) -> bool:
        row = self.model.row_of(floor)
        if row is None:
            return False
        src = self.model.index(row, TEXT)
        idx = self.proxy.mapFromSource(src)
        if not idx.isValid():  # filtered out: show everything again
            self.clear_filters()
            idx = self.proxy.mapFromSource(src)
        self.table.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.table.setCurrentIndex(idx)
        return True

    def visible_floors(self) -> list[int]:
        return [
            self.model.comments[self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row()].floor
            for proxy_row in range(self.proxy.rowCount())
        ]

    # ---- internals --------------------------------------------------------------------
    def _tags_changed(self) -> None:
        self.proxy.set_filter(tags={tag for tag, button in self.tag_buttons.items() if button.isChecked()})
        self._update_count()

    def _apply_text(self) -> None:
        self.proxy.set_filter(user=self.user_edit.text(), text=self.text_edit.text())
        self._update_count()

    def _clicked(self, index: QModelIndex) -> None:
        if index.column() == USER and (user := str(index.data())):
            self.show_user(user)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            self.count_label.setText(
                (self.tr("%1 comment") if total == 1 else self.tr("%1 comments")).replace("%1", f"{total:,}")
            )
        else:
            self.count_label.setText(
                self.tr("%1 of %2").replace("%1", f"{shown:,}").replace("%2", str(total))
            )

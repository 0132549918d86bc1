"""A reference for the start-up benchmark: the widgets Threadgist's window shows at start-up,
with the sample thread's text in them, written as plainly as PySide6 allows and with no
application code (no parser, settings, endpoints, translations, background work), timed
to its first painted frame as bare_window.py is.

What it costs over a bare window is what PySide6 itself costs for a window with this
content — Python enum types built for every Qt class used (the ``Qt`` namespace alone is
93 of them), fonts found and CJK text shaped and painted, a table model in Python — which
no application code can avoid."""

from __future__ import annotations

import re
import sys

from bare_window import FirstPaint, report_and_quit
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

PUSH_RE = re.compile(r"^(推|噓|→) ?([A-Za-z0-9_]+)\s*:(.*?)\s*(\d\d/\d\d \d\d:\d\d)?\s*$")
Index = QModelIndex | QPersistentModelIndex


class Rows(QAbstractTableModel):
    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.rows = rows
        self.red = QBrush(QColor("#c62828"))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Floor", "Tag", "User", "Comment", "Time")[section]
        return None

    def data(self, index: Index, role: int = 0) -> object:
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1 and row[1] == "噓":
            return self.red
        return None


def main(path: str) -> None:
    app = QApplication(sys.argv[:1])
    font = QFont(app.font())
    font.setFamilies([font.family(), "Noto Sans CJK TC", "Microsoft JhengHei UI", "PingFang TC"])
    app.setFont(font)
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    rows = []
    body = []
    for line in lines:
        m = PUSH_RE.match(line)
        if m:
            rows.append((str(len(rows) + 1), m[1], m[2], m[3], m[4] or ""))
        elif not rows:
            body.append(line)

    w = QMainWindow()
    title = QLabel(body[1] if len(body) > 1 else "")
    bold = title.font()
    bold.setBold(True)
    bold.setPointSizeF(bold.pointSizeF() * 1.3)
    title.setFont(bold)
    title.setTextFormat(Qt.TextFormat.PlainText)
    meta = QLabel(body[0] if body else "")
    totals = QLabel("推 0  噓 0  → 0")
    article = QPlainTextEdit("\n".join(body))
    article.setReadOnly(True)
    header = QWidget()
    hl = QVBoxLayout(header)
    for x in (title, meta, totals, article):
        hl.addWidget(x)

    bar = QHBoxLayout()
    for tag in ("推", "噓", "→"):
        b = QToolButton()
        b.setText(tag)
        b.setCheckable(True)
        bar.addWidget(b)
    bar.addWidget(QLineEdit())
    bar.addWidget(QLineEdit(), 1)
    bar.addWidget(QPushButton("Show all"))
    table = QTableView()
    table.setModel(Rows(rows))
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
    comments = QWidget()
    cl = QVBoxLayout(comments)
    cl.addLayout(bar)
    cl.addWidget(table)
    left = QSplitter(Qt.Orientation.Vertical)
    left.addWidget(header)
    left.addWidget(comments)

    right = QWidget()
    rl = QVBoxLayout(right)
    rl.addWidget(QLabel("Endpoint · model · prompt tokens · calls"))
    rl.addWidget(QPushButton("Summarize"))
    tabs = QTabWidget()
    for name in ("Summary", "Viewpoints", "Off-topic"):
        tabs.addTab(QTextBrowser(), name)
    rl.addWidget(tabs, 1)
    split = QSplitter(Qt.Orientation.Horizontal)
    split.addWidget(left)
    split.addWidget(right)
    w.setCentralWidget(split)

    tb = QToolBar()
    for menu in ("&File", "&Edit", "&Digest", "E&ndpoints", "&Settings", "&Help"):
        m = w.menuBar().addMenu(menu)
        for i in range(3):
            a = QAction(f"{menu} {i}", w)
            a.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            m.addAction(a)
            if i == 0:
                tb.addAction(a)
    tb.addWidget(QComboBox())
    tb.addWidget(QComboBox())
    w.addToolBar(tb)
    w.statusBar().addPermanentWidget(QLabel("endpoint"))
    w.setWindowTitle(title.text())
    w.resize(1280, 800)
    FirstPaint(w, report_and_quit)
    w.show()
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1])

"""Messages to the user: errors with a next step, the About box, the file chooser.
Dialogs open window-modal and return at once (no nested event loops)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from .. import __version__
from .controller import RunError

if TYPE_CHECKING:
    from .main_window import MainWindow

SETTINGS_KINDS = {"auth", "config", "model_not_found", "unreachable", "quota", "unsupported"}
RETRY_KINDS = {"rate_limit", "server", "timeout", "truncated", "bad_output",
               "context_exceeded", "unreachable", "internal"}


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files free tr() calls under ""


def error(window: MainWindow, title: str, message: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Close,
                      window)
    box.setTextFormat(box.textFormat().PlainText)
    window.dialog = box
    box.open()
    return box


def run_failed(window: MainWindow, e: RunError) -> QMessageBox:
    """The digest layer's message with its actions: Open endpoint settings / Retry / Close."""
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Summarizing failed"), e.message,
                      QMessageBox.StandardButton.NoButton, window)
    box.setTextFormat(box.textFormat().PlainText)
    settings = retry = None
    if e.kind in SETTINGS_KINDS:
        settings = box.addButton(tr("Open endpoint settings"), QMessageBox.ButtonRole.ActionRole)
    if e.kind in RETRY_KINDS:
        retry = box.addButton(tr("Retry"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)

    def clicked(button: object) -> None:
        if button is settings:
            window.manage_endpoints()
        elif button is retry:
            window.controller.summarize()

    box.buttonClicked.connect(clicked)
    window.dialog = box
    box.open()
    return box


def about(parent: QWidget) -> None:
    QMessageBox.about(
        parent, tr("About Threadgist"),
        tr("Threadgist %1\n\nReads long discussion threads (PTT, Reddit, Hacker News) and "
           "summarizes them with the LLM endpoint of your choice: a summary, the main "
           "viewpoints and the off-topic content, every citation checked against the "
           "thread.").replace("%1", __version__))


def choose_thread_file(parent: QWidget) -> str:
    path, _ = QFileDialog.getOpenFileName(
        parent, tr("Open a thread"), "",
        tr("Thread files (*.txt *.htm *.html *.json *.ans *.bbs);;All files (*)"))
    return path

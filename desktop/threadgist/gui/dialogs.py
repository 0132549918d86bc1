"""Messages to the user: errors with a next step, the About box, the file and address
choosers. Each takes the parent widget and the data it shows, nothing of the window's.
The error boxes open window-modal and return at once (the caller keeps the box); the
About box and the choosers are modal and return when closed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from .. import __version__
from ..llm.errors import ErrorKind as K
from .i18n import say, tr
from .run_state import RunError

#: failures whose dialog offers the endpoint settings, and those it offers to retry
SETTINGS_KINDS = frozenset({K.AUTH, K.CONFIG, K.MODEL_NOT_FOUND, K.UNREACHABLE, K.QUOTA, K.UNSUPPORTED})
RETRY_KINDS = frozenset(
    {K.RATE_LIMIT, K.SERVER, K.TIMEOUT, K.TRUNCATED, K.BAD_OUTPUT, K.CONTEXT, K.UNREACHABLE, K.INTERNAL}
)


def error(parent: QWidget, title: str, message: str, detail: str = "") -> QMessageBox:
    """``message`` in the interface's language; ``detail`` (a file name, an OS error, the
    core's words through ``say``) below it. Both plain text."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Close, parent)
    box.setTextFormat(box.textFormat().PlainText)
    if detail:
        box.setInformativeText(detail)
    box.open()
    return box


def headline(kind: K) -> str:
    """What went wrong and what to do, in the interface's language; the digest layer's
    message (with the endpoint's name and the server's words) is the detail."""
    lines = {
        K.AUTH: tr("The endpoint rejected the API key. Set the key again in the endpoint settings."),
        K.QUOTA: tr(
            "The account has no quota or credit left. Check your provider's billing "
            "page, or switch to another endpoint."
        ),
        K.RATE_LIMIT: tr("The endpoint is limiting how often it is asked. Wait a moment, then retry."),
        K.MODEL_NOT_FOUND: tr(
            "The endpoint does not have this model. Choose one of its models in the endpoint settings."
        ),
        K.UNREACHABLE: tr(
            "Cannot connect to the endpoint. Check that it is running and that its address is right."
        ),
        K.TIMEOUT: tr("The endpoint did not answer in time. Retry, or choose a smaller model."),
        K.CONTEXT: tr("The prompt is larger than the model's context window."),
        K.TRUNCATED: tr("The model's answer was cut off at its output limit."),
        K.BAD_OUTPUT: tr("The model's answer could not be read as a digest."),
        K.SERVER: tr("The endpoint reported an error."),
        K.CONFIG: tr("The endpoint is not set up correctly."),
        K.UNSUPPORTED: tr("The endpoint does not support what this request needs."),
        K.INTERNAL: tr("Something went wrong inside Threadgist; the log has the details."),
    }
    return lines.get(kind, tr("Summarizing failed"))


def run_failed(
    parent: QWidget, failure: RunError, open_settings: Callable[[], object], retry_run: Callable[[], object]
) -> QMessageBox:
    """What failed, in the interface's language, with the digest layer's message as the
    detail and its actions: Open endpoint settings / Retry / Cancel."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        tr("Summarizing failed"),
        headline(failure.kind),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setTextFormat(box.textFormat().PlainText)
    box.setInformativeText(say(failure.message))
    settings = retry = None
    if failure.kind in SETTINGS_KINDS:
        settings = box.addButton(tr("Open endpoint settings"), QMessageBox.ButtonRole.ActionRole)
    if failure.kind in RETRY_KINDS:
        retry = box.addButton(tr("Retry"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)

    def clicked(button: object) -> None:
        if button is settings:
            open_settings()
        elif button is retry:
            retry_run()

    box.buttonClicked.connect(clicked)
    box.open()
    return box


def about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        tr("About Threadgist"),
        tr(
            "Threadgist %1\n\nReads long discussion threads (PTT, Reddit, Hacker News) and "
            "summarizes them with the LLM endpoint of your choice: a summary, the main "
            "viewpoints and the off-topic content, every citation checked against the "
            "thread."
        ).replace("%1", __version__),
    )


def choose_thread_file(parent: QWidget, folder: str = "") -> str:
    """File → Open: a thread file, starting in ``folder`` (the last one used)."""
    path, _ = QFileDialog.getOpenFileName(
        parent,
        tr("Open a thread"),
        folder,
        tr("Thread files (*.txt *.htm *.html *.json *.ans *.bbs);;All files (*)"),
    )
    return path


def ask_thread_url(parent: QWidget, suggested: str = "") -> str:
    """File → Open URL: a thread's address (www.ptt.cc, Reddit, Hacker News)."""
    text, ok = QInputDialog.getText(
        parent,
        tr("Open a thread from its address"),
        tr("Address of a www.ptt.cc article, a Reddit thread or a Hacker News item:"),
        text=suggested,
    )
    return text.strip() if ok else ""

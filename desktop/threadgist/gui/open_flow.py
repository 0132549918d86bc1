"""Opening a thread in the main window: File → Open, an address (typed, pasted or
dropped), asking first while a digest is being made, and what the status bar and the
dialogs say while a file loads or a thread is fetched."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from .comment_view import CommentView
from .controller import Controller
from .i18n import say
from .thread_header import ThreadHeader

if TYPE_CHECKING:
    from ..messages import Text
    from ..thread.model import LoadResult


class OpenFlow(QObject):
    """Opens files and addresses for ``window``; a message box or dialog it opens goes
    to ``keep`` (the window's open dialog)."""

    def __init__(
        self,
        window: QMainWindow,
        controller: Controller,
        views: tuple[ThreadHeader, CommentView],
        keep: Callable[[QWidget], None],
    ) -> None:
        super().__init__(window)
        self.window, self.controller = window, controller
        self.header, self.comments = views
        self._keep = keep
        controller.loaded.connect(self._loaded)
        controller.load_failed.connect(self._load_failed)
        controller.fetch_progress.connect(self._fetch_progress)
        controller.fetch_failed.connect(self._fetch_failed)
        controller.grown.connect(self._grown)

    def _say(self, text: str, msecs: int = 0) -> None:
        self.window.statusBar().showMessage(text, msecs)

    def choose_file(self) -> None:
        from .dialogs import choose_thread_file

        settings = self.controller.settings
        path = choose_thread_file(self.window, start_folder(settings.open_folder, settings.recent))
        if path:
            settings.open_folder = os.path.dirname(path)
            self.controller.save_settings()
            self.open_path(path)

    def open_path(self, path: str) -> None:
        if self._stop_run_first(os.path.basename(path), lambda: self.controller.open_path(path)):
            return
        self._say(self.tr("Opening %1…").replace("%1", os.path.basename(path)))
        self.controller.open_path(path)

    def _stop_run_first(self, what: str, then: Callable[[], object]) -> bool:
        """While a digest is being made, opening something else asks first (opening stops
        the run; its finished parts are kept). True when the question was asked."""
        if not self.controller.running:
            return False
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("A digest is being made"),
            self.tr("Stop it and open %1? Its finished parts are kept: summarizing again resumes.").replace(
                "%1", what
            ),
            QMessageBox.StandardButton.NoButton,
            self.window,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # a file name or an address
        stop = box.addButton(self.tr("Stop and open"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Keep running"), QMessageBox.ButtonRole.RejectRole)

        def clicked(button: object) -> None:
            if button is stop:
                self.controller.cancel()
                self.controller.runner.after_paint(lambda: _discard(then()))

        box.buttonClicked.connect(clicked)
        self._keep(box)
        box.open()
        return True

    def ask_url(self) -> None:
        """File → Open URL: an address box, filled from the clipboard when it holds one."""
        from ..thread.web import looks_like_url
        from .dialogs import ask_thread_url

        clip = QGuiApplication.clipboard().text().strip()
        url = ask_thread_url(self.window, clip if looks_like_url(clip) else "")
        if url:
            self.open_url(url)

    def paste_url(self) -> None:
        from ..thread.web import looks_like_url

        clip = QGuiApplication.clipboard().text().strip()
        if looks_like_url(clip):
            self.open_url(clip)
        else:
            self._say(self.tr("The clipboard holds no thread address (ptt.cc, Reddit or Hacker News)."), 5000)

    def open_url(self, url: str) -> None:
        if self._stop_run_first(url, lambda: self.controller.open_url(url)):
            return
        self.controller.open_url(url)

    def drop(self, event: QDropEvent) -> None:
        """A file or a thread address dropped on the window: open it."""
        found = dropped(event)
        if found is None:
            return
        event.acceptProposedAction()
        kind, target = found
        if kind == "file":
            self.open_path(target)
        else:
            self.open_url(target)

    def _fetch_progress(self, url: str, done: int, total: int) -> None:
        size = f"{done / 1024:,.0f} KB" + (f" / {total / 1024:,.0f} KB" if total else "")
        self._say(self.tr("Fetching %1… %2 (Esc cancels)").replace("%1", url).replace("%2", size))

    def _fetch_failed(self, url: str, message: Text, network: bool) -> None:
        self.window.statusBar().clearMessage()
        if not message:
            self._say(self.tr("Fetching cancelled."), 5000)
            return
        title = self.tr("Cannot fetch this thread") if network else self.tr("Cannot open this address")
        from .dialogs import error

        self._keep(error(self.window, title, url, say(message)))

    def _grown(self, added: int, total: int) -> None:
        if added > 0:
            text = self.tr("%1 new comments (%2 in all)").replace("%1", str(added)).replace("%2", str(total))
        elif added == 0:
            text = self.tr("No new comments.")
        else:
            text = (
                self.tr("%1 comments fewer than before (%2 in all): some were deleted.")
                .replace("%1", str(-added))
                .replace("%2", str(total))
            )
        self._say(text, 10000)
        if added > 0:
            self.comments.mark_new(total - added)

    def _loaded(self, result: LoadResult) -> None:
        self.header.set_result(result)
        self._say(self.tr("Opened %1").replace("%1", result.path), 5000)

    def _load_failed(self, path: str, message: Text) -> None:
        self.window.statusBar().clearMessage()
        from .dialogs import error

        self._keep(
            error(
                self.window,
                self.tr("Cannot open this file"),
                self.tr("%1 cannot be opened as a thread.").replace("%1", os.path.basename(path)),
                say(message),
            )
        )


def dropped(event: QDragEnterEvent | QDropEvent) -> tuple[str, str] | None:
    """What a drop brings: ("file", path) for a local file, ("url", address) for a thread
    address (a dragged link, or dragged text that is one), else None."""
    from ..thread.web import UrlError, parse_url

    def thread_address(text: str) -> bool:
        try:
            parse_url(text)
        except UrlError:
            return False
        return True

    data = event.mimeData()
    for url in data.urls():
        if url.isLocalFile():
            return "file", url.toLocalFile()
        if thread_address(url.toString()):
            return "url", url.toString()
    text = data.text().strip() if data.hasText() else ""
    if text and len(text) < 2000 and thread_address(text):
        return "url", text
    return None


def start_folder(last: str, recent: list[str]) -> str:
    """Where File → Open starts: the folder it last opened from, else the latest recent
    file's, if it is still there ("" — the working folder — otherwise)."""
    for folder in (last, *(os.path.dirname(path) for path in recent[:1])):
        if folder and os.path.isdir(folder):
            return folder
    return ""


def _discard(_value: object) -> None:
    """For callbacks whose result does not matter."""

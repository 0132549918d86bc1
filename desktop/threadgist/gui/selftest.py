"""`threadgist --self-test [FILE]`: open the window, parse the file (the bundled sample
by default), paint the thread and its comments, print what was shown (and, for benchmarks,
the seconds from launch to that first painted frame) and exit 0 — or
exit 3 when the file cannot be read, 1 when nothing was shown in time. For packaged
builds and start-up benchmarks."""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from ..thread.model import Thread
from .main_window import MainWindow

TIMEOUT_MS = 60_000


class SelfTest(QObject):
    def __init__(self, window: MainWindow, path: str, loading: cf.Future[Any]) -> None:
        super().__init__(window)
        self.window = window
        self.code = 1
        self.started = time.monotonic()
        self.loaded_thread: Thread | None = None
        self.painted: float | None = None
        window.installEventFilter(self)
        window.controller.thread_changed.connect(self._loaded)
        window.controller.load_failed.connect(self._failed)
        QTimer.singleShot(TIMEOUT_MS, self._timeout)
        window.controller.adopt_load(path, loading)

    def _loaded(self, thread: Thread) -> None:
        self.loaded_thread = thread
        self.window.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The clock stops when a frame that began after the thread was in the view has been
        # painted: the window's paint event comes first, its children's follow in the same
        # pass, and the zero timer fires once the pass is over.
        if (
            event.type() == QEvent.Type.Paint
            and self.loaded_thread is not None
            and self.painted is None
            and watched is self.window
        ):
            self.painted = 0.0
            QTimer.singleShot(0, self._shown)
        return False

    def _shown(self) -> None:
        self.painted = time.time()
        window, thread = self.window, self.loaded_thread
        assert thread is not None
        launched = os.environ.get("THREADGIST_T0")  # set by benchmarks: time.time() at launch
        since = round(self.painted - float(launched), 3) if launched else None
        image = window.grab()  # the check that it really rendered, after the clock stopped
        rows = window.comments.model.rowCount()
        shown = window.isVisible() and not image.isNull() and rows == len(thread.comments)
        print(
            json.dumps(
                {
                    "ok": shown,
                    "title": thread.title,
                    "comments": rows,
                    "seconds": round(time.monotonic() - self.started, 3),
                    "since_launch": since,
                    "size": [image.width(), image.height()],
                },
                ensure_ascii=False,
            ),
            flush=True,
        )
        self.code = 0 if shown else 1
        QTimer.singleShot(0, QApplication.quit)

    def _failed(self, path: str, message: object) -> None:
        print(json.dumps({"ok": False, "error": str(message)}, ensure_ascii=False), flush=True)
        self.code = 3
        QTimer.singleShot(0, QApplication.quit)

    def _timeout(self) -> None:
        print(json.dumps({"ok": False, "error": "nothing was shown in time"}), flush=True)
        QApplication.quit()

"""The start-up benchmark's baseline: a bare PySide6 main window, 1280×800, nothing in it.
Prints the seconds from THREADGIST_T0 (time.time() at launch) to its first painted frame,
measured as Threadgist's --self-test measures its own: the window's first paint event
starts a frame and a zero timer fires when the frame is done."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


class FirstPaint(QObject):
    def __init__(self, window: QWidget, done: Callable[[], None]) -> None:
        super().__init__(window)
        self.done = done
        self.seen = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, self.done)
        return False


def report_and_quit() -> None:
    launched = os.environ.get("THREADGIST_T0")  # set by bench_gui.py: time.time() at launch
    print(time.time() - float(launched) if launched else "painted", flush=True)
    QApplication.quit()


def main() -> None:
    app = QApplication([])
    w = QMainWindow()
    FirstPaint(w, report_and_quit)
    w.resize(1280, 800)
    w.show()
    app.exec()


if __name__ == "__main__":
    main()

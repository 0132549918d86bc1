"""Start the desktop app: `threadgist` with no command, or `threadgist FILE`."""

from __future__ import annotations

import concurrent.futures as cf
import logging
import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QTimer, qVersion
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from .. import __version__
from ..bundled import resource
from ..store.settings import load_settings
from ..thread.model import LoadResult
from .fonts import apply_font

log = logging.getLogger("threadgist.gui")

#: the file given at start-up and the future of its parse
Early = tuple[str, cf.Future[LoadResult]]

APP_ID = "io.github.threadgist.Threadgist"


def make_app(argv: Sequence[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(list(argv))
    app.setApplicationName("Threadgist")
    app.setApplicationDisplayName("Threadgist")
    app.setOrganizationName("threadgist")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    icon = resource("icons", f"{APP_ID}.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def _start_log() -> None:
    from ..store.logs import setup_logging

    setup_logging()  # what was logged until now is written first


def run(early: Early | None = None, *, self_test: bool = False, url: str | None = None) -> int:
    """Open the window. ``early`` is the file given at start-up and the future of its
    parse, started by the launcher before Qt was loaded (:mod:`threadgist.prefetch`);
    ``url`` a thread's address given instead, fetched once the window is up."""
    log.info("Threadgist %s starting (Qt %s, Python %s)", __version__, qVersion(), sys.version.split()[0])
    from .main_window import MainWindow  # after QApplication exists

    app = make_app(sys.argv[:1])
    settings = load_settings()
    if self_test:
        settings.welcome_done = True  # no first-run panel (nor its speed measurement)
    apply_font(app, settings)
    window = MainWindow(settings)
    if self_test:
        from .selftest import SelfTest

        assert early is not None
        check = SelfTest(window, *early)
        window.show()
        app.exec()
        close_down(app, window)
        return check.code
    if early is not None:
        window.controller.adopt_load(*early)
    window.show()
    if url is not None:
        window.open_url(url)

    def after_first_paint() -> None:
        window.controller.runner.call(_start_log)
        window.controller.warm_up()

    QTimer.singleShot(300, after_first_paint)
    code = app.exec()
    close_down(app, window)
    return code


def close_down(app: QApplication, window: QWidget) -> None:
    """Stop background work, then delete the window and the application while Python is
    still fully alive (objects collected during interpreter shutdown can crash PySide)."""
    shutdown = getattr(window, "shutdown", None)
    if shutdown is not None:
        shutdown()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if QGuiApplication.platformName() == "offscreen":
        # Qt's offscreen clipboard is a static object that deletes our QMimeData after
        # Python has gone (a segfault at exit); on a real desktop the data stays for the
        # clipboard manager.
        app.clipboard().clear()
    app.shutdown()

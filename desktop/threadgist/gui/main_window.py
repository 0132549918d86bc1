"""The main window: the thread on the left, the digest on the right, actions in menus,
the toolbar and shortcuts. State and work live in the Controller; opening a thread
(open_flow.py), showing a run and its digest (digest_flow.py), copies and exports
(digest_copies.py), the first-run choices (welcome_flow.py) and the status bar's fields
(status_line.py) each have a helper of their own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from ..store.paths import log_dir
from ..store.settings import Settings
from .comment_view import CommentView
from .controller import Controller
from .digest_copies import DigestCopies
from .digest_flow import DigestFlow, Panes
from .digest_view import DigestView
from .endpoint_bar import EndpointBar
from .endpoint_damage import EndpointDamage
from .endpoint_flow import EndpointFlow
from .fonts import apply_font
from .i18n import app_translations, follow_language
from .open_flow import OpenFlow, dropped
from .run_panel import RunPanel
from .status_line import StatusLine
from .thread_header import ThreadHeader
from .welcome_flow import WelcomeFlow
from .window_menus import MenuWindow
from .window_state import restore_layout, saved_layout

if TYPE_CHECKING:
    from ..services import Services
    from ..thread.model import Thread
    from .first_run import FirstRunArea, FirstRunPanel


class MainWindow(MenuWindow):
    def __init__(self, settings: Settings, services: Services | None = None) -> None:
        super().__init__()
        self.translations = app_translations()
        self.translations.apply(settings.ui_lang)
        self.controller = controller = Controller(settings, services, self)
        controller.runner.wait_for_first_paint(self)  # background work starts after it
        self.header = ThreadHeader()
        self.comments = CommentView()
        self.digest_view = DigestView()
        self.run_panel = RunPanel()
        self.endpoint_bar = EndpointBar()
        self._closed = False
        self.dialog: QWidget | None = None  # the open message or dialog, if any
        self._build_layout()
        self.status = StatusLine(self.statusBar(), controller, lambda: self.digest_view.looking)
        self.endpoint_label: QLabel = self.status.endpoint_label
        self.cache_label: QLabel = self.status.cache_label
        self._make_actions()
        self._make_menus(lambda: self.controller.settings.recent, self.open_path)
        self._make_toolbar(self.endpoint_bar)
        self.setAcceptDrops(True)
        self.opening = OpenFlow(self, controller, (self.header, self.comments), self._keep)
        panes = Panes(self.comments, self.digest_view, self.run_panel, self.endpoint_bar)
        self.runs = DigestFlow(self, controller, panes, self.status, self._keep, self.manage_endpoints)
        self.copies = DigestCopies(self, controller, self._keep)
        self.endpoint_damage = EndpointDamage(self, controller.profile_store)  # endpoints.json
        views = (self.run_panel, self.digest_view)
        self.endpoints = EndpointFlow(controller, self.endpoint_bar, views, self.endpoint_damage, self.status)
        self._connect_actions()
        self._connect_views()
        self.endpoints.fill()
        restore_layout(self, self.splitter, controller.settings)
        follow_language(self, self.retranslate)

    def _build_layout(self) -> None:
        """The thread (header over comments) beside the run panel over the digest."""
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.header)
        left.addWidget(self.comments)
        left.setStretchFactor(1, 3)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.welcome = WelcomeFlow(
            self.controller, self.splitter, right_layout, self.manage_endpoints, self.digest_view.make_room
        )
        right_layout.addWidget(self.run_panel)
        right_layout.addWidget(self.digest_view, 1)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.splitter)
        # below these the comment list shows a row or two and widgets overlap; the window's
        # smallest height is its layout's, which keeps ten lines of the digest in view
        # (DigestView.MIN_LINES) whatever is shown above it
        self.setMinimumWidth(760)
        self.splitter.setMinimumHeight(420)

    def _connect_actions(self) -> None:
        opening, copies, controller = self.opening, self.copies, self.controller
        for action, slot in (
            (self.act_open, opening.choose_file),
            (self.act_open_url, opening.ask_url),
            (self.act_refresh, controller.reload),
            (self.act_paste_url, opening.paste_url),
            (self.act_export_md, lambda: copies.export_file("md")),
            (self.act_export_json, lambda: copies.export_file("json")),
            (self.act_quit, self.close),
            (self.act_copy_summary, lambda: copies.copy("summary")),
            (self.act_copy_all, lambda: copies.copy("all")),
            (self.act_copy_ptt, lambda: copies.copy("ptt")),
            (self.act_find, lambda: self.comments.text_edit.setFocus()),
            (self.act_show_all, self.comments.clear_filters),
            (self.act_summarize, lambda: self.request_summarize()),
            (self.act_again, lambda: self.request_summarize(force=True)),
            (self.act_summarize_all, self.summarize_all),
            (self.act_cancel, self._cancel_all),
            (self.act_endpoints, self.manage_endpoints),
            (self.act_settings, self.open_settings),
            (self.act_logs, self.open_log_folder),
            (self.act_about, self._about),
        ):
            action.triggered.connect(slot)

    def _connect_views(self) -> None:
        controller = self.controller
        controller.loaded.connect(lambda result: self.act_summarize_all.setEnabled(len(result.threads) > 1))
        controller.thread_changed.connect(self._thread_changed)
        self.digest_view.whole_again.connect(lambda: self.request_summarize())
        self.header.article_chosen.connect(controller.select_article)
        self.run_panel.summarize.connect(lambda: self.request_summarize())
        self.run_panel.summarize_again.connect(lambda: self.request_summarize(force=True))
        self.run_panel.cancel.connect(controller.cancel)

    def _keep(self, dialog: QWidget) -> None:
        self.dialog = dialog

    @property
    def first_run(self) -> FirstRunPanel | None:
        return self.welcome.panel

    @property
    def first_run_area(self) -> FirstRunArea | None:
        return self.welcome.area

    # ---- running ------------------------------------------------------------------------
    def request_summarize(self, *, force: bool = False) -> None:
        """Summarize; a big or long run asks first (:meth:`DigestFlow.request`)."""
        self.runs.request(force=force)

    def summarize_all(self) -> None:
        """Digest → Summarize all articles: the table of a multi-article file's articles."""
        from .batch_table import BatchTable

        BatchTable.show_for(self, self.controller, self.header.article_combo)

    def _cancel_all(self) -> None:
        self.controller.cancel()
        if self.controller.fetching:
            self.controller.cancel_fetch()

    # ---- opening ----------------------------------------------------------------------
    def open_path(self, path: str) -> None:
        self.opening.open_path(path)

    def open_url(self, url: str) -> None:
        self.opening.open_url(url)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.opening.drop(event)

    def _thread_changed(self, thread: Thread) -> None:
        self.header.set_thread(thread)
        self.comments.set_thread(thread)
        self.digest_view.set_thread(thread)
        self.digest_view.show_looking()
        self.run_panel.set_ready(True, no_comments=not thread.comments)
        for action in (self.act_summarize, self.act_again):  # Ctrl+Enter too
            action.setEnabled(bool(thread.comments))
        self.run_panel.reset_calls()
        self.run_panel.set_estimate(None, self.tr("Estimating…"))
        self.setWindowTitle(self._title())
        self.status.update()

    def retranslate(self) -> None:
        self.statusBar().clearMessage()  # a passing message, said in the language it was shown in
        self.setWindowTitle(self._title())
        self._retranslate_menus()
        self.runs.retranslate()
        self.status.update()

    def _title(self) -> str:
        thread = self.controller.current
        return f"{thread.title} — Threadgist" if thread and thread.title else "Threadgist"

    # ---- endpoints and preferences ----------------------------------------------------
    def manage_endpoints(self, new_preset: str = "") -> None:
        from .endpoint_dialog import EndpointDialog

        dlg = EndpointDialog(self.controller, self)
        if new_preset:
            dlg.new_profile(new_preset)
        dlg.finished.connect(lambda _result: self.controller.reload_profiles())
        self.dialog = dlg
        dlg.open()

    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        dlg = SettingsDialog(self.controller.settings, self)
        dlg.accepted.connect(lambda: self.apply_settings(dlg.result_settings()))
        self.dialog = dlg
        dlg.open()

    def apply_settings(self, settings: Settings) -> None:
        run_changed = self.controller.apply_preferences(settings)  # the digest's language or form
        self.translations.apply(settings.ui_lang)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            apply_font(app, self.controller.settings)
        if run_changed:
            self.controller.refresh()

    def open_log_folder(self) -> None:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _about(self) -> None:
        from .dialogs import about

        about(self)

    # ---- window state and quitting ----------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.controller.remember_layout(*saved_layout(self, self.splitter))
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Cancel any run, stop background work and the built-in engine (idempotent)."""
        if not self._closed:
            self._closed = True
            self.controller.shutdown()

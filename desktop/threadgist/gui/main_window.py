"""The main window: the thread on the left, the digest on the right, actions in menus,
the toolbar and shortcuts. State and work live in the Controller."""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QMetaObject, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..llm.profiles import EndpointProfile
from ..store.paths import log_dir
from ..store.settings import Settings
from .comment_view import CommentView
from .controller import Controller, RunError
from .digest_view import DigestView
from .endpoint_bar import EndpointBar, model_name
from .endpoint_damage import EndpointDamage
from .fonts import apply_font
from .i18n import app_translations, endpoint_label, follow_language, say, without_mnemonic
from .run_panel import RunPanel
from .thread_header import ThreadHeader

if TYPE_CHECKING:
    from ..digest.growth import Growth
    from ..digest.model import Digest
    from ..digest.pipeline import Progress
    from ..messages import Text
    from ..services import Services
    from ..services.estimate import Estimate
    from ..thread.model import LoadResult, Thread
    from .first_run import FirstRunPanel


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, services: Services | None = None) -> None:
        super().__init__()
        self.translations = app_translations()
        self.translations.apply(settings.ui_lang)
        self.controller = controller = Controller(settings, services, self)
        self._scanned = False  # local servers are looked for once, after the first paint
        self.header = ThreadHeader()
        self.comments = CommentView()
        self.digest_view = DigestView()
        self.run_panel = RunPanel()
        self.endpoint_bar = EndpointBar()
        self._closed = False

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.header)
        left.addWidget(self.comments)
        left.setStretchFactor(1, 3)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.first_run: FirstRunPanel | None = None
        self.first_run_area: QScrollArea | None = None
        self._first_run_links: list[QMetaObject.Connection] = []
        self._run_over = True  # no run under way: no progress to show
        self._right = right_layout
        if controller.welcome_needed():  # built after the first paint: start-up does not wait for it
            controller.runner.after_paint(self._show_first_run)
        right_layout.addWidget(self.run_panel)
        right_layout.addWidget(self.digest_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
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

        self.endpoint_label = QLabel()
        self.endpoint_label.setTextFormat(Qt.TextFormat.PlainText)  # shows data
        self.cache_label = QLabel()
        self.cache_label.setTextFormat(Qt.TextFormat.PlainText)  # shows data
        self.statusBar().addPermanentWidget(self.endpoint_label)
        self.statusBar().addPermanentWidget(self.cache_label)
        self._make_actions()
        self._make_menus()
        self.setAcceptDrops(True)
        self.dialog: QWidget | None = None  # the open message or dialog, if any

        controller.loaded.connect(self._loaded)
        controller.loaded.connect(lambda result: self.act_summarize_all.setEnabled(len(result.threads) > 1))
        controller.load_failed.connect(self._load_failed)
        controller.thread_changed.connect(self._thread_changed)
        controller.estimated.connect(self._estimated)
        controller.estimate_failed.connect(lambda why: self.run_panel.set_estimate(None, say(why)))
        controller.cached.connect(self._cached)
        controller.started.connect(self._started)
        controller.progress.connect(self._progress)
        controller.finished.connect(self._finished)
        controller.failed.connect(self._failed)
        controller.cancelled.connect(self._cancelled)
        controller.stopping.connect(self.run_panel.stopping)
        controller.endpoints_changed.connect(self._fill_endpoints)
        self.endpoint_damage = EndpointDamage(self, controller.profile_store)  # endpoints.json
        controller.endpoints_changed.connect(self._tell_endpoint_damage)
        controller.runner.after_paint(self._tell_endpoint_damage)
        controller.endpoint_changed.connect(self._endpoint_changed)
        controller.models_listed.connect(self._models_listed)
        controller.fetch_progress.connect(self._fetch_progress)
        controller.fetch_failed.connect(self._fetch_failed)
        controller.grown.connect(self._grown)
        controller.grown_since.connect(self._grown_since)
        self.digest_view.whats_new.connect(self._whats_new)
        self.digest_view.whole_again.connect(lambda: self.request_summarize())
        self.header.article_chosen.connect(controller.select_article)
        self.digest_view.floor_clicked.connect(self._floor_clicked)
        self.digest_view.timeline.span_clicked.connect(self.comments.show_span)
        self.run_panel.summarize.connect(lambda: self.request_summarize())
        self.run_panel.summarize_again.connect(lambda: self.request_summarize(force=True))
        self.run_panel.cancel.connect(controller.cancel)
        self.endpoint_bar.endpoint_chosen.connect(controller.set_endpoint)
        self.endpoint_bar.model_chosen.connect(controller.set_model)
        self.endpoint_bar.found_chosen.connect(controller.use_found)
        controller.servers_found.connect(self.endpoint_bar.set_found)

        self._fill_endpoints()
        self._restore_geometry()
        follow_language(self, self.retranslate)

    # ---- running ------------------------------------------------------------------------
    def request_summarize(self, *, force: bool = False) -> None:
        """Summarize; a run above the limit in Preferences shows its plan and asks first
        (all of it, or only the newest comments)."""
        from .confirm_run import ConfirmRun, faster_choices, needs_asking

        controller = self.controller
        estimate, thread = controller.last_estimate, controller.current
        if controller.running or thread is None or not thread.comments:
            return  # nothing to summarize: the run panel says why
        if (
            estimate is None
            or not needs_asking(estimate, controller.settings.ask_calls, estimate.minutes)
            or (not force and controller.digest is not None)
        ):
            controller.summarize(force=force)
            return
        found = [server.label for server in controller.found]
        choices = faster_choices(found, controller.speed, controller.workload(), estimate.minutes or 0.0)
        dlg = ConfirmRun(estimate, len(thread.comments), self, choices)
        dlg.chosen.connect(lambda newest: controller.summarize(force=force, newest=newest))
        dlg.faster.connect(self._go_faster)
        self.dialog = dlg
        dlg.open()

    def _go_faster(self, kind: str) -> None:
        """A faster choice from the long-run question: the server found, the catalog (on
        the built-in engine's page of Manage endpoints), or a new cloud endpoint."""
        if kind == "server":
            self.controller.use_found(0)
        else:
            self.manage_endpoints(new_preset="builtin" if kind == "catalog" else "openai")

    def summarize_all(self) -> None:
        """Digest → Summarize all articles: the table of a multi-article file's articles."""
        from .batch_table import BatchTable

        BatchTable.show_for(self, self.controller, self.header.article_combo)

    # ---- first run ----------------------------------------------------------------------
    def _show_first_run(self) -> None:
        if self.first_run is not None or not self.controller.welcome_needed():
            return
        from .first_run import FirstRunArea, widen_for

        self.first_run = self._make_first_run()
        # as tall as the panel, at most half the window: it scrolls on a small screen
        self.first_run_area = area = FirstRunArea(self.first_run)
        widen_for(self.splitter)  # its text wraps at a readable width
        # below the run panel, whose Cancel then stays put while a run's rows appear
        self._right.insertWidget(1, area, 2)  # the digest area is empty until a first run
        self.controller.measure_speed()  # the catalog's minutes need this computer's speed
        if self.controller.measuring:
            self.first_run.catalog.set_measuring()

    def _make_first_run(self) -> FirstRunPanel:
        from .catalog_box import CatalogBox
        from .first_run import FirstRunPanel
        from .local_model_box import models_dir

        controller = self.controller
        panel = FirstRunPanel(controller.runner, CatalogBox(controller.runner, models_dir()))
        if controller.scan_done:
            panel.set_found(controller.found)
        if controller.last_estimate is not None:
            panel.catalog.set_workload(*controller.workload())
        # the controller outlives the panel: these are undone when it closes
        self._first_run_links = [
            controller.servers_found.connect(panel.set_found),
            controller.speed_measured.connect(panel.catalog.set_speed),
            controller.speed_failed.connect(panel.catalog.set_speed_failed),
            controller.estimated.connect(lambda _e: panel.catalog.set_workload(*controller.workload())),
        ]
        panel.catalog.measure_again.connect(lambda: controller.measure_speed(again=True))
        panel.look_again.connect(controller.scan_local)
        panel.use_server.connect(self._welcome_server)
        panel.model_ready.connect(self._welcome_model)
        panel.add_cloud.connect(self._welcome_cloud)
        panel.dismissed.connect(self._welcome_done)
        return panel

    def _welcome_server(self, index: int) -> None:
        self.controller.use_found(index)
        self._welcome_done()

    def _welcome_model(self, path: str, name: str) -> None:
        self.controller.use_local_model(path, name)
        self._welcome_done()

    def _welcome_cloud(self) -> None:
        self._welcome_done()
        self.manage_endpoints(new_preset="openai")

    def _welcome_done(self) -> None:
        self.controller.finish_welcome()
        for link in self._first_run_links:
            QObject.disconnect(link)
        self._first_run_links = []
        if self.first_run_area is not None:
            self.first_run_area.hide()
            self.first_run_area.deleteLater()
            self.first_run_area = None
            self.first_run = None

    # ---- actions, menus, toolbar ------------------------------------------------------
    def _action(self, slot: object, *keys: QKeySequence | QKeySequence.StandardKey | str) -> QAction:
        action = QAction(self)
        if keys:
            action.setShortcuts([QKeySequence(key) for key in keys])
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        controller = self.controller
        self.act_open = self._action(self.choose_file, QKeySequence.StandardKey.Open)
        self.act_open_url = self._action(self.ask_url, "Ctrl+Shift+O")
        self.act_refresh = self._action(controller.reload, QKeySequence.StandardKey.Refresh, "F5")
        # Ctrl+V outside a text field: a thread address from the clipboard (text fields
        # take their own paste first)
        self.act_paste_url = self._action(self.paste_url, QKeySequence.StandardKey.Paste)
        self.act_export_md = self._action(lambda: self._export_file("md"), "Ctrl+S")
        self.act_export_json = self._action(lambda: self._export_file("json"), "Ctrl+Shift+S")
        self.act_quit = self._action(self.close, QKeySequence.StandardKey.Quit)
        self.act_copy_summary = self._action(lambda: self._copy("summary"), "Ctrl+Shift+C")
        self.act_copy_all = self._action(lambda: self._copy("all"), "Ctrl+Alt+C")
        self.act_copy_ptt = self._action(lambda: self._copy("ptt"), "Ctrl+Alt+P")
        self.act_find = self._action(
            lambda: self.comments.text_edit.setFocus(), QKeySequence.StandardKey.Find
        )
        self.act_show_all = self._action(self.comments.clear_filters, "Ctrl+L")
        self.act_summarize = self._action(lambda: self.request_summarize(), "Ctrl+Return", "Ctrl+Enter")
        self.act_again = self._action(lambda: self.request_summarize(force=True), "Ctrl+Shift+Return")
        self.act_summarize_all = self._action(self.summarize_all)  # a multi-article file's
        self.act_summarize_all.setEnabled(False)
        self.act_cancel = self._action(self._cancel_all, "Escape")
        self.act_endpoints = self._action(self.manage_endpoints, "Ctrl+E")
        self.act_settings = self._action(self.open_settings, QKeySequence.StandardKey.Preferences, "Ctrl+,")
        self.act_logs = self._action(self.open_log_folder)
        self.act_about = self._action(self._about)

    # ---- copy and export (the renderers load on first use, not at start-up) ------------
    def _digest_or_say(self, what: str) -> Digest | None:
        digest = self.controller.digest
        if digest is None:
            self.statusBar().showMessage(what, 5000)
        return digest

    def _source_text(self) -> str:
        """The open thread's address, else its file name (said in copies)."""
        controller = self.controller
        url = controller.source_url() or (controller.current.url if controller.current is not None else "")
        if url:
            return url
        return os.path.basename(controller.result.path) if controller.result is not None else ""

    def _copy(self, what: str) -> None:
        from . import export

        digest = self._digest_or_say(self.tr("There is no digest to copy yet: summarize first."))
        if digest is None:
            return
        if what == "summary":
            said = export.copy_summary(digest, self._source_text())
        elif what == "ptt":
            said = export.copy_ptt(digest, self._source_text())
        else:
            said = export.copy_all(digest, self.controller.current)
        self.statusBar().showMessage(said, 3000)

    def _export_file(self, ext: str) -> None:
        from . import export

        digest = self._digest_or_say(self.tr("There is no digest to export yet: summarize first."))
        if digest is not None:
            current = self.controller.current
            said = export.export_file(self, digest, current.title if current else "", ext, current)
            if isinstance(said, QMessageBox):
                self.dialog = said
            elif said:
                self.statusBar().showMessage(said, 5000)

    def _about(self) -> None:
        from .dialogs import about

        about(self)

    def _make_menus(self) -> None:
        menu_bar = self.menuBar()
        self.menu_file = menu_bar.addMenu("")
        self.menu_recent = QMenu(self)
        self.menu_recent.aboutToShow.connect(self._fill_recent)
        for action in (self.act_open, self.act_open_url):
            self.menu_file.addAction(action)
        self.menu_file.addMenu(self.menu_recent)
        self.menu_file.addAction(self.act_refresh)
        self.menu_file.addSeparator()
        self.menu_file.addActions([self.act_export_md, self.act_export_json])
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_edit = menu_bar.addMenu("")
        self.menu_edit.addActions([self.act_copy_summary, self.act_copy_all, self.act_copy_ptt])
        self.menu_edit.addSeparator()
        self.menu_edit.addActions([self.act_find, self.act_show_all])
        self.menu_digest = menu_bar.addMenu("")
        self.menu_digest.addActions([self.act_summarize, self.act_again, self.act_cancel])
        self.menu_digest.addAction(self.act_summarize_all)
        self.menu_endpoints = menu_bar.addMenu("")
        self.menu_endpoints.addAction(self.act_endpoints)
        self.menu_settings = menu_bar.addMenu("")
        self.menu_settings.addAction(self.act_settings)
        self.menu_help = menu_bar.addMenu("")
        self.menu_help.addActions([self.act_logs, self.act_about])
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.addActions([self.act_open, self.act_summarize, self.act_cancel, self.act_copy_summary])
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.endpoint_bar)
        self.addToolBar(self.toolbar)

    def retranslate(self) -> None:
        self.statusBar().clearMessage()  # a passing message, said in the language it was shown in
        self.setWindowTitle(self._title())
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        for menu, text in (
            (self.menu_file, self.tr("&File")),
            (self.menu_edit, self.tr("&Edit")),
            (self.menu_digest, self.tr("&Digest")),
            (self.menu_endpoints, self.tr("E&ndpoints")),
            (self.menu_settings, self.tr("&Settings")),
            (self.menu_help, self.tr("&Help")),
        ):
            menu.setTitle(text)
        self.menu_recent.setTitle(self.tr("Open &Recent"))
        if self.controller.running:  # the digest area's line, in the new language
            self.digest_view.show_running(self.tr("Summarizing…"))
        for action, text in (
            (self.act_open, self.tr("&Open…")),
            (self.act_open_url, self.tr("Open &URL…")),
            (self.act_refresh, self.tr("Re&fresh")),
            (self.act_paste_url, self.tr("Open the address on the clipboard")),
            (self.act_export_md, self.tr("Export &Markdown…")),
            (self.act_export_json, self.tr("Export &JSON…")),
            (self.act_quit, self.tr("&Quit")),
            (self.act_copy_summary, self.tr("Copy &summary")),
            (self.act_copy_all, self.tr("Copy &all")),
            (self.act_copy_ptt, self.tr("Copy for a &PTT reply")),
            (self.act_find, self.tr("&Find in comments")),
            (self.act_show_all, self.tr("Show all &comments")),
            (self.act_summarize, self.tr("&Summarize")),
            (self.act_again, self.tr("Summarize &again")),
            (self.act_summarize_all, self.tr("Summarize all a&rticles…")),
            (self.act_cancel, self.tr("&Cancel")),
            (self.act_endpoints, self.tr("&Manage endpoints…")),
            (self.act_settings, self.tr("&Preferences…")),
            (self.act_logs, self.tr("Open &log folder")),
            (self.act_about, self.tr("&About Threadgist")),
        ):
            action.setText(text)
            plain = without_mnemonic(text)  # the toolbar shows no "(S)" of a Chinese menu entry
            action.setIconText(plain)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(plain.rstrip("…") + (f" ({keys})" if keys else ""))
        self._update_status()

    def _title(self) -> str:
        thread = self.controller.current
        return f"{thread.title} — Threadgist" if thread and thread.title else "Threadgist"

    # ---- opening ----------------------------------------------------------------------
    def choose_file(self) -> None:
        from .dialogs import choose_thread_file

        settings = self.controller.settings
        path = choose_thread_file(self, start_folder(settings.open_folder, settings.recent))
        if path:
            settings.open_folder = os.path.dirname(path)
            self.controller.save_settings()
            self.open_path(path)

    def open_path(self, path: str) -> None:
        if self._stop_run_first(os.path.basename(path), lambda: self.controller.open_path(path)):
            return
        self.statusBar().showMessage(self.tr("Opening %1…").replace("%1", os.path.basename(path)))
        self.controller.open_path(path)

    def _stop_run_first(self, what: str, then: Callable[[], object]) -> bool:
        """While a digest is being made, opening something else asks first (opening stops
        the run; its finished parts are kept). True when the question was asked."""
        if not self.controller.running:
            return False
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("A digest is being made"),
            self.tr("Stop it and open %1? Its finished parts are kept: summarizing again resumes.").replace(
                "%1", what
            ),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # a file name or an address
        stop = box.addButton(self.tr("Stop and open"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Keep running"), QMessageBox.ButtonRole.RejectRole)

        def clicked(button: object) -> None:
            if button is stop:
                self.controller.cancel()
                self.controller.runner.after_paint(lambda: _discard(then()))

        box.buttonClicked.connect(clicked)
        self.dialog = box
        box.open()
        return True

    def ask_url(self) -> None:
        """File → Open URL: an address box, filled from the clipboard when it holds one."""
        from ..thread.web import looks_like_url

        clip = QGuiApplication.clipboard().text().strip()
        from .dialogs import ask_thread_url

        url = ask_thread_url(self, clip if looks_like_url(clip) else "")
        if url:
            self.open_url(url)

    def paste_url(self) -> None:
        from ..thread.web import looks_like_url

        clip = QGuiApplication.clipboard().text().strip()
        if looks_like_url(clip):
            self.open_url(clip)
        else:
            self.statusBar().showMessage(
                self.tr("The clipboard holds no thread address (ptt.cc, Reddit or Hacker News)."), 5000
            )

    def open_url(self, url: str) -> None:
        if self._stop_run_first(url, lambda: self.controller.open_url(url)):
            return
        self.controller.open_url(url)

    def _cancel_all(self) -> None:
        self.controller.cancel()
        if self.controller.fetching:
            self.controller.cancel_fetch()

    def _fetch_progress(self, url: str, done: int, total: int) -> None:
        size = f"{done / 1024:,.0f} KB" + (f" / {total / 1024:,.0f} KB" if total else "")
        self.statusBar().showMessage(
            self.tr("Fetching %1… %2 (Esc cancels)").replace("%1", url).replace("%2", size)
        )

    def _fetch_failed(self, url: str, message: Text, network: bool) -> None:
        self.statusBar().clearMessage()
        if not message:
            self.statusBar().showMessage(self.tr("Fetching cancelled."), 5000)
            return
        title = self.tr("Cannot fetch this thread") if network else self.tr("Cannot open this address")
        from .dialogs import error

        self.dialog = error(self, title, url, say(message))

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
        self.statusBar().showMessage(text, 10000)
        if added > 0:
            self.comments.mark_new(total - added)

    def _grown_since(self, growth: Growth, earlier: Digest) -> None:
        """No digest of the thread as it is, but one of an earlier state: show that one,
        say how much is new, tint the new comments."""
        self.digest_view.show_digest(earlier)
        self.digest_view.show_growth(growth)
        thread = self.controller.current
        if thread is not None and growth.first_new_floor is not None:
            first = next(
                (i for i, comment in enumerate(thread.comments) if comment.floor == growth.first_new_floor),
                None,
            )
            if first is not None:
                self.comments.mark_new(first)

    def _whats_new(self) -> None:
        growth = self.controller.growth
        if growth is not None:
            self.controller.summarize(since_floor=growth.last_floor)

    def _fill_recent(self) -> None:
        self.menu_recent.clear()
        for path in self.controller.settings.recent:
            action = self.menu_recent.addAction(path)
            action.triggered.connect(lambda _checked=False, recent_path=path: self.open_path(recent_path))
        if not self.controller.settings.recent:
            self.menu_recent.addAction(self.tr("(none)")).setEnabled(False)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        found = _dropped(event)
        if found is None:
            return
        event.acceptProposedAction()
        kind, target = found
        if kind == "file":
            self.open_path(target)
        else:
            self.open_url(target)

    def _loaded(self, result: LoadResult) -> None:
        self.header.set_result(result)
        self.statusBar().showMessage(self.tr("Opened %1").replace("%1", result.path), 5000)

    def _load_failed(self, path: str, message: Text) -> None:
        self.statusBar().clearMessage()
        from .dialogs import error

        self.dialog = error(
            self,
            self.tr("Cannot open this file"),
            self.tr("%1 cannot be opened as a thread.").replace("%1", os.path.basename(path)),
            say(message),
        )

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
        self._update_status()

    # ---- endpoints --------------------------------------------------------------------
    def _fill_endpoints(self) -> None:
        self.endpoint_bar.set_profiles(self.controller.profiles(), self.controller.profile())
        self._update_status()
        # the server's model list can wait until the window is up (it loads openai)
        QTimer.singleShot(800, self.controller.fetch_models)
        if not self._scanned:  # local servers: probed once, after the first paint
            self._scanned = True
            self.controller.runner.after_paint(self.controller.scan_local)

    def _tell_endpoint_damage(self) -> None:
        self.endpoint_damage.check(self.controller.profile())

    def _endpoint_changed(self, profile: EndpointProfile | None) -> None:
        self.endpoint_bar.set_current(profile)
        if not self.controller.running:  # the rows of a run belong to its endpoint's digest
            self.run_panel.reset_calls()
        if self.controller.current is not None and not self.controller.running:
            self.digest_view.show_looking()
        self.run_panel.set_estimate(None, self.tr("Estimating…"))
        self._update_status()
        self.controller.fetch_models()

    def _models_listed(self, endpoint: str, names: list[str]) -> None:
        profile = self.controller.profile()
        if profile is not None and profile.name == endpoint:
            self.endpoint_bar.set_models(names, profile.model_label)

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
        lang_changed = self.controller.apply_preferences(settings)
        self.translations.apply(settings.ui_lang)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            apply_font(app, self.controller.settings)
        if lang_changed:
            self.controller.refresh()

    def open_log_folder(self) -> None:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # ---- running ----------------------------------------------------------------------
    def _estimated(self, estimate: Estimate) -> None:
        self.run_panel.set_estimate(estimate)

    def _cached(self, digest: Digest | None) -> None:
        self.comments.highlight([])  # marks from another endpoint's digest go with it
        if digest is None:
            self.digest_view.clear()
        else:
            self.digest_view.show_digest(digest)
        self._update_status()

    def _started(self) -> None:
        self._run_over = False
        self.run_panel.set_running(True)
        self.endpoint_bar.setEnabled(False)
        self.digest_view.show_running(self.tr("Summarizing…"))
        self._update_status()

    def _progress(self, progress: Progress) -> None:
        if self._run_over:  # a cancelled run unwinding: its rows are gone with it
            return
        self.run_panel.show_progress(progress)
        if progress.text:
            self.digest_view.show_streaming(progress.text)

    def _run_ended(self) -> None:
        """A run ended: show the controller's digest (the new one, or the one from before)."""
        self._run_over = True
        self.run_panel.set_running(False)
        self.run_panel.end_calls()
        self.endpoint_bar.setEnabled(True)
        if self.controller.digest is not None:
            self.digest_view.show_digest(self.controller.digest)
        else:
            self.digest_view.clear()
        self._update_status()

    def _finished(self, digest: Digest) -> None:
        self._run_ended()
        self.statusBar().showMessage(self.tr("Digest ready"), 5000)

    def _cancelled(self) -> None:
        self._run_ended()
        if self.controller.digest is not None:  # the digest from before: not this run's rows
            self.run_panel.reset_calls()
        self.statusBar().showMessage(
            self.tr("Cancelled. Finished parts are kept: summarizing again resumes."), 8000
        )

    def _failed(self, failure: RunError) -> None:
        self._run_ended()
        from .dialogs import run_failed

        self.dialog = run_failed(self, failure, self.manage_endpoints, self.controller.summarize)

    def _floor_clicked(self, floor: int, floors: list[int]) -> None:
        self.comments.highlight(floors, scroll_to=floor)

    def _update_status(self) -> None:
        profile = self.controller.profile()
        self.endpoint_label.setText(
            self.tr("Endpoint: %1").replace("%1", f"{endpoint_label(profile.name)} · {model_name(profile)}")
            if profile
            else self.tr("No endpoint")
        )
        digest = self.controller.digest
        if self.controller.running:
            text = self.tr("Running")
        elif digest is None and self.digest_view.looking:
            text = ""
        elif digest is None:
            text = self.tr("Not cached")
        elif digest.meta.cached:
            text = self.tr("Cached")
        else:
            text = self.tr("Saved to cache")
        self.cache_label.setText(text)

    # ---- window state and quitting ----------------------------------------------------
    def _restore_geometry(self) -> None:
        settings = self.controller.settings
        try:
            if settings.window_geometry:
                self.restoreGeometry(QByteArray(base64.b64decode(settings.window_geometry)))
            else:
                self.resize(1280, 800)
            if settings.window_state:
                self.restoreState(QByteArray(base64.b64decode(settings.window_state)))
            if settings.splitter_state:
                self.splitter.restoreState(QByteArray(base64.b64decode(settings.splitter_state)))
        except ValueError:
            self.resize(1280, 800)

    def _save_geometry(self) -> None:
        self.controller.remember_layout(
            base64.b64encode(bytes(self.saveGeometry().data())).decode(),
            base64.b64encode(bytes(self.saveState().data())).decode(),
            base64.b64encode(bytes(self.splitter.saveState().data())).decode(),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_geometry()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Cancel any run, stop background work and the built-in engine (idempotent)."""
        if not self._closed:
            self._closed = True
            self.controller.shutdown()


def _dropped(event: QDragEnterEvent | QDropEvent) -> tuple[str, str] | None:
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

"""The main window's actions, menus and toolbar, and their texts in the interface's
language. The window connects the actions to what they do."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

from .i18n import without_mnemonic

Key = QKeySequence | QKeySequence.StandardKey | str


class MenuWindow(QMainWindow):
    """A main window with Threadgist's menus (the base of
    :class:`~threadgist.gui.main_window.MainWindow`)."""

    def _action(self, *keys: Key) -> QAction:
        action = QAction(self)
        if keys:
            action.setShortcuts([QKeySequence(key) for key in keys])
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        self.act_open = self._action(QKeySequence.StandardKey.Open)
        self.act_open_url = self._action("Ctrl+Shift+O")
        self.act_refresh = self._action(QKeySequence.StandardKey.Refresh, "F5")
        # Ctrl+V outside a text field: a thread address from the clipboard (text fields
        # take their own paste first)
        self.act_paste_url = self._action(QKeySequence.StandardKey.Paste)
        self.act_export_md = self._action("Ctrl+S")
        self.act_export_json = self._action("Ctrl+Shift+S")
        self.act_quit = self._action(QKeySequence.StandardKey.Quit)
        self.act_copy_summary = self._action("Ctrl+Shift+C")
        self.act_copy_all = self._action("Ctrl+Alt+C")
        self.act_copy_ptt = self._action("Ctrl+Alt+P")
        self.act_find = self._action(QKeySequence.StandardKey.Find)
        self.act_show_all = self._action("Ctrl+L")
        self.act_summarize = self._action("Ctrl+Return", "Ctrl+Enter")
        self.act_again = self._action("Ctrl+Shift+Return")
        self.act_summarize_all = self._action()  # a multi-article file's
        self.act_summarize_all.setEnabled(False)
        self.act_cancel = self._action("Escape")
        self.act_endpoints = self._action("Ctrl+E")
        self.act_settings = self._action(QKeySequence.StandardKey.Preferences, "Ctrl+,")
        self.act_logs = self._action()
        self.act_about = self._action()

    def _make_menus(self, recent: Callable[[], list[str]], open_recent: Callable[[str], None]) -> None:
        """The menu bar (File → Open Recent lists ``recent()``) and the toolbar."""
        self._recent, self._open_recent = recent, open_recent
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

    def _make_toolbar(self, endpoint_bar: QWidget) -> None:
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.addActions([self.act_open, self.act_summarize, self.act_cancel, self.act_copy_summary])
        self.toolbar.addSeparator()
        self.toolbar.addWidget(endpoint_bar)
        self.addToolBar(self.toolbar)

    def _fill_recent(self) -> None:
        self.menu_recent.clear()
        recent = self._recent()
        for path in recent:
            action = self.menu_recent.addAction(path)
            action.triggered.connect(lambda _checked=False, recent_path=path: self._open_recent(recent_path))
        if not recent:
            self.menu_recent.addAction(self.tr("(none)")).setEnabled(False)

    def _retranslate_menus(self) -> None:
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
            _set_text(action, text)


def _set_text(action: QAction, text: str) -> None:
    """An action's menu text, its toolbar text (no "(S)" of a Chinese menu entry) and its
    tooltip with the shortcut."""
    action.setText(text)
    plain = without_mnemonic(text)
    action.setIconText(plain)
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(plain.rstrip("…") + (f" ({keys})" if keys else ""))

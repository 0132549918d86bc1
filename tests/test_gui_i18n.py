"""UI languages: switching at run time (Qt's own dialogs too) and a complete zh_TW
translation of every user-visible string."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from threadgist.gui.controller import RunError
from threadgist.gui.dialogs import error, headline, run_failed

from .conftest import REPO
from .guihelpers import open_file

TS = REPO / "resources" / "i18n" / "threadgist_zh_TW.ts"


def test_language_switches_at_run_time(qtbot: Any, window: Any) -> None:
    open_file(qtbot, window)
    assert window.menu_file.title() == "&File"
    zh = dataclasses.replace(window.controller.settings, ui_lang="zh_TW")
    window.apply_settings(zh)
    QApplication.processEvents()  # LanguageChange is a posted event
    assert window.menu_file.title() == "檔案(&F)"
    assert window.run_panel.go.text() == "產生摘要"
    assert window.comments.count_label.text() == "70 則留言"
    assert window.digest_view.tabs.tabText(1).startswith("觀點")
    assert window.comments.model.headerData(0, Qt.Orientation.Horizontal) == "樓層"
    box = error(window, "t", "m")
    assert isinstance(box, QMessageBox)
    assert box.button(QMessageBox.StandardButton.Close).text() == "關閉"  # Qt's own strings
    box.close()
    assert window.controller.settings.ui_lang == "zh_TW"
    window.apply_settings(dataclasses.replace(zh, ui_lang="en"))
    QApplication.processEvents()
    assert window.menu_file.title() == "&File" and window.run_panel.go.text() == "Summarize"


def test_failures_are_told_in_the_interface_language(qtbot: Any, window: Any) -> None:
    kinds = ("auth", "quota", "rate_limit", "model_not_found", "unreachable", "timeout",
             "context_exceeded", "truncated", "bad_output", "server", "config", "unsupported",
             "internal")
    english = {k: headline(k) for k in kinds}
    assert len(set(english.values())) == len(kinds)  # one line per kind, none generic
    window.apply_settings(dataclasses.replace(window.controller.settings, ui_lang="zh_TW"))
    QApplication.processEvents()
    for k in kinds:
        zh = headline(k)
        assert zh != english[k] and any("\u4e00" <= ch <= "\u9fff" for ch in zh), k
    box = run_failed(window, RunError("auth", "“x” rejected the API key (401): set the key again"))
    assert box.windowTitle() == "摘要失敗" and box.text() == headline("auth")
    assert box.informativeText().startswith("“x” rejected the API key (401)")
    assert [b.text() for b in box.buttons() if b.text() == "開啟端點設定"]
    box.close()
    window.apply_settings(dataclasses.replace(window.controller.settings, ui_lang="en"))
    QApplication.processEvents()


def test_every_string_is_translated(tmp_path: Path) -> None:
    """lupdate over the sources finds no string the committed .ts lacks, and none of
    the .ts entries is unfinished."""
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    gui = sorted(str(p) for p in (REPO / "desktop" / "threadgist" / "gui").glob("*.py"))
    subprocess.run([str(lupdate), "-locations", "none", *gui, "-ts", str(fresh)], check=True,
                   capture_output=True)

    def messages(path: Path) -> dict[tuple[str, str], ET.Element]:
        root = ET.parse(path).getroot()
        return {(ctx.findtext("name") or "", m.findtext("source") or ""): m
                for ctx in root.iter("context") for m in ctx.iter("message")}

    wanted, have = messages(fresh), messages(TS)
    missing = sorted(set(wanted) - set(have))
    assert not missing, f"strings missing from {TS.name} (run make translations-update): {missing}"
    unfinished = [k for k, m in have.items()
                  if (t := m.find("translation")) is not None
                  and (t.get("type") in ("unfinished", "obsolete", "vanished")
                       or not ("".join(t.itertext()).strip()))]
    assert not unfinished, f"untranslated: {unfinished}"

"""Copy and export: the clipboard gets HTML and Markdown (plain text) together;
files are written as Markdown or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMimeData
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from ..digest import html as H
from ..digest.markdown import summary_markdown, to_json_text, to_markdown
from ..digest.model import Digest

if TYPE_CHECKING:
    from .main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files free tr() calls under ""


def put_on_clipboard(html: str, text: str) -> None:
    mime = QMimeData()
    mime.setHtml(html)
    mime.setText(text)
    QGuiApplication.clipboard().setMimeData(mime)


def _digest(window: MainWindow) -> Digest | None:
    d = window.controller.digest
    if d is None:
        window.statusBar().showMessage(tr("There is no digest to copy yet: summarize first."), 5000)
    return d


def copy_summary(window: MainWindow) -> None:
    d = _digest(window)
    if d is not None:
        put_on_clipboard(f"<html><body>{H.summary_html(d)}</body></html>", summary_markdown(d))
        window.statusBar().showMessage(tr("Summary copied"), 3000)


def copy_all(window: MainWindow) -> None:
    d = _digest(window)
    if d is not None:
        put_on_clipboard(H.full_html(d), to_markdown(d))
        window.statusBar().showMessage(tr("Digest copied"), 3000)


def suggested_name(window: MainWindow, ext: str) -> str:
    t = window.controller.current
    stem = (t.title if t and t.title else "digest")
    safe = "".join(ch for ch in stem if ch not in '\\/:*?"<>|').strip()[:60] or "digest"
    return f"{safe}.{ext}"


def export_file(window: MainWindow, ext: str) -> None:
    d = window.controller.digest
    if d is None:
        window.statusBar().showMessage(tr("There is no digest to export yet: summarize first."),
                                       5000)
        return
    filt = tr("Markdown (*.md)") if ext == "md" else tr("JSON (*.json)")
    path, _ = QFileDialog.getSaveFileName(window, tr("Export the digest"),
                                          suggested_name(window, ext), filt)
    if path:
        write_export(window, d, path, ext)


def write_export(window: MainWindow, d: Digest, path: str, ext: str) -> bool:
    text = to_markdown(d) if ext == "md" else to_json_text(d) + "\n"
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as e:
        from .dialogs import error

        error(window, tr("Export failed"), tr("The file could not be written."),
              f"{path}: {e.strerror or e}")
        return False
    window.statusBar().showMessage(tr("Saved %1").replace("%1", path), 5000)
    return True

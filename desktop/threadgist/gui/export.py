"""Copy and export: the clipboard gets HTML and Markdown (plain text) together;
files are written as Markdown or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMimeData
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from ..digest import html as H
from ..digest.markdown import to_json_text, to_markdown
from ..digest.model import Digest
from ..digest.plaintext import source_lines, summary_text, to_ptt_text

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


def source_of(window: MainWindow) -> str:
    """The open thread's address, else its file name (said in copies)."""
    c = window.controller
    url = c.source_url()
    if url:
        return url
    t = c.current
    if t is not None and t.url:
        return t.url
    return Path(c.result.path).name if c.result is not None else ""


def copy_summary(window: MainWindow) -> None:
    """The summary with the thread's title and board, its address or file, and the
    endpoint, model and date: HTML and plain text together."""
    import html

    d = _digest(window)
    if d is not None:
        source = source_of(window)
        head = "<br>".join(html.escape(line) for line in source_lines(d, source))
        put_on_clipboard(f"<html><body><p>{head}</p>{H.summary_html(d)}</body></html>",
                         summary_text(d, source))
        window.statusBar().showMessage(tr("Summary copied"), 3000)


def copy_ptt(window: MainWindow) -> None:
    """The whole digest as plain text that pastes well into a PTT reply (78 columns)."""
    d = _digest(window)
    if d is not None:
        QGuiApplication.clipboard().setText(to_ptt_text(d, source_of(window)))
        window.statusBar().showMessage(tr("Digest copied as plain text for a PTT reply"), 3000)


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

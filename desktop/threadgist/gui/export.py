"""Copy and export a digest: the clipboard gets HTML and Markdown (plain text) together,
or plain text for a PTT reply; files are written as Markdown or JSON. Each function takes
the digest and what is said about its source, and returns the status line to show."""

from __future__ import annotations

import html
import os
from pathlib import Path

from PySide6.QtCore import QMimeData, QStandardPaths
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..digest import html as H
from ..digest.drift_render import timeline_copies
from ..digest.markdown import to_json_text, to_markdown
from ..digest.model import Digest
from ..digest.plaintext import source_lines, summary_text, to_ptt_text
from ..thread.model import Thread
from .i18n import tr


def put_on_clipboard(html_text: str, text: str) -> None:
    mime = QMimeData()
    mime.setHtml(html_text)
    mime.setText(text)
    QGuiApplication.clipboard().setMimeData(mime)


def copy_summary(digest: Digest, source: str) -> str:
    """The summary with the thread's title and board, ``source`` (its address or file
    name), and the endpoint, model and date: HTML and plain text together."""
    head = "<br>".join(html.escape(line) for line in source_lines(digest, source))
    put_on_clipboard(
        f"<html><body><p>{head}</p>{H.verdict_html(digest)}{H.coverage_html(digest)}"
        f"{H.summary_html(digest)}</body></html>",
        summary_text(digest, source),
    )
    return tr("Summary copied")


def copy_ptt(digest: Digest, source: str) -> str:
    """The whole digest as plain text that pastes well into a PTT reply (78 columns)."""
    QGuiApplication.clipboard().setText(to_ptt_text(digest, source))
    return tr("Digest copied as plain text for a PTT reply")


def copy_all(digest: Digest, thread: Thread | None = None) -> str:
    """The whole digest, with its drift timeline when ``thread`` (its thread) is given."""
    timeline_html, timeline_md = timeline_copies(digest, thread)
    put_on_clipboard(H.full_html(digest, timeline_html), to_markdown(digest) + _then(timeline_md))
    return tr("Digest copied")


def suggested_name(title: str, ext: str) -> str:
    """A file name from the thread's title (characters no file system takes left out)."""
    safe = "".join(char for char in (title or "digest") if char not in '\\/:*?"<>|').strip()[:60]
    return f"{safe or 'digest'}.{ext}"


def export_folder(last: str) -> str:
    """Where an export starts: the folder of the last export, if it is still there, else
    the user's documents folder, else home (never the folder the app was started from)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    for folder in (last, documents):
        if folder and os.path.isdir(folder):
            return folder
    return str(Path.home())


def ask_export_path(parent: QWidget, caption: str, folder: str, name: str, filters: str) -> tuple[str, str]:
    """The save dialog, started in :func:`export_folder` (``folder``: the last one) with
    ``name`` suggested: the path chosen ("" for none) and the filter chosen."""
    return QFileDialog.getSaveFileName(parent, caption, os.path.join(export_folder(folder), name), filters)


def export_file(
    parent: QWidget, digest: Digest, title: str, ext: str, thread: Thread | None = None, folder: str = ""
) -> tuple[str | QMessageBox, str]:
    """Ask where (starting in ``folder``, the last export's), then write: the status line
    ("" when the user chose no file) or the box that says the file could not be written,
    and the folder written to ("" when nothing was written)."""
    filt = tr("Markdown (*.md)") if ext == "md" else tr("JSON (*.json)")
    path, _ = ask_export_path(parent, tr("Export the digest"), folder, suggested_name(title, ext), filt)
    if not path:
        return "", ""
    said = write_export(parent, digest, path, ext, thread)
    return said, "" if isinstance(said, QMessageBox) else os.path.dirname(os.path.abspath(path))


def write_export(
    parent: QWidget, digest: Digest, path: str, ext: str, thread: Thread | None = None
) -> str | QMessageBox:
    """Write the digest to ``path`` (Markdown with the drift timeline when ``thread`` is
    given): the status line, or the box that says it failed."""
    text = (
        to_markdown(digest) + _then(timeline_copies(digest, thread)[1])
        if ext == "md"
        else to_json_text(digest) + "\n"
    )
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as e:
        from .dialogs import error

        return error(
            parent, tr("Export failed"), tr("The file could not be written."), f"{path}: {e.strerror or e}"
        )
    return tr("Saved %1").replace("%1", path)


def _then(section: str) -> str:
    """A Markdown section after the document (a blank line between)."""
    return "\n" + section if section else ""

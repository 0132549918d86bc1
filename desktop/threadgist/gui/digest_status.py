"""The line above the digest: which digest is shown (made or cached, when, with which
endpoint and model, what it cost, whether its answers were short), or what the digest
area is waiting for."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from .i18n import endpoint_label

if TYPE_CHECKING:
    from ..digest.model import Digest


class DigestStatus(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # shows data
        self.setWordWrap(True)

    def say(self, text: str) -> None:
        """``text``, or nothing (and no room taken) for ""."""
        self.setText(text)
        self.setVisible(bool(text))

    def show_digest(self, digest: Digest) -> None:
        self.say(self._text(digest))

    def _text(self, digest: Digest) -> str:
        from ..llm.naming import shown_model  # loaded with the first digest, not at start-up

        when = datetime.fromtimestamp(digest.meta.created_at).strftime("%Y-%m-%d %H:%M")
        who = f"{endpoint_label(digest.meta.endpoint)} · {shown_model(digest.meta.model)}"
        new = digest.meta.new_since
        if new is not None:
            text = (
                self.tr("What's new: %1 comments after floor %2 · digest made %3 · %4")
                .replace("%1", f"{new.comments:,}")
                .replace("%2", str(new.floor))
            )
            text = text.replace("%3", "%1").replace("%4", "%2")
        elif digest.meta.cached:
            text = self.tr("Cached digest from %1 · %2 — “Summarize again” makes a new one.")
        else:
            text = self.tr("Digest made %1 · %2")
        usage = (
            (self.tr("one call, %2 tokens") if digest.usage.calls == 1 else self.tr("%1 calls, %2 tokens"))
            .replace("%1", f"{digest.usage.calls:,}")
            .replace("%2", f"{digest.usage.prompt_tokens + digest.usage.completion_tokens:,}")
        )
        used = digest.usage
        if used.across_runs:  # earlier runs made part of it: what the last one spent
            usage += (
                (
                    self.tr(" (one call, %2 tokens in the last run)")
                    if used.run_calls == 1
                    else self.tr(" (%1 calls, %2 tokens in the last run)")
                )
                .replace("%1", f"{used.run_calls or 0:,}")
                .replace("%2", f"{(used.run_prompt_tokens or 0) + (used.run_completion_tokens or 0):,}")
            )
        if digest.meta.form == "compact":  # the rich form is the usual one: not said
            usage += " · " + self.tr("short answers (the app picked the quotes)")
        from ..textsafe import one_line  # the views' texts: digest/html.py

        return text.replace("%1", when).replace("%2", one_line(who)) + " · " + usage

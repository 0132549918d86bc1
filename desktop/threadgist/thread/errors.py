"""Errors raised when a file cannot be read as a thread."""

from __future__ import annotations

from ..messages import Message, Text, msg


class ThreadFileError(Exception):
    """The file cannot be read as a thread.

    ``looked_like`` names the format the content resembled (or None); ``reason``
    says what is wrong in words a user understands. ``str()`` gives a one- or
    two-line message naming the file; ``detail`` is the same as a message (the GUI
    shows it in the interface's language).
    """

    def __init__(self, reason: Text, *, path: str | None = None, looked_like: Text | None = None):
        super().__init__(str(reason))
        self.reason = reason
        self.path = path
        self.looked_like = looked_like

    def with_path(self, path: str) -> ThreadFileError:
        if self.path is None:
            self.path = path
        return self

    @property
    def detail(self) -> Message:
        where = self.path or msg("input")
        if self.looked_like:
            return msg(
                "{where}: looks like {format}, but {reason}",
                where=where,
                format=self.looked_like,
                reason=self.reason,
            )
        return msg("{where}: {reason}", where=where, reason=self.reason)

    def __str__(self) -> str:
        return str(self.detail)

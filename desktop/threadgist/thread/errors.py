"""Errors raised when a file cannot be read as a thread."""

from __future__ import annotations


class ThreadFileError(Exception):
    """The file cannot be read as a thread.

    ``looked_like`` names the format the content resembled (or None); ``reason``
    says what is wrong in words a user understands. ``str()`` gives a one- or
    two-line message naming the file.
    """

    def __init__(self, reason: str, *, path: str | None = None, looked_like: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.path = path
        self.looked_like = looked_like

    def with_path(self, path: str) -> ThreadFileError:
        if self.path is None:
            self.path = path
        return self

    def __str__(self) -> str:
        where = self.path or "input"
        if self.looked_like:
            return f"{where}: looks like {self.looked_like}, but {self.reason}"
        return f"{where}: {self.reason}"

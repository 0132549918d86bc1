"""What every subcommand says on the console: the error that ends a command with its exit
code, and lines on stderr with text from files, servers and models made terminal-safe.
Imports nothing of the command line (:mod:`.common` and :mod:`.fetch` both import it)."""

from __future__ import annotations

import sys
import unicodedata

from ..messages import Text


class CommandError(Exception):
    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def terminal_safe(text: str) -> str:
    """Text from files, servers and models for a terminal: control characters (escape
    sequences, carriage returns, bells) shown as "?", so that none can clear the screen,
    retitle the window or forge a line; a newline starts an indented line."""
    out = []
    for char in text:
        if char == "\n":
            out.append("\n  ")
        elif char == "\t" or (char.isprintable() and unicodedata.category(char) not in ("Cc", "Cf")):
            out.append(char)
        else:
            out.append("?")
    return "".join(out)


def err(message: Text) -> None:
    """A line on stderr; a message in English."""
    print(f"threadgist: {terminal_safe(str(message))}", file=sys.stderr)

"""Read the ``summary`` field out of a JSON answer while it is still streaming.

``SummaryStream`` takes the answer piece by piece and looks at every character once, so
a long answer costs time in proportion to its length (rescanning the whole answer for
every piece, as ``summary_state`` does when called again and again, is quadratic).
"""

from __future__ import annotations

import json
import re

_KEY = '"summary"'
#: the states of the search for ``"summary"\\s*:\\s*"``: 0–8 (that many characters of
#: the key seen), then after the key, after the colon, inside the string, after it
_AFTER_KEY, _AFTER_COLON, _IN_STRING, _CLOSED = 9, 10, 11, 12
_SPECIAL_RE = re.compile(r'["\\]')
#: how long a summary preview grows: previews of longer ones stop there (the digest
#: itself is read from the whole answer)
PREVIEW_CHARS = 20_000


class SummaryStream:
    """The summary so far of an answer fed piece by piece: ``feed`` returns (the summary
    so far, whether its closing quote has arrived). Escapes split between pieces wait for
    the rest; a \\uXXXX surrogate pair becomes one character."""

    def __init__(self, max_chars: int | None = PREVIEW_CHARS):
        self.max_chars = max_chars
        self._state = 0
        self._pending = ""  # the start of an escape whose end has not arrived
        self._text = ""
        self._new: list[str] = []
        self._size = 0

    @property
    def complete(self) -> bool:
        return self._state == _CLOSED

    @property
    def text(self) -> str:
        if self._new:
            self._text += "".join(self._new)
            self._new.clear()
        return self._text

    def feed(self, piece: str) -> tuple[str, bool]:
        start = self._find_start(piece) if self._state < _IN_STRING else 0
        if self._state == _IN_STRING:
            self._read_string(piece, start)
        return self.text, self.complete

    # ---- internals ------------------------------------------------------------------
    def _find_start(self, piece: str) -> int:
        """Advance the search for the key through ``piece``; where the string starts, or
        len(piece) when it has not (yet)."""
        i, end, state = 0, len(piece), self._state
        while i < end:
            if state == 0:
                quote_at = piece.find('"', i)
                if quote_at < 0:
                    i = end
                    break
                state, i = 1, quote_at + 1
                continue
            char = piece[i]
            i += 1
            if state < _AFTER_KEY:
                state = state + 1 if char == _KEY[state] else (1 if char == '"' else 0)
            elif state == _AFTER_KEY:
                if char == ":":
                    state = _AFTER_COLON
                elif not char.isspace():
                    state = 1 if char == '"' else 0
            elif char == '"':  # after the colon
                state = _IN_STRING
                break
            elif not char.isspace():
                state = 0
        self._state = state
        return i

    def _read_string(self, piece: str, start: int) -> None:
        chunk = self._pending + piece[start:] if self._pending else piece[start:]
        self._pending = ""
        i, end = 0, len(chunk)
        while i < end:
            match = _SPECIAL_RE.search(chunk, i)
            if match is None:
                self._add(chunk[i:])
                return
            pos = match.start()
            if pos > i:
                self._add(chunk[i:pos])
            if chunk[pos] == '"':
                self._state = _CLOSED
                return
            size = _escape_size(chunk, pos)
            if size == 0:  # incomplete: wait for more text
                self._pending = chunk[pos:]
                return
            esc = chunk[pos : pos + size]
            try:
                self._add(json.loads(f'"{esc}"'))
            except json.JSONDecodeError:
                self._add(esc)
            i = pos + size

    def _add(self, text: str) -> None:
        if self.max_chars is not None:
            room = self.max_chars - self._size
            if room <= 0:
                return
            text = text[:room]
        self._new.append(text)
        self._size += len(text)


def _escape_size(text: str, pos: int) -> int:
    """The length of the escape at ``text[pos]`` (a backslash), or 0 when it is incomplete.
    A high surrogate followed by a low one counts as one escape of twelve characters."""
    if pos + 1 >= len(text):
        return 0
    if text[pos + 1] != "u":
        return 2
    if pos + 6 > len(text):
        return 0
    if not _is_surrogate(text[pos + 2 : pos + 6], 0xD800):
        return 6
    rest = text[pos + 6 : pos + 12]
    if len(rest) < 6 and "\\u".startswith(rest[:2]):
        return 0  # a low surrogate may follow
    return 12 if rest[:2] == "\\u" and _is_surrogate(rest[2:], 0xDC00) else 6


def _is_surrogate(hex4: str, base: int) -> bool:
    try:
        return base <= int(hex4, 16) < base + 0x400
    except ValueError:
        return False


def summary_state(prefix: str) -> tuple[str, bool]:
    """(the summary so far, whether its closing quote has arrived) of an answer's start.
    To follow a growing answer, feed its pieces to one ``SummaryStream`` instead."""
    return SummaryStream(max_chars=None).feed(prefix)

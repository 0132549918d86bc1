"""Text from files, servers and models on its way out (to a terminal, a file, a viewer)
made inert: no control character a terminal acts on (escape sequences, carriage returns,
bells: the C0 and C1 controls other than newline and tab) and no bidirectional control
that reorders what is shown (a right-to-left override makes ``txt.exe`` read ``exe.txt``).

A leaf module: the thread layer, the digest renderers, the commands and the GUI use it.
"""

from __future__ import annotations

import re
from functools import cache

#: bidirectional formatting controls: the embeddings and overrides (U+202A–U+202E), the
#: isolates (U+2066–U+2069) and the marks (LRM, RLM, the Arabic letter mark)
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
#: what a control character is shown as (stderr shows the same)
SHOWN_AS = "?"

_NO_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS))


def _controls() -> list[int]:
    """C0, DEL and C1: the code points of Unicode category Cc."""
    return [*range(0x20), 0x7F, *range(0x80, 0xA0)]


@cache
def _shown_table() -> dict[int, str | None]:
    table: dict[int, str | None] = dict.fromkeys(_controls(), SHOWN_AS)
    del table[ord("\n")], table[ord("\t")]
    return table | _NO_BIDI


@cache
def _line_table() -> dict[int, str | None]:
    return _shown_table() | {ord("\n"): " ", ord("\r"): " "}


#: raw characters a JSON text may hold inside a string that a terminal or a viewer acts on
_JSON_LIVE_RE = re.compile("[\x7f-\x9f\u2028\u2029" + BIDI_CONTROLS + "]")


def one_line(text: str) -> str:
    """Text for one line of a terminal or a text file: a newline or carriage return is a
    space, every other control character but tab shown as "?" (as on stderr),
    bidirectional controls dropped."""
    return text.translate(_line_table())


def json_escaped(document: str) -> str:
    """A JSON text (``json.dumps(..., ensure_ascii=False)``: C0 controls are escaped
    already) with DEL, the C1 controls, bidirectional controls and the line and paragraph
    separators escaped too: the same data for a JSON reader, nothing live for a terminal."""
    return _JSON_LIVE_RE.sub(lambda char: f"\\u{ord(char.group()):04x}", document)


def json_inert(document: str) -> str:
    """An exported JSON text (``json.dumps(..., ensure_ascii=False)``): its texts without
    bidirectional controls, and :func:`json_escaped`."""
    return json_escaped(document.translate(_NO_BIDI))


def clean_value(text: str) -> str:
    """A value of an exported document (model or thread text): controls other than
    newline and tab, and bidirectional controls, dropped."""
    return text.replace("\r\n", "\n").translate(_drop_table())


@cache
def _drop_table() -> dict[int, str | None]:
    return dict.fromkeys(_shown_table())

"""Byte-level view of raw PttBBS article files."""

from __future__ import annotations

import re

from .decode import decode_bytes, strip_ansi
from .ptt_lines import find_signature, parse_push_line

_EOL_RE = re.compile(rb"\r\n|\n|\r")
_EOL_STR_RE = re.compile(r"\r\n|\n|\r")


def split_lines(text: str) -> list[str]:
    """Split on CRLF, LF or CR only (``str.splitlines`` also splits on form feeds and
    other separators that can occur inside PTT art). No copy of the whole text is made."""
    if "\r" not in text:
        return text.split("\n")
    return _EOL_STR_RE.split(text)


def split_raw_article(data: bytes) -> tuple[bytes, bytes, bytes]:
    """Split a raw article file into (content, site signature, comment area), byte for
    byte, as the official backend does: the signature starts at the newline before the
    ``--`` line and ends after the last site line (``※ 發信站``, ``※ 文章網址``,
    ``◆ From``). With no signature, the comment area starts at the first push line."""
    starts = [0]
    starts.extend(match.end() for match in _EOL_RE.finditer(data))
    spans = [(starts[i], starts[i + 1] if i + 1 < len(starts) else len(data)) for i in range(len(starts))]
    lines = split_lines(decode_bytes(strip_ansi(data)).text)
    if len(lines) != len(spans):  # cannot happen: ANSI has no line breaks
        raise ValueError("line structure changed while decoding")
    sig = find_signature(lines)
    if sig is None:
        first = next((i for i, line in enumerate(lines) if parse_push_line(line)), len(lines))
        cut = spans[first][0] if first < len(spans) else len(data)
        return data[:cut], b"", data[cut:]
    first, end = sig
    sig_start = spans[first][0]
    if first > 0:  # the line break before "--" belongs to the signature
        prev_start, prev_end = spans[first - 1]
        match = _EOL_RE.search(data, prev_start, prev_end)
        if match:
            sig_start = match.start()
    sig_end = spans[end - 1][1]
    return data[:sig_start], data[sig_start:sig_end], data[sig_end:]

"""Reading thread files: size limits, ANSI stripping, and text decoding (Big5-UAO!)."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from functools import lru_cache

from ..messages import msg
from .errors import ThreadFileError
from .heap import THRESHOLD, keep_big_blocks_apart

#: Files larger than this are refused before they are read. The largest real PTT
#: threads (tens of thousands of pushes, as HTML) stay well below it.
MAX_FILE_BYTES = 64 * 1024 * 1024

# SGR and other CSI sequences, PTT's "\x1b*s"-style control codes, stray ESC, backspaces.
_ANSI_RE = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b\*[A-Za-z]|\x1b|\x08")
_ANSI_CHUNK = 1 << 18
_BIG5_TOKEN_RE = re.compile(rb"[\x00-\x7f]+|[\x81-\xfe][\x40-\x7e\xa1-\xfe]|[\x80-\xff]")


_ASCII = bytes(range(128))
#: a file is UTF-8 with a few bad bytes when at most one in this many of its non-ASCII
#: characters cannot be decoded (Big5 read as UTF-8 fails on most of them)
_UTF8_BAD_RATIO = 20


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    replaced: int  # characters that could not be decoded (shown as U+FFFD)
    first_bad_line: int | None = None  # the line of the first of them (from 1)


def read_limited(path: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a whole file, with a clear error for every way that can go wrong."""
    if check_file(path, limit) >= THRESHOLD:  # a smaller one's blocks never reach malloc's mmap
        keep_big_blocks_apart()  # the file's bytes, text and lines go back to the system
    try:
        with open(path, "rb") as thread_file:
            data = thread_file.read(limit + 1)
    except PermissionError:
        raise ThreadFileError(msg("permission denied"), path=path) from None
    except OSError as e:
        raise ThreadFileError(msg("cannot be read ({error})", error=str(e.strerror)), path=path) from None
    if len(data) > limit:  # grew while we looked, or a special file
        raise ThreadFileError(msg("is larger than {limit} MB", limit=limit // 1048576), path=path)
    return data


def check_file(path: str, limit: int = MAX_FILE_BYTES) -> int:
    """A regular file of at most ``limit`` bytes that exists (a FIFO or a device would
    block or never end a read), else a clear error; its size."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ThreadFileError(msg("the file does not exist"), path=path) from None
    except PermissionError:
        raise ThreadFileError(msg("permission denied"), path=path) from None
    except OSError as e:
        raise ThreadFileError(msg("cannot be read ({error})", error=str(e.strerror)), path=path) from None
    if os.path.isdir(path):
        raise ThreadFileError(msg("is a folder, not a thread file"), path=path)
    if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
        raise ThreadFileError(
            msg("is not a regular file (a pipe, socket or device); save the thread to a file first"),
            path=path,
        )
    if info.st_size > limit:
        raise ThreadFileError(
            msg(
                "is {size} MB; thread files larger than {limit} MB are refused",
                size=f"{info.st_size / 1048576:.0f}",
                limit=limit // 1048576,
            ),
            path=path,
        )
    return info.st_size


def strip_ansi(data: bytes) -> bytes:
    """Remove ANSI escapes *before* decoding: PTT can colour the two bytes of one
    Big5 character differently, putting an escape between them."""
    if b"\x1b" not in data and b"\x08" not in data:
        return data
    # In pieces: one ``sub`` over a whole file keeps every stretch between two escapes
    # as its own bytes object until the end (ten times the file's size). A piece ends
    # before an ESC, which can only begin an escape, so no escape is cut in two.
    out: list[bytes] = []
    pos, size = 0, len(data)
    while pos < size:
        end = data.find(b"\x1b", pos + _ANSI_CHUNK)
        if end < 0:
            end = size
        out.append(_ANSI_RE.sub(b"", data[pos:end]))
        pos = end
    return b"".join(out)


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return controls > max(8, len(head) // 50)


def decode_bytes(data: bytes) -> Decoded:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Big5-UAO.

    A file that is UTF-8 but for a few bad bytes, wherever they are, is UTF-8 (the bad
    bytes shown as U+FFFD): Big5 text read as UTF-8 fails on most of its characters.
    Otherwise the decoding with fewer characters that fail wins (Big5 on a tie only
    when it has none)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _utf8(data[3:], "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        first = text.find("\ufffd")
        line = 1 + text.count("\n", 0, first) if first >= 0 else None
        return Decoded(text, "utf-16", text.count("\ufffd"), line)
    as_utf8 = _utf8(data, "utf-8")
    if as_utf8.replaced == 0:
        return as_utf8
    ascii_chars = len(data) - len(data.translate(None, _ASCII))
    other_chars = len(as_utf8.text) - ascii_chars - as_utf8.replaced  # decoded and not ASCII
    if as_utf8.replaced * _UTF8_BAD_RATIO <= other_chars:
        return as_utf8
    bad_utf8 = as_utf8.replaced
    del as_utf8
    text, bad, first_bad = _big5_uao(data)
    if bad and bad >= bad_utf8:
        del text
        return _utf8(data, "utf-8")
    return Decoded(text, "big5-uao", bad, _line_at(data, first_bad) if bad else None)


def _utf8(data: bytes, name: str) -> Decoded:
    """``data`` as UTF-8, undecodable bytes replaced, with their count and first line."""
    try:
        return Decoded(data.decode("utf-8"), name, 0)
    except UnicodeDecodeError as e:
        first = e.start
    text = data.decode("utf-8", errors="replace")
    literal = data.count("\ufffd".encode())  # U+FFFD written in the file is not a failure
    return Decoded(text, name, text.count("\ufffd") - literal, _line_at(data, first))


def _line_at(data: bytes, offset: int) -> int:
    """The line (from 1) that byte ``offset`` is on, lines ending with LF, CRLF or CR."""
    return 1 + (data.count(b"\n", 0, offset) or data.count(b"\r", 0, offset))


@lru_cache(maxsize=1)
def _uao_table() -> dict[bytes, str]:
    from uao.b2u import b2u_table

    table: dict[int, str] = b2u_table
    return {code.to_bytes(2, "big"): char for code, char in table.items() if code > 0xFF}


#: Big5 is decoded in pieces of about this many bytes, so that the list of decoded
#: tokens (one entry per character pair) stays small whatever the file's size.
_BIG5_CHUNK = 1 << 18


def decode_big5_uao(data: bytes) -> tuple[str, int]:
    """Decode Big5 with the Unicode-at-on extension used by PTT; unknown pairs
    become U+FFFD. Returns the text and the number of replaced characters."""
    text, bad, _ = _big5_uao(data)
    return text, bad


def _big5_uao(data: bytes) -> tuple[str, int, int]:
    """:func:`decode_big5_uao`, and the offset of the first byte that failed (-1: none)."""
    table = _uao_table()
    pieces: list[str] = []
    bad = 0
    first_bad = -1
    pos, size = 0, len(data)
    while pos < size:
        end = min(size, pos + _BIG5_CHUNK)
        out: list[str] = []
        for match in _BIG5_TOKEN_RE.finditer(data, pos, end):
            tok = match.group()
            if tok[0] < 0x80:
                out.append(tok.decode("ascii"))  # a run cut at the chunk's end is still right
                continue
            if len(tok) == 1 and match.end() == end < size:
                end = match.start()  # a lead byte whose trail is in the next chunk
                break
            char = table.get(tok)
            if char is None:
                if not bad:
                    first_bad = match.start()
                bad += 1
                out.append("\ufffd")
            else:
                out.append(char)
        pieces.append("".join(out))
        pos = end
    return "".join(pieces), bad, first_bad

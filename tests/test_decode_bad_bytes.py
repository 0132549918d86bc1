"""A UTF-8 file with a few bad bytes opens as UTF-8, wherever the bytes are, with a note
that says how many characters could not be decoded and the line of the first; Big5
files, clean or with a few bad pairs of their own, are still read as Big5-UAO."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadgist.thread import load_bytes
from threadgist.thread.decode import decode_bytes

from .conftest import SAMPLE

TEXT = SAMPLE.read_text(encoding="utf-8")
UTF8 = TEXT.encode("utf-8")
BIG5 = TEXT.encode("cp950")


def broken(data: bytes, *fractions: float, bad: bytes = b"\xff") -> bytes:
    """``data`` with ``bad`` put in at each fraction of its length (at a line's start, so
    that no character is cut)."""
    out = data
    for fraction in sorted(fractions, reverse=True):
        at = out.index(b"\n", int(len(out) * fraction)) + 1
        out = out[:at] + bad + out[at:]
    return out


def line_of(data: bytes, fraction: float) -> int:
    """The line that ``broken`` puts a bad byte on, at ``fraction`` of ``data``."""
    return data[: data.index(b"\n", int(len(data) * fraction)) + 1].count(b"\n") + 1


@pytest.mark.parametrize("where", [0.0, 0.1, 0.3, 0.5, 0.6, 0.9])
def test_one_bad_byte_anywhere(where: float) -> None:
    """One bad byte in the first half used to reject the whole file ("1385 characters
    could not be decoded … unknown encoding")."""
    data = broken(UTF8, where)
    decoded = decode_bytes(data)
    assert (decoded.encoding, decoded.replaced, decoded.first_bad_line) == ("utf-8", 1, line_of(UTF8, where))
    assert (
        decoded.text
        == TEXT[: len(decoded.text.split("\ufffd")[0])]
        + "\ufffd"
        + TEXT[len(decoded.text.split("\ufffd")[0]) :]
    )
    result = load_bytes(data, name="t.txt")
    thread = result.threads[0]
    assert result.encoding == "utf-8" and thread.title == load_bytes(UTF8).threads[0].title
    assert [str(w) for w in thread.warnings if "decoded" in str(w)] == [
        f"1 character(s) could not be decoded and are shown as � (the first on line {line_of(UTF8, where)})"
    ]


@pytest.mark.parametrize("bad", [b"\xff", b"\xc3", b"\xe4\xb8", b"\xa4\xa4", b"\x80\x80\x80"])
def test_a_few_bad_bytes_of_any_kind(bad: bytes) -> None:
    data = broken(UTF8, 0.05, 0.4, 0.7, bad=bad)
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8" and 3 <= decoded.replaced <= 3 * len(bad)
    assert decoded.first_bad_line == line_of(UTF8, 0.05)
    assert load_bytes(data).threads[0].comments == load_bytes(UTF8).threads[0].comments


def test_a_replacement_character_written_in_the_file_is_no_failure() -> None:
    data = broken(UTF8, 0.5, bad="\ufffd".encode())
    assert decode_bytes(data).replaced == 0
    line = line_of(data, 0.8)
    data = broken(data, 0.8)
    assert (decode_bytes(data).replaced, decode_bytes(data).first_bad_line) == (1, line)


def test_big5_stays_big5() -> None:
    decoded = decode_bytes(BIG5)
    assert (decoded.encoding, decoded.text, decoded.replaced) == ("big5-uao", TEXT, 0)
    assert decoded.first_bad_line is None


@pytest.mark.parametrize("where", [0.0, 0.5, 0.9])
def test_big5_with_a_bad_pair_stays_big5(where: float) -> None:
    data = broken(BIG5, where, bad=b"\xff\xfe")
    decoded = decode_bytes(data)
    assert decoded.encoding == "big5-uao" and 1 <= decoded.replaced <= 2
    assert decoded.first_bad_line == line_of(BIG5, where)


def test_real_big5_files_stay_big5(corpus: Path) -> None:
    for path in sorted((corpus / "ptt" / "bbs").glob("*.big5.txt")):
        raw = path.read_bytes()
        assert decode_bytes(raw).encoding == "big5-uao", path.name
        assert decode_bytes(broken(raw, 0.3)).encoding == "big5-uao", path.name


def test_mostly_ascii_with_a_stray_byte_is_utf8() -> None:
    data = b'{"title": "hello", "body": "a \xff b"}'
    assert (decode_bytes(data).encoding, decode_bytes(data).replaced) == ("utf-8", 1)


def test_unknown_encodings_are_still_refused() -> None:
    from threadgist.thread import ThreadFileError

    with pytest.raises(ThreadFileError, match="unknown encoding"):
        load_bytes(b"\x80\xff " * 300)

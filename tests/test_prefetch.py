"""The start-up parse: the same result, or the same error, as load_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadgist.prefetch import prefetch
from threadgist.thread import ThreadFileError, load_path

from .conftest import SAMPLE


def test_prefetch_gives_what_load_path_gives() -> None:
    assert prefetch(str(SAMPLE)).result(timeout=30) == load_path(str(SAMPLE))


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary\x00" * 20, b"{not json"])
def test_a_bad_file_raises_the_loaders_error(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(ThreadFileError) as want:
        load_path(str(bad))
    with pytest.raises(ThreadFileError) as got:
        prefetch(str(bad)).result(timeout=30)
    assert str(got.value) == str(want.value) and "bad.txt" in str(got.value)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ThreadFileError) as e:
        prefetch(str(tmp_path / "nope.txt")).result(timeout=30)
    assert "nope.txt" in str(e.value)

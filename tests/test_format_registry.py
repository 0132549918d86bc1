"""The loader's formats are one registry entry each (thread/formats.py): adding an entry is
all it takes for a file of that format to load."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import pytest

from threadgist.thread import FORMATS, Thread, ThreadFileError, formats, load_bytes, sniff
from threadgist.thread.formats import REGISTRY, Head, JsonFormat, TextFormat


def _thread(title: str, fmt: str) -> Thread:
    return Thread(title=title, board=None, body="body", site="test", format=fmt, encoding="utf-8")


def test_every_format_is_one_registry_entry() -> None:
    names = [f.name for f in REGISTRY]
    assert len(names) == len(set(names))
    assert tuple(names) == FORMATS
    assert isinstance(REGISTRY[-1], TextFormat) and REGISTRY[-1].sniff(Head("", False, "utf-8"))


def test_a_json_format_added_by_its_entry_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    def is_ours(doc: Any) -> bool:
        return isinstance(doc, Mapping) and doc.get("kind") == "ours"

    def parse(doc: Any, encoding: str) -> list[Thread]:
        return [_thread(doc["title"], "ours-json")]

    entry = JsonFormat("ours-json", "Our JSON", is_ours, parse)
    monkeypatch.setattr(formats, "REGISTRY", (entry, *REGISTRY))
    result = load_bytes(b'{"kind": "ours", "title": "hello"}')
    assert result.format == "ours-json" and result.threads[0].title == "hello"
    with pytest.raises(ThreadFileError, match="Our JSON"):  # the messages name it by `shown`
        load_bytes(b'{"kind": "ours", "title": 5}')


def test_a_text_format_added_by_its_entry_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    def is_ours(head: Head) -> bool:
        return head.text.startswith("OURS\n")

    def parse(box: list[str], encoding: str, reference: datetime | None) -> list[Thread]:
        return [_thread(box.pop().splitlines()[1], "ours-text")]

    entry = TextFormat("ours-text", is_ours, parse)
    monkeypatch.setattr(formats, "REGISTRY", (entry, *REGISTRY))
    assert sniff("OURS\ntitle\n") == "ours-text"
    result = load_bytes("OURS\n標題\n".encode())
    assert result.format == "ours-text" and result.threads[0].title == "標題"
    assert load_bytes("作者: someone (x)\n標題: t\n\n本文\n".encode()).format == "ptt-bbs"


@pytest.mark.parametrize(
    ("text", "had_ansi", "encoding", "expected"),
    [
        ('  {"a": 1}', False, "utf-8", "json"),
        ("<!DOCTYPE html><html>", False, "utf-8", "ptt-html"),
        ("作者: x\n", True, "utf-8", "ptt-bbs"),
        ("作者  x  看板  y\n", False, "utf-8", "ptt-bbs"),
        ("發信人: x\n", False, "utf-8", "ptt-bbs"),
        ("作者\nx\n", False, "utf-8", "ptt-copied-text"),
        ("作者\nx\n", False, "big5-uao", "ptt-bbs"),  # Big5 never comes from a browser copy
        ("no header at all\n", False, "utf-8", "ptt-copied-text"),
    ],
)
def test_sniff_tries_the_entries_in_order(text: str, had_ansi: bool, encoding: str, expected: str) -> None:
    assert sniff(text, had_ansi, encoding) == expected

"""The batch's index rows are typed (IndexRow, BatchStatus) and the files on disk keep their
bytes: tests/data/batch-index/ was written by the code before the rows were typed (a dict
per row), from the same rows as :func:`rows` builds here."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from threadgist.digest.meta import DigestMeta
from threadgist.digest.model import (
    Digest,
    Digression,
    GroupStats,
    Quote,
    Reliability,
    Usage,
    Verification,
    Viewpoint,
)
from threadgist.llm.profiles import EndpointProfile
from threadgist.services.batch_index import IndexWriter, load_index, read_index, write_index
from threadgist.services.batch_items import Item, Source, Unreadable
from threadgist.services.batch_rows import CSV_COLUMNS, BatchStatus, IndexRow, index_row
from threadgist.thread.loader import load_path

from .conftest import SAMPLE

GOLDEN = Path(__file__).parent / "data" / "batch-index"


def digest(level: str) -> Digest:
    viewpoints = [
        Viewpoint('遠端, "好"', "s", [1], [Quote(1, "q")], GroupStats(5, 3, 2, 1, 2, 0.123456)),
        Viewpoint("B", "s", [2], [], None),
        Viewpoint("C", "s", [3], [], GroupStats(9, 4, 0, 0, 9, 0.3)),
        Viewpoint("D", "s", [4], [], GroupStats(1, 1, 1, 0, 0, 0.01)),
    ]
    digressions = [Digression("閒聊", "d", [5], GroupStats(2, 2, 0, 0, 2, 0.05))]
    shares = {"on_topic": 0.8765432, "off_topic": 0.1, "unassigned": 0.0234568}
    return Digest(
        "sum",
        viewpoints,
        digressions,
        {"comments": 10},
        shares,
        Verification(),
        Usage(prompt_tokens=1234, completion_tokens=56, calls=3),
        DigestMeta(endpoint="fake", model="m-1"),
        reliability=Reliability(level),
    )


def rows() -> list[IndexRow]:
    """Every shape a row takes: ok and cached with a digest (one with no address, no time
    and an int share, as a digest read back from JSON has), failed with a reason that CSV
    must quote, an input that could not be read, and a row the app exports as waiting."""
    thread = load_path(str(SAMPLE)).threads[0]
    bare = dataclasses.replace(thread, url=None, posted_at=None)
    profile = EndpointProfile(name="fake", preset="custom", base_url="http://127.0.0.1:9/v1", model="m-1")
    src = Source("inputs/board.json", "/nowhere/board.json")
    unread = Unreadable(4, Source("gone.json", "gone.json"), "gone.json: No such file or directory")
    int_share = dataclasses.replace(digest("low"), shares={"on_topic": 1})
    return [
        index_row(
            Item(3, src, 3, thread, "board_c"),
            None,
            BatchStatus.FAILED,
            'server said "no", twice\nand again',
            profile,
        ),
        index_row(Item(1, src, 1, thread, "board_a"), digest("ok"), BatchStatus.OK, "", profile),
        index_row(unread, None, BatchStatus.FAILED, unread.reason, None),
        index_row(Item(2, src, 2, bare, "board_b"), int_share, BatchStatus.CACHED, "", profile),
        index_row(Item(5, src, 4, bare, "board_w"), None, BatchStatus.WAITING, "", profile),
    ]


def test_the_index_files_keep_their_bytes(tmp_path: Path) -> None:
    built = rows()
    writer = IndexWriter(tmp_path)
    for row in built:
        writer.add(row)
    writer.finish()
    write_index(tmp_path / "export.jsonl", built)
    write_index(tmp_path / "export.csv", built)
    for name in ("index.jsonl", "index.csv", "export.jsonl", "export.csv"):
        assert (tmp_path / name).read_bytes() == (GOLDEN / name).read_bytes(), name
    assert not list(tmp_path.glob("*.part"))


def test_a_row_is_typed_and_its_json_is_the_file(tmp_path: Path) -> None:
    failed, ok, unread, cached, waiting = rows()
    assert ok.thread is not None and ok.digest is not None and ok.status is BatchStatus.OK
    assert [g.title for g in ok.digest.viewpoints] == ["C", '遠端, "好"', "D"]  # the largest 3
    assert ok.digest.share("on_topic") == 0.8765432 and ok.digest.share("nothing") is None
    assert failed.digest is None and failed.to_json()["json"] is None
    assert unread.thread is None and unread.to_json() == {
        "seq": 4,
        "status": "failed",
        "reason": "gone.json: No such file or directory",
        "input": "gone.json",
        "article": None,
    }
    assert (
        cached.thread is not None
        and cached.thread.time is None
        and cached.thread.source == "inputs/board.json#2"
    )
    assert waiting.to_json()["status"] == "waiting"
    assert len(ok.csv_cells()) == len(CSV_COLUMNS)
    write_index(tmp_path / "i.jsonl", [ok, unread])
    assert read_index_rows(tmp_path / "i.jsonl") == [ok.to_json(), unread.to_json()]


def read_index_rows(path: Path) -> list[dict[str, object]]:
    folder = path.parent / "read"
    folder.mkdir()
    (folder / "index.jsonl").write_bytes(path.read_bytes())
    return read_index(folder)


@pytest.mark.parametrize("status", list(BatchStatus))
def test_a_status_is_its_index_word(status: BatchStatus) -> None:
    assert BatchStatus(str(status)) is status
    assert status.value in ("waiting", "running", "cached", "ok", "failed")


def test_an_index_written_before_loads_as_typed_rows(tmp_path: Path) -> None:
    """The golden index (written before the rows were typed) reads back as the rows that
    made it, status and all, and each row's JSON is its line as it was."""
    loaded = load_index(GOLDEN)
    assert loaded == sorted(rows(), key=lambda row: row.seq)
    assert [row.status for row in loaded] == [
        BatchStatus.OK,
        BatchStatus.CACHED,
        BatchStatus.FAILED,
        BatchStatus.FAILED,
        BatchStatus.WAITING,
    ]
    lines = (GOLDEN / "index.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    assert [row.json_line() for row in loaded] == lines
    assert [row.csv_cells() for row in loaded] == [
        row.csv_cells() for row in sorted(rows(), key=lambda r: r.seq)
    ]


@pytest.mark.parametrize(
    "broken", ['{"seq": 1}', '{"seq": 1, "status": "lost", "reason": "", "input": "x", "article": null}']
)
def test_a_row_that_is_not_an_index_row_is_refused(broken: str) -> None:
    with pytest.raises((KeyError, ValueError)):
        IndexRow.from_json(json.loads(broken))

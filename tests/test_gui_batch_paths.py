"""The app's *Summarize all articles* and ``threadgist batch`` take one services path
(issue 24): both run :class:`~threadgist.services.batch.BatchRun`, which opens and closes
the endpoint's client, and for the same file they make the same index — the command line
after the app finds every digest the app's batch made, with no request."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog

from threadgist.services.batch import BatchRun, Totals
from threadgist.services.batch_index import load_index, read_index
from threadgist.services.batch_items import Item, Unreadable
from threadgist.services.batch_rows import BatchStatus

from .clihelpers import run
from .fakeserver import FakeServer
from .guihelpers import add_fake_endpoint
from .test_gui_batch import ARTICLES, open_board, summarize_all, wait_done


def test_the_app_and_the_command_line_make_one_index(
    qtbot: Any,
    window: Any,
    fake: FakeServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runs: list[tuple[Path | None, tuple[str, ...], bool]] = []
    real_run = BatchRun.run

    async def watched(self: BatchRun, items: Iterator[Item | Unreadable]) -> Totals:
        try:
            return await real_run(self, items)
        finally:  # the client was made by the run, and closed by it
            runs.append((self.out, tuple(p.name for p in self.endpoints.profiles), self.report is not None))

    monkeypatch.setattr(BatchRun, "run", watched)
    add_fake_endpoint(window, fake)
    board = open_board(qtbot, window, tmp_path)
    table = summarize_all(window)
    wait_done(qtbot, table)
    app_out = tmp_path / "app"
    app_out.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(app_out / "index.jsonl"), ""))
    )
    table.export_button.click()
    qtbot.waitUntil(lambda: (app_out / "index.jsonl").is_file(), timeout=10_000)
    asked = len(fake.chat_requests)
    assert asked == ARTICLES

    cli_out = tmp_path / "cli"
    code, out, err = run(capsys, "batch", str(board), "--out", str(cli_out), "--yes", "--endpoint", "fake")
    assert code == 0, err
    assert f"{ARTICLES} threads: 0 summarized, {ARTICLES} cached, 0 failed" in out
    assert len(fake.chat_requests) == asked  # the same cache keys: the same runs

    assert runs == [(None, ("fake",), True), (cli_out, ("fake",), True)]
    app_rows, cli_rows = read_index(app_out), read_index(cli_out)
    assert [row.pop("status") for row in app_rows] == ["ok"] * ARTICLES
    assert [row.pop("status") for row in cli_rows] == ["cached"] * ARTICLES
    assert app_rows == cli_rows
    assert all(row.status is BatchStatus.CACHED and row.digest is not None for row in load_index(cli_out))

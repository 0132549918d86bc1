"""Progress that tells the truth (issue 25, item 5): a call's row ends when its call
ends (cancelled too), and the status line's tokens are the rows' while the model answers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from threadgist.digest.pipeline import Progress

from .fakeserver import Behavior, FakeServer
from .guihelpers import add_fake_endpoint, open_file


def _rows(window: Any) -> list[str]:
    calls = window.run_panel.calls
    return [calls.item(i).text() for i in range(calls.count())]


def test_a_cancelled_call_stops_saying_answering(qtbot: Any, window: Any) -> None:
    with FakeServer(chunk_chars=4) as slow:
        slow.script.append(Behavior(gap=0.05))  # a long, slow stream
        add_fake_endpoint(window, slow)
        open_file(qtbot, window)
        seen: list[Progress] = []
        window.controller.progress.connect(seen.append)
        with qtbot.waitSignal(window.controller.started):
            qtbot.mouseClick(window.run_panel.go, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any(" · answering · " in row for row in _rows(window)), timeout=10_000)
        with qtbot.waitSignal(window.controller.cancelled, timeout=2000):
            qtbot.mouseClick(window.run_panel.stop, Qt.MouseButton.LeftButton)
        qtbot.wait(300)  # any late progress has arrived
        rows = _rows(window)
        assert rows and not any("answering" in row or "reading" in row for row in rows), rows
        assert rows[0].split(" · ")[1] == "stopped"


def test_status_tokens_match_the_rows_while_answering(qtbot: Any, window: Any) -> None:
    """While the model answers, the status line's tokens are the rows' (the run's usage
    counts a call only once it has ended: it said "0 prompt + 0 answer tokens")."""
    with FakeServer(chunk_chars=4) as slow:
        slow.script.append(Behavior(gap=0.02))
        add_fake_endpoint(window, slow)
        open_file(qtbot, window)
        panel = window.run_panel
        seen: list[tuple[str, int, int]] = []

        def keep(progress: Progress) -> None:
            live = [c for c in progress.calls if c.phase == "answering" and c.answer_tokens > 0]
            if live and not progress.prompt_size:
                prompt = sum(c.prompt_tokens for c in progress.calls)
                answer = sum(c.answer_tokens for c in progress.calls)
                seen.append((panel.stage.text(), prompt, answer))

        window.controller.progress.connect(keep)  # after the panel's own slot
        with qtbot.waitSignal(window.controller.started):
            qtbot.mouseClick(window.run_panel.go, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(seen) >= 3, timeout=15_000)
        with qtbot.waitSignal(window.controller.cancelled, timeout=2000):
            window.controller.cancel()
    for line, prompt, answer in seen:
        assert prompt > 0 and answer > 0
        assert f"{prompt:,} prompt + {answer:,} answer tokens" in line, line

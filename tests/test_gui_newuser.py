"""What a new user met and should not have: a huge run without a question, a run lost by
opening another file, an endpoint made default by saving it, stale highlights, a flash of
"not summarized" before a cached digest, a panel that widens while it runs."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from threadgist.digest.calls import CallPhase, CallState, CallStep
from threadgist.digest.pipeline import Progress
from threadgist.gui.confirm_run import ConfirmRun
from threadgist.gui.endpoint_dialog import EndpointDialog
from threadgist.messages import msg

from .conftest import SAMPLE
from .fakeserver import Behavior, FakeServer
from .guihelpers import add_fake_endpoint, open_file, summarize


def test_a_big_run_shows_its_plan_and_offers_the_newest_comments(
    qtbot: Any, window: Any, fake: FakeServer, tmp_path: Path
) -> None:
    import dataclasses as dc

    add_fake_endpoint(window, fake)
    # Preferences: ask above 2 calls (the sample needs more than that at 2k tokens)
    window.apply_settings(dc.replace(window.controller.settings, ask_calls=2))
    assert window.controller.settings.ask_calls == 2
    p = window.controller.profile()
    window.controller.profile_store.add(dataclasses.replace(p, context_window=2048))
    window.controller.reload_profiles()
    open_file(qtbot, window)
    assert window.controller.last_estimate.calls > 2
    window.act_summarize.trigger()
    dlg = window.dialog
    assert isinstance(dlg, ConfirmRun) and dlg.isVisible() and not window.controller.running
    assert f"{window.controller.last_estimate.calls:,} calls" in dlg.plan.text()
    dlg.newest.setValue(20)
    with qtbot.waitSignal(window.controller.finished, timeout=30_000) as done:
        qtbot.mouseClick(dlg.part_button, Qt.MouseButton.LeftButton)
    d = done.args[0]
    assert d.totals["comments"] == 20
    floors = [c.floor for c in window.controller.current.comments[-20:]]
    assert all(f in floors for v in d.viewpoints for f in v.floors)
    assert any("only the newest 20 of 70 comments" in w for w in map(str, d.warnings))


def test_small_runs_and_never_ask_start_at_once(qtbot: Any, window: Any, fake: FakeServer) -> None:
    add_fake_endpoint(window, fake)
    open_file(qtbot, window)
    window.controller.settings.ask_calls = 0  # Preferences: never ask
    summarize(qtbot, window)
    assert not isinstance(window.dialog, ConfirmRun)


def test_opening_another_file_during_a_run_asks_first(
    qtbot: Any, window: Any, fake: FakeServer, tmp_path: Path
) -> None:
    other = tmp_path / "other.txt"
    other.write_bytes(SAMPLE.read_bytes())
    add_fake_endpoint(window, fake)
    open_file(qtbot, window)
    fake.script.append(Behavior(delay=3.0))
    window.act_summarize.trigger()
    qtbot.waitUntil(lambda: window.controller.running)
    window.open_path(str(other))
    box = window.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert window.controller.running  # nothing stopped yet
    keep = next(b for b in box.buttons() if b.text() == "Keep running")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert window.controller.running
    window.open_path(str(other))
    stop = next(b for b in window.dialog.buttons() if b.text() == "Stop and open")
    with qtbot.waitSignal(window.controller.thread_changed, timeout=10_000):
        qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    assert not window.controller.running


def test_saving_an_endpoint_does_not_make_it_the_default(qtbot: Any, window: Any, fake: FakeServer) -> None:
    open_file(qtbot, window)
    before = window.controller.profile().name
    window.manage_endpoints()
    dlg = window.dialog
    assert isinstance(dlg, EndpointDialog)
    dlg.new_profile()
    dlg.name.setText("spare")
    dlg.preset.setCurrentIndex(dlg.preset.findData("custom"))
    dlg.base_url.setText(fake.base_url)
    dlg.model.setEditText("fake-model")
    assert not dlg.default.isChecked()
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert not dlg.default.isChecked()  # shown again after saving: still not the default
    dlg.reject()
    assert window.controller.profile().name == before
    assert window.endpoint_bar.endpoints.currentData() == before


def test_switching_endpoints_clears_highlights_and_never_flashes_not_summarized(
    qtbot: Any, window: Any, fake: FakeServer
) -> None:
    add_fake_endpoint(window, fake, "one")
    open_file(qtbot, window)
    d = summarize(qtbot, window)
    window.comments.highlight(d.viewpoints[0].floors)
    add_fake_endpoint(window, fake, "two", model="other-model")  # switches: no digest there
    assert window.digest_view.status.text() == "Looking for a saved digest…"
    qtbot.waitUntil(lambda: not window.digest_view.looking, timeout=5_000)
    assert window.comments.model.highlighted == set()
    assert "Not summarized" in window.digest_view.status.text()
    # back to the first: the cached digest, with no "not summarized" in between
    window.controller.set_endpoint("one")
    assert window.digest_view.status.text() == "Looking for a saved digest…"
    qtbot.waitUntil(lambda: window.digest_view.digest is not None, timeout=5_000)


def test_the_layout_holds_during_a_run(qtbot: Any, window: Any, fake: FakeServer) -> None:
    assert window.minimumWidth() >= 700 and window.minimumHeight() >= 480
    add_fake_endpoint(window, fake)
    open_file(qtbot, window)
    window.resize(1000, 700)
    qtbot.wait(50)
    sizes = window.splitter.sizes()
    window.run_panel.set_running(True)
    wide = msg("part {part} of {parts}: {span}", part=2, parts=3, span="floors 1–99999 " * 12)
    calls = tuple(
        CallState(n, CallStep.MAP, wide, 123456, 7890, CallPhase.ANSWERING, 3, 2, True, 12.0)
        for n in range(1, 9)
    )
    window.run_panel.show_progress(
        Progress(
            "map",
            1,
            3,
            12345,
            678,
            prompt_read=4096,
            prompt_size=9000,
            waited=12.0,
            note=msg("part {part} was too long for one answer: split in two", part=2),
            calls=calls,
        )
    )
    qtbot.wait(50)
    assert window.splitter.sizes() == sizes  # the divider did not move
    assert window.run_panel.stage.wordWrap()
    listed = window.run_panel.calls
    assert listed.isVisible() and listed.count() == 8 and listed.height() < 8 * 14
    assert listed.width() <= window.run_panel.width()
    window.run_panel.set_running(False)

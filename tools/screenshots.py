"""Screenshots of the real window for docs/ and the README: X11 (Xvfb when there is no
display) with the CJK fonts installed, the bundled sample thread, and a digest from the
scripted test server (tests/fakeserver.py), so that the pictures show the layout and do
not depend on a model. Run with `make screenshots`; `python tools/screenshots.py timeline`
shoots the drift timeline alone (also under QT_QPA_PLATFORM=offscreen, without X)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))


def ensure_display() -> subprocess.Popen[bytes] | None:
    if os.environ.get("DISPLAY"):
        return None
    if shutil.which("Xvfb") is None:
        sys.exit("screenshots need an X display or Xvfb (apt install xvfb)")
    os.environ["DISPLAY"] = ":97"
    xvfb = subprocess.Popen(["Xvfb", ":97", "-screen", "0", "1400x900x24", "-nolisten", "tcp"])
    time.sleep(1.0)
    return xvfb


def main() -> None:
    only = sys.argv[1:] == ["timeline"]
    offscreen = only and os.environ.get("QT_QPA_PLATFORM") == "offscreen"
    xvfb = None if offscreen else ensure_display()
    if not offscreen:
        os.environ["QT_QPA_PLATFORM"] = "xcb"
    home = Path(tempfile.mkdtemp(prefix="threadgist-shots-"))
    os.environ["THREADGIST_HOME"] = str(home)
    try:
        shoot_timeline_alone() if only else shoot()
    finally:
        shutil.rmtree(home, ignore_errors=True)
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()


def _app_and_pumps() -> tuple[Any, Any, Any]:
    """The app (in-memory keyring, the user's font) and two event pumps: ``wait(pred)``
    until a condition holds, ``settle(seconds)`` to let the window paint."""
    import keyring
    from tests.memkeyring import MemoryKeyring

    from threadgist.gui.app import make_app
    from threadgist.gui.fonts import apply_font
    from threadgist.store.settings import Settings

    keyring.set_keyring(MemoryKeyring())
    app = make_app(["threadgist"])
    apply_font(app, Settings())

    def wait(pred: Any, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while not pred():
            if time.monotonic() > end:
                raise TimeoutError
            app.processEvents()
            time.sleep(0.01)

    def settle(seconds: float = 0.4) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    return app, wait, settle


def shoot() -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QApplication
    from tests.fakeserver import Behavior, FakeServer

    from threadgist.bundled import sample_thread
    from threadgist.gui.app import close_down
    from threadgist.gui.main_window import MainWindow
    from threadgist.llm.profiles import EndpointProfile
    from threadgist.store.settings import Settings

    app, wait, settle = _app_and_pumps()

    OUT.mkdir(parents=True, exist_ok=True)
    with FakeServer() as srv:
        # a first start: nothing configured, the first-run choices above the digest (this
        # computer's speed really measured with the bundled model, a few seconds)
        w = MainWindow(Settings(ui_lang="en"))
        w.resize(1360, 860)
        w.show()
        wait(lambda: w.first_run is not None)
        w.open_path(str(sample_thread()))
        wait(lambda: w.run_panel.estimate is not None)
        wait(
            lambda: (
                w.first_run is not None
                and w.first_run.scanned
                and (w.controller.speed is not None or not w.controller._measuring)
            ),
            120,
        )
        if w.controller.speed is None:
            print("warning: this computer's speed could not be measured (see the log)")
        settle()
        grab(w, "first-run.png")
        w.apply_settings(Settings(ui_lang="zh_TW"))
        settle()
        grab(w, "first-run-zh_TW.png")
        w.apply_settings(Settings(ui_lang="en"))
        w.first_run.later.click()
        prof = EndpointProfile.from_preset(
            "test server", "custom", base_url=srv.base_url, model="scripted-model"
        )
        w.controller.profile_store.add(prof, make_default=True)
        w.controller.reload_profiles()
        w.controller.set_endpoint("test server")
        w.open_path(str(sample_thread()))
        wait(lambda: w.run_panel.estimate is not None)
        done: list[Any] = []
        w.controller.finished.connect(done.append)
        w.controller.summarize()
        wait(lambda: bool(done))
        settle()
        grab(w, "main-summary.png")

        w.digest_view.tabs.setCurrentIndex(1)
        d = done[0]
        floors = sorted(d.viewpoints[0].floors)
        w.digest_view.viewpoints.anchorClicked.emit(QUrl(f"floor:{floors[0]}?g=vp0"))
        settle()
        grab(w, "main-viewpoint-floors.png")

        w.comments.show_user("duskwren")
        w.digest_view.tabs.setCurrentIndex(2)
        settle()
        grab(w, "per-user-and-off-topic.png")
        w.comments.clear_filters()

        w.apply_settings(Settings(ui_lang="zh_TW"))
        w.digest_view.tabs.setCurrentIndex(0)
        settle()
        grab(w, "main-zh_TW.png")
        w.apply_settings(Settings(ui_lang="en"))

        # what a small model's digest looks like: the reliability verdict above the tabs
        same = floors[:8]
        srv.answer = lambda messages: {
            "summary": "這篇文章在討論遠端工作的政策以及大家對於公司要求回辦公室的",
            "viewpoints": [
                {
                    "title": "遠端工作",
                    "statement": "支持遠端工作。",
                    "floors": same,
                    "quotes": [{"floor": same[0], "text": "這句話不在留言裡"}],
                },
                {
                    "title": "遠端工作",
                    "statement": "支持遠端工作。",
                    "floors": same,
                    "quotes": [{"floor": same[1], "text": "這句也不在留言裡"}],
                },
            ],
            "off_topic": [],
        }
        done.clear()
        w.controller.summarize(force=True)
        wait(lambda: bool(done))
        w.digest_view.tabs.setCurrentIndex(0)
        settle()
        grab(w, "low-confidence.png")
        w.apply_settings(Settings(ui_lang="zh_TW"))
        settle()
        grab(w, "low-confidence-zh_TW.png")
        w.apply_settings(Settings(ui_lang="en"))

        # a big run: the plan first, then the run in progress with its calls
        srv.answer = None  # the scripted server's own answers again
        small = EndpointProfile.from_preset(
            "test server", "custom", base_url=srv.base_url, model="scripted-model-2k", context_window=2048
        )
        w.controller.profile_store.add(small, make_default=True)
        w.controller.reload_profiles()
        wait(lambda: w.run_panel.estimate is not None and w.run_panel.estimate.calls > 2)
        for lang, suffix in (("en", ""), ("zh_TW", "-zh_TW")):
            w.apply_settings(Settings(ui_lang=lang, ask_calls=2, welcome_done=True))
            w.request_summarize()
            wait(lambda: w.dialog is not None and w.dialog.isVisible())
            settle()
            grab(w.dialog, f"confirm-run{suffix}.png")
            w.dialog.reject()
            settle(0.2)
        srv.latency = 1.5
        srv.script.append(Behavior("status", 503))
        w.apply_settings(Settings(ui_lang="en"))
        done.clear()
        w.controller.summarize(force=True)
        wait(lambda: w.run_panel.bar.value() >= 1 and "trying again" in w.run_panel.stage.text(), 60)
        settle(0.3)
        grab(w, "running.png")
        w.apply_settings(Settings(ui_lang="zh_TW"))
        settle(0.3)
        grab(w, "running-zh_TW.png")
        w.apply_settings(Settings(ui_lang="en"))
        wait(lambda: bool(done), 120)
        srv.latency = 0.0

        # Summarize all articles of a crawler's dump: the table, part done
        from tests.batchdata import crawler_dump

        from threadgist.gui.batch_table import BatchTable
        from threadgist.services.batch_rows import BatchStatus

        board = Path(tempfile.mkdtemp()) / "board.json"
        board.write_text(crawler_dump(8), encoding="utf-8")
        w.apply_settings(Settings(ui_lang="en", ask_calls=0, welcome_done=True))
        w.open_path(str(board))
        wait(lambda: w.act_summarize_all.isEnabled())
        srv.latency = 0.4
        w.act_summarize_all.trigger()
        table = w.findChild(BatchTable)
        assert table is not None
        wait(lambda: table.running and table.model.rowCount() == 8)
        wait(
            lambda: sum(row.status in (BatchStatus.OK, BatchStatus.CACHED) for row in table.model.rows) >= 3,
            60,
        )
        settle(0.3)
        grab(w, "batch-table.png")
        w.apply_settings(Settings(ui_lang="zh_TW", ask_calls=0, welcome_done=True))
        settle(0.3)
        grab(w, "batch-table-zh_TW.png")
        w.apply_settings(Settings(ui_lang="en"))
        wait(lambda: not table.running, 120)
        srv.latency = 0.0
        table.close()

        timeline_shots(w, srv, wait, settle)

        w.manage_endpoints()
        dlg = w.dialog
        assert dlg is not None
        dlg.list.setCurrentItem(dlg.list.findItems("Built-in (local)", exact_match())[0])
        settle(1.5)
        grab(dlg, "endpoints-builtin.png")
        dlg.close()
        close_down(app, w)  # type: ignore[arg-type]
    QApplication.instance()


def shoot_timeline_alone() -> None:
    """The timeline's pictures without the rest (``tools/screenshots.py timeline``)."""
    from PySide6.QtWidgets import QApplication
    from tests.fakeserver import FakeServer

    from threadgist.gui.app import close_down
    from threadgist.gui.main_window import MainWindow
    from threadgist.store.settings import Settings

    app, wait, settle = _app_and_pumps()

    OUT.mkdir(parents=True, exist_ok=True)
    with FakeServer() as srv:
        w = MainWindow(Settings(ui_lang="en", welcome_done=True))
        w.resize(1360, 860)
        w.show()
        timeline_shots(w, srv, wait, settle)
        close_down(app, w)  # type: ignore[arg-type]
    QApplication.instance()


def timeline_shots(w: Any, srv: Any, wait: Any, settle: Any) -> None:
    """The drift timeline on the bundled sample with a scripted digest that drifts
    (tests/driftdata.py), one of its stretches clicked: the comment list filtered to it."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from tests.driftdata import sample_drift_answer

    from threadgist.bundled import sample_thread
    from threadgist.digest.drift_model import DIGRESSION
    from threadgist.llm.profiles import EndpointProfile
    from threadgist.store.settings import Settings

    prof = EndpointProfile.from_preset(
        "timeline server", "custom", base_url=srv.base_url, model="scripted-model"
    )
    w.controller.profile_store.add(prof, make_default=True)
    w.controller.reload_profiles()
    w.controller.set_endpoint("timeline server")
    srv.answer = sample_drift_answer
    w.open_path(str(sample_thread()))
    wait(lambda: w.run_panel.estimate is not None)
    done: list[Any] = []
    w.controller.finished.connect(done.append)
    w.controller.summarize(force=True)
    wait(lambda: bool(done))
    view = w.digest_view
    view.tabs.setCurrentWidget(view.timeline)
    settle()
    timeline = view.timeline
    made = timeline.drift
    assert made is not None and made.onset is not None, "the scripted digest drifts"
    index = made.onset.bin + 1
    group = next(i for i, g in enumerate(made.groups) if g.kind == DIGRESSION and made.bins[index].members[i])
    spot = timeline.segment_rect(index, group).center().toPoint()
    QTest.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=spot)
    QTest.mouseMove(timeline, spot)
    settle()
    grab(w, "timeline.png")
    w.apply_settings(Settings(ui_lang="zh_TW", welcome_done=True))
    settle()
    grab(w, "timeline-zh_TW.png")
    w.apply_settings(Settings(ui_lang="en", welcome_done=True))
    w.comments.clear_filters()
    view.tabs.setCurrentIndex(0)
    srv.answer = None


def exact_match() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MatchFlag.MatchExactly


def grab(widget: Any, name: str) -> None:
    widget.raise_()
    path = OUT / name
    widget.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

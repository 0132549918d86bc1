"""Desktop app benchmarks, measured in one run:

1. start-up: from launch to the first painted frame with the sample thread in it
   (`threadgist --self-test`), as a ratio to a bare PySide6 window (bare_window.py) and to
   the floor (floor_window.py: the same widgets and text with no app code), all three
   launched in turns in the same run and timed the same way;
2. opening a 20,000-push thread: from "open" to its comment list painted;
3. cached reopen: from "open" to the cached digest displayed;
4. the longest stall of the GUI event loop (a 5 ms QTimer probe) during a full
   summarize of a 3,000-push thread against the scripted server;
5. the found-servers probe (127.0.0.1, the five usual ports), which runs after the first
   paint: its cost on the GUI thread, the longest event-loop stall while it runs, and how
   long until its result is shown.

Writes benchmarks/results/gui.md and gui.json, or with ``--json PATH`` only that file
(benchmarks/compare_gui.py runs it against other checkouts in turns). Runs offscreen
(QT_QPA_PLATFORM). It also measures a checkout as old as c353b62 (its package on
PYTHONPATH): what that one lacks (the found-servers probe) is left out.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent


def checkout() -> Path:
    """The checkout whose package is measured (PYTHONPATH may name another one than this
    script's): its tests' scripted server answers in the shape its own prompts ask for."""
    import importlib.util

    spec = importlib.util.find_spec("threadgist")
    origin = Path(spec.origin) if spec is not None and spec.origin else HERE.parent / "desktop/threadgist/x"
    root = origin.parents[2]
    return root if (root / "tests" / "fakeserver.py").is_file() else HERE.parent


ROOT = checkout()
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from threadgen import copied_text_thread, html_thread  # noqa: E402

RUNS = 9


def launch(argv: list[str], home: Path) -> float:
    env = {**os.environ, "THREADGIST_HOME": str(home), "THREADGIST_T0": repr(time.time())}
    out = subprocess.run(argv, capture_output=True, text=True, env=env, check=True).stdout
    last = out.strip().splitlines()[-1]
    if last.startswith("{"):
        doc = json.loads(last)
        assert doc["ok"], doc
        return float(doc["since_launch"])
    return float(last)


def sample_path() -> Path:
    try:
        from threadgist.bundled import sample_thread
    except ImportError:  # a checkout from before threadgist/paths.py was renamed
        from threadgist.paths import sample_thread
    return sample_thread()


def settings(**fields: Any) -> Any:
    """Settings with the fields that exist in the checkout measured."""
    from threadgist.store.settings import Settings

    known = Settings.__dataclass_fields__
    return Settings(**{name: value for name, value in fields.items() if name in known})


def byte_compile() -> None:
    """An installed app is byte-compiled (pip does it for a wheel, PyInstaller for a build);
    an editable checkout under PYTHONDONTWRITEBYTECODE is not, and would be measured
    compiling its own source at every start. PySide6 and the standard library are compiled
    either way."""
    import compileall

    import threadgist

    compileall.compile_dir(str(Path(threadgist.__file__).parent), quiet=1)


def startup(home: Path) -> dict[str, Any]:
    """Launch to first painted frame, interleaved so that all three see the same machine:
    a bare window, the same widgets and text as Threadgist's with no app code (the floor
    PySide6 sets), and `threadgist --self-test` on the bundled sample."""
    byte_compile()
    runs: dict[str, list[float]] = {"bare": [], "floor": [], "threadgist": []}
    argv = {
        "bare": [sys.executable, str(HERE / "bare_window.py")],
        "floor": [sys.executable, str(HERE / "floor_window.py"), str(sample_path())],
        "threadgist": [str(Path(sys.executable).parent / "threadgist"), "--self-test"],
    }
    for i in range(RUNS):
        for name, cmd in argv.items():
            # a first start each time: no window geometry saved by an earlier run, so the
            # window is 1280×800 like the others
            runs[name].append(launch(cmd, home / f"{name}-{i}"))
    med = {k: statistics.median(v) for k, v in runs.items()}
    return {
        "bare_s": round(med["bare"], 3),
        "floor_s": round(med["floor"], 3),
        "threadgist_s": round(med["threadgist"], 3),
        "ratio": round(med["threadgist"] / med["bare"], 2),
        "floor_ratio": round(med["floor"] / med["bare"], 2),
        "over_floor": round(med["threadgist"] / med["floor"], 2),
        "runs": RUNS,
        **{f"{k}_all": [round(x, 3) for x in v] for k, v in runs.items()},
    }


def settle(app: Any, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)


def big_open(app: Any, wait: Any, window: Any, tmp: Path) -> dict[str, Any]:
    """From "open" (menu, drop) to the 20,000 comments in the list and painted."""
    path = tmp / "big.html"
    path.write_text(html_thread(20_000), encoding="utf-8")
    runs = []
    changed: list[Any] = []
    window.controller.thread_changed.connect(changed.append)
    settle(app, 1.5)  # background start-up work (imports, the model list) is done
    for _ in range(3):
        changed.clear()
        t0 = time.perf_counter()
        window.open_path(str(path))
        wait(lambda: bool(changed) and window.comments.model.rowCount() == 20_000)
        window.repaint()
        runs.append(round(time.perf_counter() - t0, 3))
        wait(lambda: window.run_panel.estimate is not None)  # its plan is made, as a user sees
    return {"pushes": 20_000, "open_to_painted_s": statistics.median(runs), "all": runs}


def in_process(home: Path, tmp: Path) -> dict[str, Any]:
    os.environ["THREADGIST_HOME"] = str(home / "inproc")
    import keyring
    from PySide6.QtWidgets import QApplication
    from tests.fakeserver import FakeServer
    from tests.memkeyring import MemoryKeyring

    from threadgist.gui.main_window import MainWindow
    from threadgist.llm.profiles import EndpointProfile

    keyring.set_keyring(MemoryKeyring())
    app = QApplication.instance() or QApplication([])

    def wait(pred: Any, timeout: float = 120.0) -> None:
        end = time.monotonic() + timeout
        while not pred():
            if time.monotonic() > end:
                raise TimeoutError
            app.processEvents()
            time.sleep(0.001)

    result: dict[str, Any] = {}
    big = tmp / "3000.txt"
    big.write_text(copied_text_thread(3000), encoding="utf-8")
    with FakeServer(latency=0.3) as srv:
        w = MainWindow(settings(ui_lang="en", welcome_done=True))
        w.show()
        prof = EndpointProfile.from_preset(
            "fake", "custom", base_url=srv.base_url, model="fake-model", context_window=8192
        )
        w.controller.profile_store.add(prof, make_default=True)
        w.controller.reload_profiles()
        w.controller.set_endpoint("fake")
        result["big_open"] = big_open(app, wait, w, tmp)

        # 4. the longest event-loop stall while a large thread is summarized
        w.open_path(str(big))
        wait(
            lambda: (
                w.controller.current is not None
                and w.controller.current.stats.comments == 3000
                and w.run_panel.estimate is not None
            )
        )
        done: list[Any] = []
        w.controller.finished.connect(done.append)
        w.controller.failed.connect(done.append)
        t0 = time.monotonic()
        gaps = event_loop_gaps(w.controller.summarize, lambda: bool(done), wait, 300)
        assert not isinstance(done[0], Exception) and hasattr(done[0], "summary"), done[0]
        result["stall"] = {
            "pushes": 3000,
            "calls": done[0].usage.calls,
            "wall_s": round(time.monotonic() - t0, 2),
            "max_ms": round(gaps[-1], 1),
            "p99_ms": round(gaps[int(len(gaps) * 0.99)], 1),
            "median_ms": round(statistics.median(gaps), 1),
            "ticks": len(gaps),
            "probe_interval_ms": 5,
        }

        if hasattr(w.controller, "scan_local"):
            result["probe"] = probe(w.controller, wait)

        # 3. cached reopen of the sample: summarize once, then open it in a new window
        w.open_path(str(sample_path()))
        wait(
            lambda: (
                w.controller.current is not None
                and w.controller.current.stats.comments == 70
                and w.run_panel.estimate is not None
            )
        )
        done.clear()
        w.controller.summarize()
        wait(lambda: bool(done))
        w.shutdown()
        w.close()
        times = [reopen(app, wait, sample_path()) for _ in range(5)]
        result["cached_reopen"] = {
            "median_ms": round(statistics.median(times) * 1000, 1),
            "max_ms": round(max(times) * 1000, 1),
            "runs": len(times),
        }
    from threadgist.gui.app import close_down

    close_down(app, w)  # type: ignore[arg-type]
    return result


def probe(c: Any, wait: Any) -> dict[str, Any]:
    """5. the found-servers probe: GUI-thread cost, stalls while it runs, time to result."""
    c.scan_done = False
    calls: list[float] = []

    def scan() -> None:
        t = time.perf_counter()
        c.scan_local()
        calls.append(time.perf_counter() - t)

    t0 = time.perf_counter()
    stalls = event_loop_gaps(scan, lambda: c.scan_done, wait, 30)
    wall = time.perf_counter() - t0
    return {
        "gui_call_ms": round(calls[0] * 1000, 3),
        "to_result_ms": round(wall * 1000, 1),
        "max_stall_ms": round(max(stalls, default=0.0), 1),
        "found": len(c.found),
    }


def event_loop_gaps(start: Any, until: Any, wait: Any, timeout: float) -> list[float]:
    """Milliseconds between the ticks of a 5 ms timer on the GUI thread while ``start()``'s
    work runs until ``until()``: the longest gap is the longest stall of the event loop."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    probe = QTimer()
    probe.setInterval(5)
    probe.timeout.connect(tick)
    probe.start()
    start()
    wait(until, timeout)
    probe.stop()
    probe.timeout.disconnect(tick)
    del probe  # no Qt object may outlive the application (PySide crashes at exit)
    return sorted(gaps)


def reopen(app: Any, wait: Any, path: Path) -> float:
    """A new window opens a summarized thread: seconds until its cached digest shows."""
    from threadgist.gui.main_window import MainWindow

    w = MainWindow(settings(ui_lang="en", endpoint="fake"))
    w.show()
    app.processEvents()
    t0 = time.perf_counter()
    w.open_path(str(path))
    wait(lambda: w.digest_view.digest is not None, 30)
    w.digest_view.repaint()
    took = time.perf_counter() - t0
    w.shutdown()
    w.close()
    w.deleteLater()
    return took


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        home = tmp / "home"
        r: dict[str, Any] = {"startup": startup(home)}
        r.update(in_process(home, tmp))
    if sys.argv[1:2] == ["--json"]:
        Path(sys.argv[2]).write_text(json.dumps(r, indent=2) + "\n")
        return
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "gui.json").write_text(json.dumps(r, indent=2) + "\n")
    s, b, st, c = r["startup"], r["big_open"], r["stall"], r["cached_reopen"]
    pr = r["probe"]
    lines = [
        "# Desktop app benchmark",
        "",
        f"Offscreen Qt ({os.environ['QT_QPA_PLATFORM']}), this machine, one run of `make bench`.",
        "",
        "| measure | value | target |",
        "|---|---:|---|",
        f"| start-up: launch → first painted frame with the sample thread (median of "
        f"{s['runs']}) | {s['threadgist_s']} s | |",
        f"| a bare PySide6 window, launch → first painted frame (same run) | {s['bare_s']} s | |",
        f"| **ratio** | **{s['ratio']}×** | ≤ 1.5× |",
        f"| the floor: the same widgets and text, no app code (benchmarks/floor_window.py) | "
        f"{s['floor_s']} s ({s['floor_ratio']}× bare) | |",
        f"| Threadgist ÷ the floor | {s['over_floor']}× | |",
        f"| 20,000-push thread: open → comment list painted | {b['open_to_painted_s']} s | |",
        f"| cached reopen: open → digest displayed (median of {c['runs']}) | {c['median_ms']} ms "
        f"(max {c['max_ms']}) | < 100 ms |",
        f"| longest event-loop stall while summarizing a {st['pushes']:,}-push thread "
        f"({st['calls']} calls, {st['wall_s']} s) | {st['max_ms']} ms (p99 {st['p99_ms']}) | "
        "< 50 ms |",
        f"| found-servers probe (after the first paint): time on the GUI thread | "
        f"{pr['gui_call_ms']} ms | < 50 ms |",
        f"| found-servers probe: longest event-loop stall while it runs / time to its result "
        f"({pr['found']} found) | {pr['max_stall_ms']} ms / {pr['to_result_ms']} ms | |",
    ]
    md = out / "gui.md"
    kept = md.read_text(encoding="utf-8") if md.is_file() else ""
    kept = kept[kept.index("\n## ") :] if "\n## " in kept else ""  # sections written by hand
    md.write_text("\n".join(lines) + "\n" + kept, encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

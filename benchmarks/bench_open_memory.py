"""Peak memory and time of opening a thread file in the app (offscreen): from
``open_path`` to its comments in the list and the run estimate shown (the plan made), in a
fresh process. Usage: ``python benchmarks/bench_open_memory.py FILE``; prints one JSON line
(seconds, peak RSS in MB, the file's size in MB). See benchmarks/results/memory.md."""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(path: str) -> None:
    home = tempfile.mkdtemp()
    os.environ["THREADGIST_HOME"] = home
    import keyring
    from PySide6.QtWidgets import QApplication
    from tests.memkeyring import MemoryKeyring

    from threadgist.gui.main_window import MainWindow
    from threadgist.store.settings import Settings

    keyring.set_keyring(MemoryKeyring())
    app = QApplication.instance() or QApplication([])

    def wait(pred: Any, timeout: float = 600.0) -> None:
        end = time.monotonic() + timeout
        while not pred():
            if time.monotonic() > end:
                raise TimeoutError
            app.processEvents()
            time.sleep(0.002)

    w = MainWindow(Settings(ui_lang="en", welcome_done=True))
    w.show()
    t0 = time.perf_counter()
    w.open_path(path)
    wait(lambda: w.comments.model.rowCount() > 0)
    w.repaint()
    wait(lambda: w.run_panel.estimate is not None)
    seconds = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = Path(path).stat().st_size / 1048576
    print(json.dumps({"seconds": round(seconds, 1), "peak_rss_mb": round(rss), "size_mb": round(size, 1)}))
    w.shutdown()


if __name__ == "__main__":
    main(sys.argv[1])

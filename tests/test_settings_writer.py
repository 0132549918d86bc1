"""Settings saved off the GUI thread: the newest snapshot wins, whatever order the writes
run in, and a folder that cannot be written is reported, not raised."""

from __future__ import annotations

import threading
from pathlib import Path

from threadgist.store.settings import Settings, SettingsWriter, load_settings


def test_the_newest_snapshot_wins(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    w = SettingsWriter(path)
    s = Settings()
    s.add_recent("a.txt")
    w.submit(s)
    s.add_recent("b.txt")  # changed after the snapshot: the first write must not see it
    w.submit(s)
    assert w.pending()
    w.flush()
    assert load_settings(path).recent == ["b.txt", "a.txt"] and not w.pending()
    mtime = path.stat().st_mtime_ns
    w.flush()  # nothing new: no write
    assert path.stat().st_mtime_ns == mtime


def test_a_snapshot_is_taken_at_submit(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    w = SettingsWriter(path)
    s = Settings(font_size=11)
    w.submit(s)
    s.font_size = 99  # not submitted
    w.flush()
    assert load_settings(path).font_size == 11


def test_concurrent_flushes_leave_the_last_submission(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    w = SettingsWriter(path)
    s = Settings()
    threads = []
    for i in range(40):
        s.font_size = i
        w.submit(s)
        t = threading.Thread(target=w.flush)
        t.start()
        threads.append(t)
    for t in threads:
        t.join()
    w.flush()
    assert load_settings(path).font_size == 39 and not w.pending()


def test_an_unwritable_folder_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    w = SettingsWriter(blocker / "settings.json")
    w.submit(Settings())
    w.flush()  # no exception
    assert isinstance(w.failed, OSError)

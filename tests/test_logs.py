"""The log file: what happened, never a key or the thread's text."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import keyring

from threadgist.llm.keys import SERVICE
from threadgist.store.logs import setup_logging
from threadgist.thread import load_path

from .conftest import SAMPLE
from .fakeserver import Behavior, FakeServer
from .guihelpers import add_fake_endpoint, open_file, summarize

KEY = "sk-live-0123456789abcdefghijKLMNOP"


def test_a_session_is_logged_without_keys_or_thread_text(
    qtbot: Any, window: Any, fake: FakeServer, tmp_path: Path
) -> None:
    logfile = setup_logging(tmp_path / "log")
    assert logfile is not None
    try:
        add_fake_endpoint(window, fake)
        keyring.set_password(SERVICE, "fake", KEY)
        open_file(qtbot, window)
        summarize(qtbot, window)
        fake.script.append(Behavior("status", 401, {"error": {"message": f"bad key {KEY}"}}))
        with qtbot.waitSignal(window.controller.failed, timeout=10_000):
            window.controller.summarize(force=True)
        assert fake.chat_requests[0].headers.get("authorization") == f"Bearer {KEY}"  # it was used
        logging.getLogger("threadgist.test").info("a stray key %s", KEY)
    finally:
        for h in logging.getLogger("threadgist").handlers:
            h.flush()
    text = logfile.read_text("utf-8")
    assert "opened" in text and "summarize finished" in text and "summarize failed (auth)" in text
    assert KEY not in text and "0123456789abcdefghij" not in text
    thread = load_path(str(SAMPLE)).threads[0]
    for c in thread.comments:
        if len(c.text) >= 8:
            assert c.text not in text
    assert thread.body.splitlines()[2] not in text


def test_unwritable_log_folder_is_not_fatal(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert setup_logging(blocker / "log") is None


def test_records_from_start_up_reach_the_file(tmp_path: Path) -> None:
    from threadgist.store.logs import keep_early_records

    root = logging.getLogger("threadgist")
    keep_early_records()
    keep_early_records()  # twice is once
    logging.getLogger("threadgist.gui").info("opened %s before the log existed", "x.txt")
    logging.getLogger("threadgist.gui").info("a key %s", KEY)
    logfile = setup_logging(tmp_path / "log")
    assert logfile is not None
    logging.getLogger("threadgist.gui").info("after")
    for h in root.handlers:
        h.flush()
    text = logfile.read_text("utf-8")
    assert text.count("opened x.txt before the log existed") == 1
    assert "after" in text and KEY not in text and "[key removed]" in text
    assert [type(h).__name__ for h in root.handlers].count("RotatingFileHandler") == 1
    assert not any(type(h).__name__ == "_Early" for h in root.handlers)

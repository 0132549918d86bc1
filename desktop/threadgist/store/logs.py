"""The app's log: a rotating file in the log folder. It records what happened (files
opened, endpoints used, runs, errors) and never a key or the thread's text: messages pass
through a filter that removes anything key-shaped, and callers log sizes, not content."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from .paths import log_dir

LOG_NAME = "threadgist.log"
MAX_BYTES = 1_000_000
BACKUPS = 3

# key-shaped: sk-…, long runs of letters/digits (Azure keys), "Bearer …"
_SECRET_RE = re.compile(r"\b(sk-[A-Za-z0-9_\-]{8,}|[A-Za-z0-9]{32,}|Bearer\s+\S+)")


EARLY_LIMIT = 1000
FILE_HANDLER = "threadgist-log-file"


class _Early(logging.Handler):
    """Keeps what is logged while the app starts, until the log file is set up (which
    loads logging.handlers and touches the disk: not worth delaying the first paint)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < EARLY_LIMIT:
            self.records.append(record)


def keep_early_records() -> None:
    """Hold the app's log records in memory until :func:`setup_logging` writes them."""
    root = logging.getLogger("threadgist")
    if not any(isinstance(handler, _Early) for handler in root.handlers):
        root.addHandler(_Early())
        root.setLevel(logging.INFO)


class RedactKeys(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = _SECRET_RE.sub("[key removed]", message)
        record.args = None
        return True


def setup_logging(folder: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Log to ``threadgist.log`` (rotated at 1 MB, 3 old files kept). Returns the file, or
    None when the folder cannot be written (the app runs on without a log)."""
    import logging.handlers

    folder = folder or log_dir()
    root = logging.getLogger("threadgist")
    early: list[logging.LogRecord] = []
    for old_handler in list(root.handlers):
        if old_handler.get_name() == FILE_HANDLER or isinstance(old_handler, _Early):
            early += getattr(old_handler, "records", [])
            root.removeHandler(old_handler)
            old_handler.close()
    root.setLevel(level)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / LOG_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    handler.set_name(FILE_HANDLER)  # so that setting up again replaces it
    handler.addFilter(RedactKeys())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for record in early:
        handler.handle(record)
    root.addHandler(handler)
    return folder / LOG_NAME

"""The app's log: a rotating file in the log folder. It records what happened (files
opened, endpoints used, runs, errors) and never a key or the thread's text: messages pass
through a filter that removes anything key-shaped, and callers log sizes, not content."""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from .paths import log_dir

LOG_NAME = "threadgist.log"
MAX_BYTES = 1_000_000
BACKUPS = 3

# key-shaped: sk-…, long runs of letters/digits (Azure keys), "Bearer …"
_SECRET_RE = re.compile(r"\b(sk-[A-Za-z0-9_\-]{8,}|[A-Za-z0-9]{32,}|Bearer\s+\S+)")


class _LogFile(logging.handlers.RotatingFileHandler):
    """The app's own handler (so that setting up again replaces it)."""


class RedactKeys(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = _SECRET_RE.sub("[key removed]", message)
        record.args = None
        return True


def setup_logging(folder: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Log to ``threadgist.log`` (rotated at 1 MB, 3 old files kept). Returns the file, or
    None when the folder cannot be written (the app runs on without a log)."""
    folder = folder or log_dir()
    root = logging.getLogger("threadgist")
    for h in list(root.handlers):
        if isinstance(h, _LogFile):
            root.removeHandler(h)
            h.close()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = _LogFile(
            folder / LOG_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        return None
    handler.addFilter(RedactKeys())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return folder / LOG_NAME

"""Where the bundled resources are (inside the installed package)."""

from __future__ import annotations

import sys
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

SAMPLE_NAME = "Tech_Job_remote-work_copied-web-text.txt"


def _root() -> Traversable:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:  # a PyInstaller build keeps the files next to the executable
        return Path(frozen) / "threadgist" / "resources"
    try:
        return files("threadgist.resources")
    except ModuleNotFoundError:
        # An editable (development) install maps only the top package; the files are
        # then in the checkout's resources/ folder.
        dev = Path(__file__).resolve().parents[2] / "resources"
        if dev.is_dir():
            return dev
        raise


def resource(*parts: str) -> Traversable:
    node = _root()
    for p in parts:
        node = node.joinpath(p)
    return node


def sample_thread() -> Path:
    """The bundled sample thread as a real file path."""
    with as_file(resource("samples", SAMPLE_NAME)) as p:
        return Path(p)

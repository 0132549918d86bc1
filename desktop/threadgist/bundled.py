"""Where the bundled resources are: ``threadgist/resources`` inside an installed package, the
checkout's ``resources/`` folder in an editable (development) install, or next to the
executable in a PyInstaller build. Plain files in every case (the app is never run from a
zip), so no importlib.resources machinery is loaded at start-up."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

SAMPLE_NAME = "Tech_Job_remote-work_copied-web-text.txt"


@cache
def _root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "threadgist" / "resources"
    here = Path(__file__).resolve().parent
    installed = here / "resources"
    if installed.is_dir():
        return installed
    dev = here.parents[1] / "resources"
    if dev.is_dir():
        return dev
    raise FileNotFoundError(f"Threadgist's resources are missing (looked in {installed} and {dev})")


def resource(*parts: str) -> Path:
    return _root().joinpath(*parts)


def sample_thread() -> Path:
    """The bundled sample thread."""
    return resource("samples", SAMPLE_NAME)

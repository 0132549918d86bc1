"""Where the bundled resources are (inside the installed package)."""

from __future__ import annotations

from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

SAMPLE_NAME = "Tech_Job_remote-work_copied-web-text.txt"


def resource(*parts: str) -> Traversable:
    node = files("threadgist.resources")
    for p in parts:
        node = node.joinpath(p)
    return node


def sample_thread() -> Path:
    """The bundled sample thread as a real file path."""
    with as_file(resource("samples", SAMPLE_NAME)) as p:
        return Path(p)

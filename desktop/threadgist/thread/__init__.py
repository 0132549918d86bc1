"""Thread model and parsers (Qt-free). The parsers load on first use, so importing the
model (the GUI does at start-up) stays cheap."""

from typing import TYPE_CHECKING, Any

from .errors import ThreadFileError
from .model import ARROW, BOO, PUSH, Comment, LoadResult, Note, Stats, Thread, Utterance

if TYPE_CHECKING:
    from .loader import FORMATS, load_bytes, load_path, sniff

_LOADER = {"FORMATS", "load_bytes", "load_path", "sniff"}

__all__ = [
    "ARROW",
    "BOO",
    "FORMATS",
    "PUSH",
    "Comment",
    "LoadResult",
    "Note",
    "Stats",
    "Thread",
    "ThreadFileError",
    "Utterance",
    "load_bytes",
    "load_path",
    "sniff",
]


def __getattr__(name: str) -> Any:
    if name in _LOADER:
        from . import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

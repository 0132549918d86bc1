"""Thread model and parsers (Qt-free)."""

from .errors import ThreadFileError
from .loader import FORMATS, LoadResult, load_bytes, load_path, sniff
from .model import ARROW, BOO, PUSH, Comment, Note, Stats, Thread, Utterance

__all__ = [
    "ARROW", "BOO", "FORMATS", "PUSH", "Comment", "LoadResult", "Note", "Stats", "Thread",
    "ThreadFileError", "Utterance", "load_bytes", "load_path", "sniff",
]

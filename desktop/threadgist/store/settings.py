"""The app's own settings (not endpoints, not keys): a JSON file in the config folder,
written atomically. Unknown keys are ignored and missing ones take their defaults."""

from __future__ import annotations

import logging
import threading
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from .jsonfile import read_json, write_json_atomic
from .paths import config_dir

MAX_RECENT = 10
OUTPUT_LANGS = ("auto", "zh-TW", "en")
UI_LANGS = ("auto", "en", "zh_TW")


@dataclass
class Settings:
    output_lang: str = "auto"
    ui_lang: str = "auto"
    font_family: str = ""  # "" = the system UI font with CJK fallbacks
    font_size: int = 0  # points; 0 = the system size
    endpoint: str = ""  # the endpoint chosen in the toolbar
    recent: list[str] = field(default_factory=list)
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    window_state: str = ""  # base64 of QMainWindow.saveState()
    splitter_state: str = ""
    #: the first-run choices (local server, catalog model, cloud endpoint) were answered
    welcome_done: bool = False
    #: ask before a run of more calls than this (and comparable tokens or price); 0: never
    ask_calls: int = 12

    def add_recent(self, path: str) -> None:
        self.recent = [path] + [p for p in self.recent if p != path]
        del self.recent[MAX_RECENT:]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, doc: Any) -> Settings:
        s = cls()
        if not isinstance(doc, dict):
            return s
        for f in fields(cls):
            value = doc.get(f.name)
            if isinstance(value, type(getattr(s, f.name))):
                setattr(s, f.name, value)
        s.recent = [p for p in s.recent if isinstance(p, str)][:MAX_RECENT]
        if s.output_lang not in OUTPUT_LANGS:
            s.output_lang = "auto"
        if s.ui_lang not in UI_LANGS:
            s.ui_lang = "auto"
        return s


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    return Settings.from_json(read_json(path or settings_path()))


class SettingsWriter:
    """Saves the settings off the GUI thread: :meth:`submit` takes a snapshot (cheap, on the
    caller's thread), :meth:`flush` writes the newest snapshot not yet on disk (a temp file,
    fsync, rename: slow on some disks) and may run on any thread, in any order — an older
    snapshot never overwrites a newer one. A folder that cannot be written is not an error:
    the app runs on with its settings in memory, and :attr:`failed` says why."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.failed: OSError | None = None
        self._lock = threading.Lock()  # guards the snapshot and the counters
        self._disk = threading.Lock()  # one writer at a time
        self._snapshot: dict[str, Any] | None = None
        self._submitted = 0
        self._written = 0

    def submit(self, s: Settings) -> None:
        with self._lock:
            self._submitted += 1
            self._snapshot = s.to_json()

    def pending(self) -> bool:
        with self._lock:
            return self._written < self._submitted

    def flush(self) -> None:
        with self._disk:
            with self._lock:
                seq, doc = self._submitted, self._snapshot
            if doc is None or seq <= self._written:
                return
            try:
                write_json_atomic(self.path or settings_path(), doc)
            except OSError as e:
                self.failed = e
                logging.getLogger("threadgist.store").warning("settings not saved: %s", e)
            else:
                self.failed = None
            with self._lock:
                self._written = max(self._written, seq)

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
#: the answers' forms a run may ask for (digest/forms.py, which this layer does not import):
#: "rich" (the model writes every floor and its quotes) first, the default
ANSWER_FORMS = ("rich", "compact")


@dataclass
class Settings:
    output_lang: str = "auto"
    ui_lang: str = "auto"
    font_family: str = ""  # "" = the system UI font with CJK fallbacks
    font_size: int = 0  # points; 0 = the system size
    endpoint: str = ""  # the endpoint chosen in the toolbar
    recent: list[str] = field(default_factory=list)
    open_folder: str = ""  # where File → Open last found a file: it starts there next time
    export_folder: str = ""  # where the last export was written: the next one starts there
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    window_state: str = ""  # base64 of QMainWindow.saveState()
    splitter_state: str = ""
    #: the first-run choices (local server, catalog model, cloud endpoint) were answered
    welcome_done: bool = False
    #: ask before a run of more calls than this (and comparable tokens or price); 0: never
    ask_calls: int = 12
    #: the answers' form of the app's runs: "rich" (full) or "compact" (short, faster)
    answer_form: str = "rich"

    def add_recent(self, path: str) -> None:
        self.recent = [path] + [recent_path for recent_path in self.recent if recent_path != path]
        del self.recent[MAX_RECENT:]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, doc: Any) -> Settings:
        settings = cls()
        if not isinstance(doc, dict):
            return settings
        for spec in fields(cls):
            value = doc.get(spec.name)
            if isinstance(value, type(getattr(settings, spec.name))):
                setattr(settings, spec.name, value)
        settings.recent = [recent_path for recent_path in settings.recent if isinstance(recent_path, str)][
            :MAX_RECENT
        ]
        if settings.output_lang not in OUTPUT_LANGS:
            settings.output_lang = "auto"
        if settings.ui_lang not in UI_LANGS:
            settings.ui_lang = "auto"
        if settings.answer_form not in ANSWER_FORMS:
            settings.answer_form = ANSWER_FORMS[0]
        return settings


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

    def submit(self, settings: Settings) -> None:
        with self._lock:
            self._submitted += 1
            self._snapshot = settings.to_json()

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

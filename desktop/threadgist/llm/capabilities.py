"""What each endpoint+model was found to support, remembered across runs."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from ..store.jsonfile import read_json, write_json_atomic


class Capabilities:
    """A small JSON file (or memory only when ``path`` is None)."""

    def __init__(self, path: Path | None):
        self.path = path
        self._lock = threading.Lock()
        doc = read_json(path) if path else None
        # an entry of another type (a damaged or hand-edited file) is forgotten: it is
        # learnt again
        self._data: dict[str, dict[str, Any]] = (
            {key: entry for key, entry in doc.items() if isinstance(entry, dict)}
            if isinstance(doc, dict)
            else {}
        )

    def get(self, key: str) -> dict[str, Any]:
        with self._lock:
            return dict(self._data.get(key, {}))

    def update(self, key: str, **values: Any) -> None:
        with self._lock:
            entry = self._data.setdefault(key, {})
            if all(entry.get(k) == v for k, v in values.items()):
                return
            entry.update(values)
            if self.path:
                try:
                    write_json_atomic(self.path, self._data)
                except OSError as e:  # a full disk: learnt again next time, the run goes on
                    logging.getLogger(__name__).warning("capabilities not saved: %s", e)

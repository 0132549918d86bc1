"""What each endpoint+model was found to support, remembered across runs.

The file is one JSON object: an entry per endpoint+model (``EndpointProfile.caps_key``),
each an object of what was learnt. :class:`EndpointCaps` is an entry as the client reads
it, typed; a value of the wrong type (a damaged or hand-edited file) reads as not known,
and keys it does not know (another version's, the speed test's) are kept as they are.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..store.jsonfile import read_json, write_json_atomic


@dataclass(frozen=True)
class EndpointCaps:
    """What one endpoint+model was found to do; None: not learnt (the preset's default)."""

    #: the structured-output tiers it still accepts, best first (empty: none we know)
    tiers: tuple[str, ...] | None = None
    #: the name it takes the answer's token limit under
    max_tokens_param: str | None = None
    #: whether it accepts stream_options.include_usage, temperature, return_progress
    stream_usage: bool | None = None
    temperature: bool | None = None
    return_progress: bool | None = None
    #: prompt tokens per character, and the prefill speed (tokens per second) measured
    tokens_per_char: float | None = None
    prefill_per_second: float | None = None
    #: the ratio of its token counts to the estimate's
    tokenizer_factor: float | None = None

    @classmethod
    def from_json(cls, entry: dict[str, Any]) -> EndpointCaps:
        tiers = entry.get("tiers")
        return cls(
            tiers=tuple(tier for tier in tiers if isinstance(tier, str)) if isinstance(tiers, list) else None,
            max_tokens_param=_str(entry.get("max_tokens_param")),
            stream_usage=_bool(entry.get("stream_usage")),
            temperature=_bool(entry.get("temperature")),
            return_progress=_bool(entry.get("return_progress")),
            tokens_per_char=_float(entry.get("tokens_per_char")),
            prefill_per_second=_float(entry.get("prefill_per_second")),
            tokenizer_factor=_float(entry.get("tokenizer_factor")),
        )

    def to_json(self) -> dict[str, Any]:
        """The fields learnt (not None), as the file holds them."""
        out: dict[str, Any] = {}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if value is not None:
                out[field.name] = list(value) if isinstance(value, tuple) else value
        return out


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


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

    def endpoint(self, key: str) -> EndpointCaps:
        """What the endpoint+model ``key`` was found to do."""
        return EndpointCaps.from_json(self.get(key))

    def learn(self, key: str, learnt: EndpointCaps) -> None:
        """Remember the fields of ``learnt`` that are not None; the others stay."""
        self.update(key, **learnt.to_json())

    def get(self, key: str) -> dict[str, Any]:
        """The entry as the file holds it (JSON)."""
        with self._lock:
            return dict(self._data.get(key, {}))

    def update(self, key: str, **values: Any) -> None:
        """Set JSON values of an entry, and write the file when one changed."""
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

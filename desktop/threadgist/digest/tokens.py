"""Token counting with tiktoken, fully offline.

The BPE files ship inside the package (gzipped). Before tiktoken is first used they are
unpacked into a cache folder under the names tiktoken looks for (sha1 of the URL) and
``TIKTOKEN_CACHE_DIR`` points there, so tiktoken never tries to download them.
"""

from __future__ import annotations

import gzip
import hashlib
import math
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from ..bundled import resource
from ..store.paths import cache_dir

_URL = "https://openaipublic.blob.core.windows.net/encodings/{}.tiktoken"
SHIPPED = {
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
}
DEFAULT_ENCODING = "o200k_base"
#: Unknown models (local GGUFs, DeepSeek, Qwen…) tokenize CJK text with up to ~2.3× the
#: tokens of o200k; until a server reports real counts, estimates carry this margin.
UNKNOWN_MODEL_MARGIN = 1.6

_lock = threading.Lock()
_ready: Path | None = None


def ensure_offline_encodings(folder: Path | None = None) -> Path:
    """Unpack the shipped encodings (once) and point tiktoken at them."""
    global _ready
    with _lock:
        if _ready is not None and folder is None:
            return _ready
        target = folder or cache_dir() / "tiktoken"
        target.mkdir(parents=True, exist_ok=True)
        for name, sha256 in SHIPPED.items():
            dest = target / hashlib.sha1(_URL.format(name).encode()).hexdigest()
            if dest.is_file() and hashlib.sha256(dest.read_bytes()).hexdigest() == sha256:
                continue
            data = gzip.decompress(resource("tiktoken", f"{name}.tiktoken.gz").read_bytes())
            if hashlib.sha256(data).hexdigest() != sha256:
                raise RuntimeError(f"the shipped {name} encoding is damaged")
            tmp = dest.with_suffix(".tmp")
            tmp.write_bytes(data)
            os.replace(tmp, dest)
        os.environ["TIKTOKEN_CACHE_DIR"] = str(target)
        _ready = target
        return target


def encoding_for(model: str) -> tuple[str, bool]:
    """(encoding name, exact?) for a model name."""
    import tiktoken

    base = model.rsplit("/", 1)[-1]
    for candidate in (model, base):
        try:
            name = tiktoken.encoding_name_for_model(candidate)
        except KeyError:
            continue
        if name in SHIPPED:
            return name, True
        if name.startswith("o200k"):
            return "o200k_base", True
    return DEFAULT_ENCODING, False


@dataclass
class TokenCounter:
    """Counts tokens of text for one endpoint+model. ``factor`` scales tiktoken's count:
    a safety margin for unknown models, or a calibration measured against the server."""

    encoding: str = DEFAULT_ENCODING
    factor: float = 1.0
    exact: bool = False

    def __post_init__(self) -> None:
        import tiktoken

        ensure_offline_encodings()
        self._enc = tiktoken.get_encoding(self.encoding)

    def raw(self, text: str) -> int:
        return len(self._enc.encode_ordinary(text))

    def raw_many(self, texts: list[str]) -> list[int]:
        """tiktoken's counts of many texts, without ``factor``."""
        enc = self._enc.encode_ordinary  # a plain loop beats the threaded batch on short lines
        return [len(enc(t)) for t in texts]

    def count_many(self, texts: list[str]) -> list[int]:
        return self.scale_many(self.raw_many(texts))

    def scale_many(self, counts: list[int]) -> list[int]:
        """Raw counts with ``factor`` applied (each rounded up)."""
        if self.factor == 1.0:
            return counts
        return [math.ceil(n * self.factor) for n in counts]

    def count(self, text: str) -> int:
        n = self.raw(text)
        return n if self.factor == 1.0 else math.ceil(n * self.factor)

    @classmethod
    def for_model(cls, model: str, calibration: float | None = None) -> TokenCounter:
        name, exact = encoding_for(model)
        if calibration:
            return cls(name, calibration, exact=False)
        return cls(name, 1.0 if exact else UNKNOWN_MODEL_MARGIN, exact=exact)

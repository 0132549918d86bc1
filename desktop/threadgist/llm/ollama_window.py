"""What Ollama says about a model's window, and how large a window this computer can give it.

- ``POST /api/show``: ``model_info["<arch>.context_length"]`` is the context the model was
  trained for; ``<arch>.block_count``, ``.attention.head_count_kv`` and the head sizes say
  what each token of window costs in memory; ``parameters`` may set ``num_ctx`` (the
  Modelfile's window, which the OpenAI-compatible route uses).
- ``GET /api/ps``: the models loaded now, with ``context_length`` (the window each was
  loaded with) where the server reports it, and ``size`` (bytes in memory).

Ollama's OpenAI-compatible route ignores ``num_ctx``: it runs at the Modelfile's window,
else at the server's default (4,096 tokens; 2,048 on older versions; set by
OLLAMA_CONTEXT_LENGTH), and silently drops the start of a longer prompt.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from .hardware import Machine

#: Ollama's default window on the OpenAI-compatible route when nothing says otherwise
OLLAMA_DEFAULT_WINDOW = 4096
#: the share of the memory left beside the model (Machine.ram_usable less its weights) that
#: its window's KV cache may take
MEMORY_SHARE = 0.5
#: bytes of KV cache per token of window when the model's shape is unknown: a 9B model
#: with 8 KV heads of 256 (Gemma 2) needs 336 KiB; most 7–8B models need 56–128 KiB
FALLBACK_KV_BYTES = 336 * 1024
#: bytes per parameter of a model's weights when its file size is unknown (4-bit
#: quantization plus the layers kept at higher precision)
WEIGHT_BYTES_PER_PARAM = 0.6
#: windows are chosen in steps of this many tokens
WINDOW_STEP = 1024


@dataclass(frozen=True)
class OllamaModel:
    """What /api/show and /api/ps told about one model."""

    trained: int | None  # the context it was trained for
    modelfile_ctx: int | None  # num_ctx set in its Modelfile
    loaded_ctx: int | None  # the window it is loaded with now (/api/ps)
    loaded_bytes: int | None  # memory it takes now (/api/ps size)
    kv_bytes_per_token: int | None  # from its shape (None: unknown)
    params: float | None  # parameter count (details.parameter_size)

    @property
    def loaded(self) -> bool:
        return self.loaded_bytes is not None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _arch_value(info: dict[str, Any], arch: str, name: str) -> int | None:
    value = _int(info.get(f"{arch}.{name}"))
    if value is not None:
        return value
    # some architectures keep per-layer lists (e.g. head_count_kv per layer): the largest
    listed = info.get(f"{arch}.{name}")
    if isinstance(listed, list):
        ints = [v for v in listed if _int(v) is not None]
        return max(ints) if ints else None
    return None


def kv_bytes_per_token(info: dict[str, Any], arch: str) -> int | None:
    """The KV cache's bytes per token of window (f16 keys and values, every layer), from
    the model's shape; None when the shape is not all there."""
    layers = _arch_value(info, arch, "block_count")
    heads = _arch_value(info, arch, "attention.head_count")
    kv_heads = _arch_value(info, arch, "attention.head_count_kv") or heads
    key = _arch_value(info, arch, "attention.key_length")
    value = _arch_value(info, arch, "attention.value_length")
    if key is None or value is None:
        embedding = _arch_value(info, arch, "embedding_length")
        if embedding is None or heads is None:
            return None
        key = key or embedding // heads
        value = value or embedding // heads
    if layers is None or kv_heads is None:
        return None
    return layers * kv_heads * (key + value) * 2


_SIZE_RE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([KMBT])\s*$", re.I)
_NUM_CTX_RE = re.compile(r"^[ \t]*+num_ctx[ \t]++([0-9]{1,9})[ \t]*+$", re.M)


def _params(details: Any) -> float | None:
    size = details.get("parameter_size") if isinstance(details, dict) else None
    match = _SIZE_RE.match(size) if isinstance(size, str) else None
    if not match:
        return None
    scale = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}[match.group(2).upper()]
    return float(match.group(1)) * scale


def read_model(show: Any, ps: Any, model: str) -> OllamaModel:
    """The model's facts from the two answers (anything missing or odd is None)."""
    info = show.get("model_info") if isinstance(show, dict) else None
    info = info if isinstance(info, dict) else {}
    arch = info.get("general.architecture")
    arch = arch if isinstance(arch, str) else ""
    parameters = show.get("parameters") if isinstance(show, dict) else None
    found = _NUM_CTX_RE.search(parameters) if isinstance(parameters, str) else None
    loaded = _loaded_entry(ps, model)
    return OllamaModel(
        trained=_int(info.get(f"{arch}.context_length")) if arch else None,
        modelfile_ctx=_int(int(found.group(1))) if found else None,
        loaded_ctx=_int(loaded.get("context_length")) if loaded else None,
        loaded_bytes=_int(loaded.get("size")) if loaded else None,
        kv_bytes_per_token=kv_bytes_per_token(info, arch) if arch else None,
        params=_params(show.get("details") if isinstance(show, dict) else None),
    )


def _loaded_entry(ps: Any, model: str) -> dict[str, Any] | None:
    models = ps.get("models") if isinstance(ps, dict) else None
    if not isinstance(models, list):
        return None
    wanted = {model, f"{model}:latest"} if ":" not in model else {model}
    for entry in models:
        if isinstance(entry, dict) and (entry.get("name") in wanted or entry.get("model") in wanted):
            return entry
    return None


def memory_window(model: OllamaModel, machine: Machine) -> int:
    """The largest window this computer's memory gives the model, in WINDOW_STEP steps.

    The figure is conservative on purpose:

    - it starts from the memory usable now (``Machine.ram_usable``: what the system
      reports available, else 70 % of all of it);
    - a model not loaded yet takes its weights out of that first (its parameter count ×
      WEIGHT_BYTES_PER_PARAM, a 4-bit file; 7 billion parameters when unknown); a loaded
      one already has them out of the available memory;
    - the window may take MEMORY_SHARE (half) of what is left, so that the rest of the
      computer keeps working, the server's own buffers fit, and a GPU with less memory
      than the system is not assumed to hold more;
    - each token of window costs the KV cache's bytes per token at f16 (Ollama's
      default cache type), from the model's layers, KV heads and head sizes, or
      FALLBACK_KV_BYTES when the server does not tell them.

    Never below Ollama's default window (the model already runs at that)."""
    room = float(machine.ram_usable)
    if not model.loaded:
        room -= (model.params or 7e9) * WEIGHT_BYTES_PER_PARAM
    room *= MEMORY_SHARE
    per_token = model.kv_bytes_per_token or FALLBACK_KV_BYTES
    tokens = int(max(0.0, room) // per_token)
    return max(OLLAMA_DEFAULT_WINDOW, tokens // WINDOW_STEP * WINDOW_STEP)


def window_for(need: int, allowed: int) -> int:
    """The window to ask for: ``need`` tokens and a tenth more, rounded up to WINDOW_STEP,
    at most ``allowed`` (a larger window than a thread needs only costs memory)."""
    wanted = math.ceil(need * 1.1 / WINDOW_STEP) * WINDOW_STEP
    return max(WINDOW_STEP, min(allowed, wanted))

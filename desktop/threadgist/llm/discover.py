"""Local LLM servers found on their own: Ollama, LM Studio, llama.cpp, vLLM and Jan on
their usual ports of 127.0.0.1, each asked for ``/v1/models`` with a short timeout, all at
once. Only this computer is probed, and only when the app asks (after its first paint, or
``threadgist endpoints scan``)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

#: (preset, port) in the order they are listed; Jan speaks the OpenAI API like the others
KNOWN_PORTS: tuple[tuple[str, int], ...] = (
    ("ollama", 11434),
    ("lmstudio", 1234),
    ("llamacpp", 8080),
    ("vllm", 8000),
    ("jan", 1337),
)
TIMEOUT = 0.4
MAX_BODY = 1 << 20
LABELS = {
    "ollama": "Ollama",
    "lmstudio": "LM Studio",
    "llamacpp": "llama.cpp server",
    "vllm": "vLLM",
    "jan": "Jan",
}


@dataclass(frozen=True)
class FoundServer:
    kind: str  # the label key above
    preset: str  # the endpoint preset to use for it
    base_url: str
    models: tuple[str, ...]

    @property
    def label(self) -> str:
        return LABELS.get(self.kind, self.kind)


def _models(base_url: str, timeout: float) -> tuple[str, ...] | None:
    try:
        with urllib.request.urlopen(f"{base_url}/models", timeout=timeout) as response:
            if response.status != 200:
                return None
            doc = json.loads(response.read(MAX_BODY).decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError, ValueError):
        return None
    data = doc.get("data") if isinstance(doc, dict) else None
    if not isinstance(data, list):
        return None
    names = [str(model.get("id")) for model in data if isinstance(model, dict) and model.get("id")]
    return tuple(names[:200])


def scan(
    ports: tuple[tuple[str, int], ...] | None = None, host: str = "127.0.0.1", timeout: float = TIMEOUT
) -> list[FoundServer]:
    """The servers that answer, in the order of ``ports`` (default: KNOWN_PORTS), blocking
    for at most about ``timeout``: call it off the GUI thread."""
    ports = KNOWN_PORTS if ports is None else ports
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("only this computer is probed for local servers")

    def one(entry: tuple[str, int]) -> FoundServer | None:
        kind, port = entry
        base = f"http://{host}:{port}/v1"
        models = _models(base, timeout)
        if models is None:
            return None
        preset = "custom" if kind == "jan" else kind
        return FoundServer(kind, preset, base, models)

    with ThreadPoolExecutor(max_workers=len(ports) or 1) as pool:
        found = list(pool.map(one, ports))
    return [server for server in found if server is not None]

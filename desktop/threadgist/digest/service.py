"""Wiring shared by the CLI and the GUI: profiles, keys, capabilities, cache,
token counters and clients for an endpoint."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from ..llm.capabilities import Capabilities
from ..llm.client import LLMClient
from ..llm.errors import CONFIG, EndpointError
from ..llm.keys import KeyLookup, KeyStore, env_var_for
from ..llm.profiles import EndpointProfile, ProfileStore
from ..store.cache import Cache
from ..store.paths import cache_dir
from .tokens import TokenCounter


@dataclass
class Services:
    profiles: ProfileStore = field(default_factory=ProfileStore)
    keys: KeyStore = field(default_factory=KeyStore)
    caps: Capabilities = field(default_factory=lambda: Capabilities(cache_dir() / "endpoints.json"))
    _cache: Cache | None = None

    @property
    def cache(self) -> Cache:
        if self._cache is None:
            self._cache = Cache()
        return self._cache

    def key_for(self, profile: EndpointProfile) -> KeyLookup:
        found = self.keys.get(profile)
        if found.key is None and profile.kind.needs_key:
            why = f" ({found.keyring_error})" if found.keyring_error else ""
            raise EndpointError(
                CONFIG,
                f"“{profile.name}” needs an API key and none is set{why}: run "
                f"`threadgist endpoints add {profile.name} --preset {profile.preset} --key-stdin` "
                f"or set {env_var_for(profile)}",
            )
        return found

    def client(self, profile: EndpointProfile) -> LLMClient:
        return LLMClient(profile, self.key_for(profile).key, self.caps)

    def counter(self, client: LLMClient) -> TokenCounter:
        cal = client.caps.get(client.caps_key).get("tokenizer_factor")
        return TokenCounter.for_model(client.profile.model_label,
                                      cal if isinstance(cal, float) else None)


def server_root(profile: EndpointProfile) -> str:
    base = profile.base_url.rstrip("/")
    return base[:-3] if base.endswith("/v1") else base


def _post_json(url: str, payload: dict[str, Any], key: str | None, timeout: float) -> Any:
    req = urllib.request.Request(
        url, data=json.dumps(payload).encode(), method="POST",
        headers={"Content-Type": "application/json",
                 **({"Authorization": f"Bearer {key}"} if key else {})},
    )
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read().decode())


def _get_json(url: str, key: str | None, timeout: float) -> Any:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"} if key else {})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read().decode())


async def llamacpp_calibrate(
    client: LLMClient, counter: TokenCounter, sample: str, key: str | None
) -> tuple[TokenCounter, int | None]:
    """For llama.cpp servers: the real context size (``/props``) and the model's own
    token count of ``sample`` (``/tokenize``), which calibrates the estimates."""
    root = server_root(client.profile)
    n_ctx: int | None = None
    try:
        props = await asyncio.to_thread(_get_json, f"{root}/props", key, 10.0)
        settings = props.get("default_generation_settings", {}) if isinstance(props, dict) else {}
        n_ctx = settings.get("n_ctx") or props.get("n_ctx")
        tok = await asyncio.to_thread(_post_json, f"{root}/tokenize", {"content": sample}, key, 30.0)
        exact = len(tok.get("tokens", []))
    except (urllib.error.URLError, OSError, ValueError, AttributeError):
        return counter, n_ctx if isinstance(n_ctx, int) else None
    base = counter.raw(sample)
    if exact and base:
        factor = round(exact / base * 1.02, 4)
        client.caps.update(client.caps_key, tokenizer_factor=factor)
        counter = TokenCounter(counter.encoding, factor, exact=False)
    return counter, n_ctx if isinstance(n_ctx, int) else None

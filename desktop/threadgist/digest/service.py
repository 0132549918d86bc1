"""Wiring shared by the CLI and the GUI: profiles, keys, capabilities, cache,
token counters and clients for an endpoint."""

from __future__ import annotations

from dataclasses import dataclass, field

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

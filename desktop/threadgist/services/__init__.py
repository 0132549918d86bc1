"""Wiring shared by the CLI and the GUI: profiles, keys, capabilities, cache,
token counters and clients for an endpoint."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..digest.tokens import TokenCounter
from ..llm.capabilities import Capabilities
from ..llm.client import LLMClient
from ..llm.engine import EngineConfig, LocalEngine
from ..llm.engine import available as engine_available
from ..llm.errors import EndpointError, ErrorKind
from ..llm.gguf import default_model_path
from ..llm.keys import KeyLookup, KeyStore, env_var_for
from ..llm.profile_store import ProfileStore
from ..llm.profiles import EndpointProfile
from ..messages import msg
from ..store.cache import Cache
from ..store.paths import cache_dir
from ..thread.model import Thread

#: SmolLM2-135M's tokens per o200k token on the labelled threads (1.16 measured by llama.cpp's
#: /tokenize in `make quality`), rounded up: the bundled model's estimate needs no first run
BUNDLED_TOKEN_FACTOR = 1.2


@dataclass
class Services:
    profiles: ProfileStore = field(default_factory=ProfileStore)
    keys: KeyStore = field(default_factory=KeyStore)
    caps: Capabilities = field(default_factory=lambda: Capabilities(cache_dir() / "endpoints.json"))
    _cache: Cache | None = None
    _cache_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def cache(self) -> Cache:
        """The result cache, opened on first use: once, whichever thread asks first (the
        window asks from two at once: the cached digest and the estimate)."""
        with self._cache_lock:
            if self._cache is None:
                self._cache = Cache()
            return self._cache

    def key_for(self, profile: EndpointProfile) -> KeyLookup:
        found = self.keys.get(profile)
        if found.key is None and profile.kind.needs_key:
            command = f"threadgist endpoints add {profile.name} --preset {profile.preset} --key-stdin"
            raise EndpointError(
                ErrorKind.CONFIG,
                msg(
                    "“{name}” needs an API key and none is set ({why}): run `{command}` or set {variable}",
                    name=profile.name,
                    why=found.keyring_error,
                    command=command,
                    variable=env_var_for(profile),
                )
                if found.keyring_error
                else msg(
                    "“{name}” needs an API key and none is set: run `{command}` or set {variable}",
                    name=profile.name,
                    command=command,
                    variable=env_var_for(profile),
                ),
            )
        return found

    _engine: LocalEngine | None = None

    def client(self, profile: EndpointProfile) -> LLMClient:
        if profile.kind.engine:
            engine = self.engine(profile)
            profile = dataclasses.replace(profile, base_url=engine.base_url())
            # requests keep the engine alive; its idle time counts from the last one's end
            return LLMClient(profile, None, self.caps, activity=engine)
        return LLMClient(profile, self.key_for(profile).key, self.caps)

    def engine(self, profile: EndpointProfile) -> LocalEngine:
        """The built-in engine for this profile (its ``model`` may be a .gguf path)."""
        model = Path(profile.model) if profile.model.endswith(".gguf") else default_model_path()
        if model is None:
            raise EndpointError(
                ErrorKind.CONFIG, engine_available() or msg("no model for the built-in engine")
            )
        ctx = profile.context_window or profile.kind.context_window
        config = EngineConfig(model=model, ctx=ctx)
        if profile.threads:
            config.threads = max(1, profile.threads)
        if self._engine is None or (
            self._engine.config.model,
            self._engine.config.ctx,
            self._engine.config.threads,
        ) != (model, ctx, config.threads):
            self.close()
            self._engine = LocalEngine(config)
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.stop()
            self._engine = None

    async def list_models(self, profile: EndpointProfile) -> list[str]:
        """The endpoint's model names (the client is made off the event loop: keyring,
        engine start)."""
        client = await asyncio.get_running_loop().run_in_executor(None, self.client, profile)
        try:
            return await client.list_models()
        finally:
            await client.aclose()

    def counter(self, profile: EndpointProfile, thread: Thread | None = None) -> TokenCounter:
        """Counts tokens as this endpoint's model does, as far as it has been measured
        (the tokenizer factor learnt from earlier runs; reads a small JSON file). For the
        bundled model and a ``thread``: the factor the run's calibration will find on it
        (it depends on the thread's script: about 2 for Chinese, 1.2 for English)."""
        if thread is not None and profile.bundled_model:
            from .localtime import bundled_token_factor

            return TokenCounter.for_model(profile.model_label, bundled_token_factor(thread))
        cal = self.caps.endpoint(profile.caps_key).tokenizer_factor
        if cal is None and profile.bundled_model:
            cal = BUNDLED_TOKEN_FACTOR  # known before its first run: the estimate is right
        return TokenCounter.for_model(profile.model_label, cal)

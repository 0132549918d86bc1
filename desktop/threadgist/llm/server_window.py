"""The window a local server really runs a model at, asked of the server itself.

Which server is asked follows the preset's capability flags: Ollama (``ollama_api``:
/api/show and /api/ps), LM Studio (``lmstudio_api``: /api/v0/models) and llama.cpp
(``llama_server``: /props and /v1/models). Every other endpoint, and any server that does
not answer as expected, keeps the profile's window (set by the user) or the preset's.

A window set in the profile always wins ("set by you"); on Ollama it is sent as
``num_ctx`` on the native API, since the OpenAI-compatible route ignores it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from ..messages import Message, msg
from .hardware import Machine, this_machine
from .localhttp import HttpFault, HttpStatus, request_json
from .ollama_window import OLLAMA_DEFAULT_WINDOW, memory_window, read_model, window_for
from .profiles import EndpointProfile

#: the longest a question about the window may take (seconds)
ASK_TIMEOUT = 10.0


class WindowSource(StrEnum):
    """Where a window's figure comes from."""

    USER = "user"  # the profile's context window
    PRESET = "preset"  # the preset's assumption: the server said nothing
    OLLAMA_DEFAULT = "ollama_default"  # Ollama's default window (OpenAI-compatible route)
    OLLAMA_MODELFILE = "ollama_modelfile"  # num_ctx in the model's Modelfile
    OLLAMA_LOADED = "ollama_loaded"  # the window the model is loaded with (/api/ps)
    OLLAMA_NATIVE = "ollama_native"  # num_ctx sent with each request on /api/chat
    LMSTUDIO = "lmstudio"  # loaded_context_length (/api/v0/models)
    LLAMACPP = "llamacpp"  # n_ctx (/props)
    ENGINE = "engine"  # the built-in engine, started with this window


@dataclass(frozen=True)
class ServerWindow:
    """The window requests run at, where that figure comes from, and what more there is."""

    window: int
    source: WindowSource
    trained: int | None = None  # the model's trained context, where the server says
    #: the largest window Threadgist may ask for per request (Ollama's native API: the
    #: trained context, at most what this computer's memory allows); None: no such choice
    allowed: int | None = None
    #: requests go to Ollama's /api/chat with options.num_ctx = window
    native: bool = False
    #: the server answered on Ollama's native API (it can take the window per request)
    can_native: bool = False

    def fit(self, need: int) -> ServerWindow:
        """The window for prompts and answers of ``need`` tokens: on Ollama, a larger one
        through the native API when the current one is too small and the model and this
        computer allow more. Ollama's default window is a guess (OLLAMA_CONTEXT_LENGTH may
        change it): where the native API answers, it is sent with every request instead,
        so that the window the prompts are planned for is the one the model runs at."""
        if not self.can_native or self.native:
            return self
        if self.allowed is not None and need > self.window and self.allowed > self.window:
            return replace(
                self, window=window_for(need, self.allowed), source=WindowSource.OLLAMA_NATIVE, native=True
            )
        if self.source == WindowSource.OLLAMA_DEFAULT:
            return replace(self, source=WindowSource.OLLAMA_NATIVE, native=True)
        return self

    def describe(self) -> Message:
        """ "4,096 tokens — Ollama's default; model allows 32,768", for people."""
        text = msg("{tokens:,} tokens — {source}", tokens=self.window, source=_SOURCES[self.source])
        if self.trained and self.trained != self.window:
            text = msg("{text}; model allows {trained:,}", text=text, trained=self.trained)
        if self.allowed and self.allowed > self.window and not self.native:
            text = msg(
                "{text}; long threads get up to {allowed:,} through Ollama's native API",
                text=text,
                allowed=self.allowed,
            )
        elif self.allowed and self.trained and self.allowed < self.trained:
            text = msg("{text} (this computer's memory allows {allowed:,})", text=text, allowed=self.allowed)
        return text


_SOURCES: dict[WindowSource, Message] = {
    WindowSource.USER: msg("set by you"),
    WindowSource.PRESET: msg("the preset's assumption (the server did not say)"),
    WindowSource.OLLAMA_DEFAULT: msg("Ollama's default"),
    WindowSource.OLLAMA_MODELFILE: msg("set in the model's Modelfile (num_ctx)"),
    WindowSource.OLLAMA_LOADED: msg("as Ollama has the model loaded (/api/ps)"),
    WindowSource.OLLAMA_NATIVE: msg("asked of Ollama with each request (num_ctx)"),
    WindowSource.LMSTUDIO: msg("as LM Studio has the model loaded (/api/v0/models)"),
    WindowSource.LLAMACPP: msg("from the server's /props"),
    WindowSource.ENGINE: msg("the built-in engine is started with it"),
}


def server_root(profile: EndpointProfile) -> str:
    """The server's address without the OpenAI route's /v1."""
    base = profile.base_url.rstrip("/")
    return base[:-3] if base.endswith("/v1") else base


def configured(profile: EndpointProfile) -> ServerWindow:
    """The window without asking the server: the profile's, else the preset's."""
    if profile.context_window:
        return ServerWindow(profile.context_window, WindowSource.USER)
    if profile.kind.engine:
        return ServerWindow(profile.kind.context_window, WindowSource.ENGINE)
    if profile.kind.ollama_api:
        return ServerWindow(profile.kind.context_window, WindowSource.OLLAMA_DEFAULT)
    return ServerWindow(profile.kind.context_window, WindowSource.PRESET)


async def server_window(
    profile: EndpointProfile, key: str | None = None, *, machine: Machine | None = None
) -> ServerWindow:
    """Ask the profile's server for its real window. Never raises for the server's sake:
    a server that does not answer as expected leaves :func:`configured`'s figure (the
    run's requests then say what is wrong with it)."""
    base = configured(profile)
    kind = profile.kind
    try:
        async with asyncio.timeout(ASK_TIMEOUT):
            if kind.ollama_api:
                return await _ollama(profile, key, base, machine)
            if kind.lmstudio_api:
                return await _lmstudio(profile, key, base)
            if kind.llama_server:
                return await _llamacpp(profile, key, base)
    except (OSError, HttpFault, HttpStatus, ValueError, TimeoutError):
        pass
    return base


async def _ollama(
    profile: EndpointProfile, key: str | None, base: ServerWindow, machine: Machine | None
) -> ServerWindow:
    root = server_root(profile)
    show = await request_json("POST", f"{root}/api/show", {"model": profile.model}, key=key)
    try:
        ps = await request_json("GET", f"{root}/api/ps", key=key)
    except (OSError, HttpFault, HttpStatus, ValueError):
        ps = None
    model = read_model(show, ps, profile.model)
    trained = model.trained
    if model.modelfile_ctx:
        route = ServerWindow(model.modelfile_ctx, WindowSource.OLLAMA_MODELFILE, trained)
    elif model.loaded_ctx:
        route = ServerWindow(model.loaded_ctx, WindowSource.OLLAMA_LOADED, trained)
    else:
        route = ServerWindow(OLLAMA_DEFAULT_WINDOW, WindowSource.OLLAMA_DEFAULT, trained)
    route = replace(route, window=min(route.window, trained) if trained else route.window, can_native=True)
    if base.source == WindowSource.USER:
        wanted = min(base.window, trained) if trained else base.window
        if wanted == route.window:
            return replace(route, source=WindowSource.USER)
        # the OpenAI route would ignore it: the user's window goes with every request
        return ServerWindow(wanted, WindowSource.USER, trained, native=True, can_native=True)
    if not trained:
        return route  # no larger window is known to be safe
    allowed = min(trained, memory_window(model, machine or this_machine()))
    return replace(route, allowed=allowed)


async def _lmstudio(profile: EndpointProfile, key: str | None, base: ServerWindow) -> ServerWindow:
    listing = await request_json("GET", f"{server_root(profile)}/api/v0/models", key=key)
    entry = _lmstudio_entry(listing, profile.model)
    if entry is None:
        return base
    trained = _positive(entry.get("max_context_length"))
    loaded = _positive(entry.get("loaded_context_length"))
    if base.source == WindowSource.USER or loaded is None:
        return replace(base, trained=trained)
    return ServerWindow(loaded, WindowSource.LMSTUDIO, trained)


def _lmstudio_entry(listing: Any, model: str) -> dict[str, Any] | None:
    entries = listing.get("data") if isinstance(listing, dict) else None
    if not isinstance(entries, list):
        return None
    for entry in entries:
        if isinstance(entry, dict) and entry.get("id") == model:
            return entry
    if not model:  # the server's default: the loaded model, if one is
        return next((e for e in entries if isinstance(e, dict) and e.get("state") == "loaded"), None)
    return None


async def _llamacpp(profile: EndpointProfile, key: str | None, base: ServerWindow) -> ServerWindow:
    root = server_root(profile)
    props = await request_json("GET", f"{root}/props", key=key)
    settings = props.get("default_generation_settings") if isinstance(props, dict) else None
    n_ctx = _positive(settings.get("n_ctx") if isinstance(settings, dict) else None)
    n_ctx = n_ctx or _positive(props.get("n_ctx") if isinstance(props, dict) else None)
    trained: int | None = None
    try:
        listing = await request_json("GET", f"{root}/v1/models", key=key)
        entries = listing.get("data") if isinstance(listing, dict) else None
        meta = entries[0].get("meta") if isinstance(entries, list) and entries else None
        trained = _positive(meta.get("n_ctx_train") if isinstance(meta, dict) else None)
    except (OSError, HttpFault, HttpStatus, ValueError, AttributeError):
        pass
    if n_ctx is None:
        return replace(base, trained=trained)
    if base.source == WindowSource.USER and base.window <= n_ctx:
        return replace(base, trained=trained)
    return ServerWindow(n_ctx, WindowSource.LLAMACPP, trained)


def _positive(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None

"""Endpoint profiles, stored as JSON under the config folder (never with keys)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from ..store.jsonfile import read_json, write_json_atomic
from ..store.paths import config_dir
from .presets import Preset, preset

FILE_VERSION = 1


@dataclass
class EndpointProfile:
    name: str
    preset: str
    base_url: str
    model: str
    api_version: str | None = None  # Azure classic
    deployment: str | None = None  # Azure classic
    context_window: int | None = None
    output_reserve: int | None = None
    concurrency: int | None = None
    #: CPU threads of the built-in engine (None: every core this process may use)
    threads: int | None = None
    #: seconds one request may take, its retries included (None: 600 s, more for local
    #: servers on long prompts; see llm/client.py)
    request_timeout: float | None = None

    @property
    def kind(self) -> Preset:
        return preset(self.preset)

    @property
    def effective_context(self) -> int:
        return self.context_window or self.kind.context_window

    @property
    def effective_concurrency(self) -> int:
        return max(1, self.concurrency or self.kind.concurrency)

    @property
    def caps_key(self) -> str:
        """Where what is learnt about this endpoint and model is kept (llm/capabilities.py)."""
        return f"{self.identity}|{self.model_label}"

    @property
    def identity(self) -> str:
        """What identifies the endpoint in caches: the base URL, except for the built-in
        engine, whose port changes every start."""
        if self.kind.engine:
            return "builtin:" + (self.model.rsplit("/", 1)[-1] or "default")
        return self.base_url.rstrip("/")

    @property
    def bundled_model(self) -> bool:
        """The built-in engine with the tiny model that ships with the app (SmolLM2-135M):
        measured below a trivial baseline on the labelled threads, it only shows the
        mechanics (benchmarks/results/quality.md)."""
        return self.kind.engine and not self.model.endswith(".gguf")

    @property
    def model_label(self) -> str:
        return self.deployment or self.model or "(server default)"

    @classmethod
    def from_preset(cls, name: str, preset_id: str, **overrides: Any) -> EndpointProfile:
        kind = preset(preset_id)
        values: dict[str, Any] = {"base_url": kind.base_url, "model": kind.default_model}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(name=name, preset=preset_id, **values)

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EndpointProfile:
        names = {spec.name for spec in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


class ProfileStore:
    """The user's endpoint profiles and which one is the default."""

    def __init__(self, path: Path | None = None):
        self.path = path or config_dir() / "endpoints.json"
        self.profiles: dict[str, EndpointProfile] = {}
        self.default: str | None = None
        self.load()

    def load(self) -> None:
        doc = read_json(self.path) or {}
        self.profiles = {}
        for entry in doc.get("profiles", []):
            try:
                profile = EndpointProfile.from_json(entry)
                profile.kind  # noqa: B018  (validates the preset)
            except (TypeError, KeyError):
                continue
            self.profiles[profile.name] = profile
        default = doc.get("default")
        self.default = default if default in self.profiles else next(iter(self.profiles), None)

    def save(self) -> None:
        write_json_atomic(
            self.path,
            {
                "version": FILE_VERSION,
                "default": self.default,
                "profiles": [profile.to_json() for profile in self.profiles.values()],
            },
        )

    def add(self, profile: EndpointProfile, *, make_default: bool = False) -> None:
        self.profiles[profile.name] = profile
        if make_default or self.default is None:
            self.default = profile.name
        self.save()

    def remove(self, name: str) -> bool:
        if self.profiles.pop(name, None) is None:
            return False
        if self.default == name:
            self.default = next(iter(self.profiles), None)
        self.save()
        return True

    def get(self, name: str | None = None) -> EndpointProfile | None:
        if name is None:
            name = self.default
        return self.profiles.get(name) if name else None

"""Endpoint profiles, stored as JSON under the config folder (never with keys)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from ..messages import Message, msg
from .presets import PRESETS, Preset, preset

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
    def from_json(cls, data: object) -> EndpointProfile:
        """A profile from its JSON object; :class:`ProfileError` names what is wrong (a
        field missing or of the wrong type, an unknown preset). Unknown fields are ignored."""
        if not isinstance(data, dict):
            raise ProfileError(None, msg("it is not a JSON object"))
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ProfileError(None, msg("it has no name"))
        values: dict[str, Any] = {}
        for spec in fields(cls):
            value = data.get(spec.name)
            if value is None and spec.name not in _REQUIRED:
                continue
            if not _fits(value, _FIELD_TYPES[spec.name]):
                raise ProfileError(
                    name, msg("its field “{field}” is missing or of the wrong type", field=spec.name)
                )
            values[spec.name] = value
        if values["preset"] not in PRESETS:
            raise ProfileError(name, msg("its preset “{preset}” is unknown", preset=values["preset"]))
        return cls(**values)


_REQUIRED = ("name", "preset", "base_url", "model")
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "name": (str,),
    "preset": (str,),
    "base_url": (str,),
    "model": (str,),
    "api_version": (str,),
    "deployment": (str,),
    "context_window": (int,),
    "output_reserve": (int,),
    "concurrency": (int,),
    "threads": (int,),
    "request_timeout": (int, float),
}


def _fits(value: object, kinds: tuple[type, ...]) -> bool:
    return isinstance(value, kinds) and not isinstance(value, bool)


class ProfileError(ValueError):
    """A profile in endpoints.json that cannot be read: its name (when it has one) and why."""

    def __init__(self, name: str | None, why: Message):
        super().__init__(str(why))
        self.name = name
        self.why = why

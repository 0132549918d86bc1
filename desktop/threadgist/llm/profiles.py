"""Endpoint profiles, stored as JSON under the config folder (never with keys)."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from ..messages import Message, Text, msg
from ..store.jsonfile import DamagedFile, move_aside, read_json_checked, write_json_atomic
from ..store.paths import config_dir
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


@dataclass(frozen=True)
class Damage:
    """What was wrong with endpoints.json when it was loaded. ``whole``: the file could not
    be read at all (``why``); else ``lost`` are the profiles that could not be read (name
    or None, and why), left in the file as they were. ``default``: the default profile's
    name when it is among those lost (or when the whole file is lost: "")."""

    path: Path
    whole: Text | None
    lost: tuple[ProfileError, ...]
    kept: int
    default: str | None

    def lost_names(self) -> set[str]:
        return {problem.name for problem in self.lost if problem.name}

    def headline(self) -> Message:
        """What happened, in one line: the file, what was kept and what was left aside."""
        if self.whole is not None:
            return msg(
                "{path} cannot be read ({why}): no endpoint was loaded from it. It is left as it "
                "is; saving an endpoint moves it aside to {aside}",
                path=str(self.path),
                why=self.whole,
                aside=self.path.name + ".corrupt",
            )
        return msg(
            "{path}: {count} endpoint(s) could not be read and were left in the file as they "
            "are; {kept} loaded",
            path=str(self.path),
            count=len(self.lost),
            kept=self.kept,
        )

    def details(self) -> list[Message]:
        """Each profile that could not be read, and why."""
        return [
            msg("“{name}”: {why}", name=problem.name, why=problem.why)
            if problem.name
            else msg("an entry: {why}", why=problem.why)
            for problem in self.lost
        ]

    def line(self) -> str:
        """:meth:`headline` and :meth:`details` in English, on one line (the command line)."""
        details = "; ".join(str(detail) for detail in self.details())
        return str(self.headline()) + (f" ({details})" if details else "")


class ProfileStore:
    """The user's endpoint profiles and which one is the default.

    A damaged file loses nothing: profiles that cannot be read (a preset this version does
    not know, a field of the wrong type) stay in the file as they were and :attr:`damage`
    says so; a file that cannot be read at all is left in place until the next save, which
    moves it aside (:attr:`moved_aside`) first. The default is never replaced behind the
    user's back: when it names a profile that could not be read, :meth:`get` of the default
    is None and :attr:`damage` names it."""

    def __init__(self, path: Path | None = None):
        self.path = path or config_dir() / "endpoints.json"
        self.profiles: dict[str, EndpointProfile] = {}
        self.default: str | None = None
        self.damage: Damage | None = None
        self.moved_aside: Path | None = None  # where the last save moved a damaged file
        self.damage_told = False  # whether the user was told of :attr:`damage` (once)
        self._unread: list[tuple[str | None, object]] = []  # (name, entry as it was)
        self._unread_default: object = None
        self.load()

    def load(self) -> None:
        self.profiles, self._unread, self._unread_default, self.damage = {}, [], None, None
        try:
            doc = read_json_checked(self.path)
        except DamagedFile as e:
            self._damaged(e.why)
            return
        if doc is None:
            self.default = None
            return
        entries = doc.get("profiles", []) if isinstance(doc, dict) else None
        if not isinstance(entries, list):
            self._damaged(msg("it does not hold a list of endpoint profiles"))
            return
        lost: list[ProfileError] = []
        first_lost = False  # the first profile in the file (the default when none is named)
        for number, entry in enumerate(entries):
            try:
                profile = EndpointProfile.from_json(entry)
            except ProfileError as e:
                lost.append(e)
                self._unread.append((e.name, entry))
                first_lost = first_lost or number == 0
                continue
            self.profiles[profile.name] = profile
        self._load_default(doc.get("default"), lost, first_lost)

    def _load_default(self, default: object, lost: list[ProfileError], first_lost: bool) -> None:
        lost_names = {problem.name for problem in lost}
        missing_default: str | None = None
        if isinstance(default, str) and default in self.profiles:
            self.default = default
        elif isinstance(default, str) and default in lost_names:
            self.default, missing_default, self._unread_default = None, default, default
        elif default is not None and not isinstance(default, str):
            lost.append(ProfileError(None, msg("the default endpoint is not a name")))
            self.default, missing_default, self._unread_default = None, "", default
        elif default is None and first_lost:  # the implicit default could not be read
            self.default, missing_default = None, lost[0].name or ""
        else:
            self.default = next(iter(self.profiles), None)
        if lost:
            self.damage = Damage(self.path, None, tuple(lost), len(self.profiles), missing_default)

    def _damaged(self, why: Text) -> None:
        self.default = None
        self.damage = Damage(self.path, why, (), 0, "")

    @property
    def default_lost(self) -> bool:
        """Whether the default profile could not be read (runs that want it must stop)."""
        return self.damage is not None and self.damage.default is not None

    def save(self) -> None:
        if self.damage is not None and self.damage.whole is not None:
            self.moved_aside = move_aside(self.path)  # kept as evidence, never overwritten
            self.damage = None
        default: object = self.default if self.default is not None else self._unread_default
        write_json_atomic(
            self.path,
            {
                "version": FILE_VERSION,
                "default": default,
                "profiles": [profile.to_json() for profile in self.profiles.values()]
                + [entry for _, entry in self._unread],
            },
        )

    def add(self, profile: EndpointProfile, *, make_default: bool = False) -> None:
        self.profiles[profile.name] = profile
        self._forget_unread(profile.name)
        if make_default or (self.default is None and not self.default_lost):
            self.default = profile.name
            self._unread_default = None
        self.save()

    def remove(self, name: str) -> bool:
        """Remove a profile (one that could not be read too)."""
        found = self.profiles.pop(name, None) is not None
        found = self._forget_unread(name) or found
        if not found:
            return False
        if self.default == name or self._unread_default == name:
            self._unread_default = None
            self.default = next(iter(self.profiles), None)
        self.save()
        return True

    def _forget_unread(self, name: str) -> bool:
        before = len(self._unread)
        self._unread = [(lost, entry) for lost, entry in self._unread if lost != name]
        if self.damage is not None and len(self._unread) < before:
            left = tuple(problem for problem in self.damage.lost if problem.name != name)
            default = None if self.damage.default == name else self.damage.default
            self.damage = (
                dataclasses.replace(self.damage, lost=left, default=default) if left or default else None
            )
        return len(self._unread) < before

    def get(self, name: str | None = None) -> EndpointProfile | None:
        if name is None:
            name = self.default
        return self.profiles.get(name) if name else None

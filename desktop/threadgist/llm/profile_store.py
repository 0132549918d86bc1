"""The endpoint profiles' file: endpoints.json under the config folder (never with keys),
read with what was wrong with it (:class:`Damage`: profiles that cannot be read stay in
the file as they were) and written whole."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from ..messages import Message, Text, msg
from ..store.jsonfile import DamagedFile, move_aside, read_json_checked, write_json_atomic
from ..store.paths import config_dir
from .profiles import FILE_VERSION, EndpointProfile, ProfileError


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

"""One comment of a thread, kept small: a 64 MB file of copied PTT text holds over a million
of them, and they are most of what the app keeps in memory (issue 23).

A PTT push has no parent, depth or deletion mark, so those three live only in the
instances that need them (:class:`TreeComment`, chosen by the constructor); a dotted IPv4
address is kept as the int it spells and turned back into the same text when read. Both
are invisible to readers: ``Comment(...)`` takes the same arguments, every field reads as
before (``comment.ip`` is still the text that was given), and ``dataclasses.replace``,
``fields`` and ``asdict`` work on it as on the dataclass it was.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from socket import inet_aton, inet_ntoa
from typing import Any, ClassVar


class FrozenCommentError(AttributeError):
    """A comment's fields cannot be changed (``dataclasses.replace`` makes a new one)."""


def pack_ip(ip: str | None) -> int | str | None:
    """``ip`` as the 32-bit number it spells when it is a dotted IPv4 address that spells
    back the same ("1.2.3.4", not "01.2.3.4" or "1.2.3"); any other text as it is."""
    if type(ip) is not str:  # None; anything else is kept as its text, never as a number
        return None if ip is None else str(ip)
    try:
        packed = inet_aton(ip)
    except (OSError, ValueError, UnicodeError):
        return ip
    return int.from_bytes(packed, "big") if inet_ntoa(packed) == ip else ip


def unpack_ip(stored: int | str | None) -> str | None:
    """The text :func:`pack_ip` was given."""
    if isinstance(stored, int):
        return inet_ntoa(stored.to_bytes(4, "big"))
    return stored


@dataclasses.dataclass(frozen=True)
class _Fields:
    """Comment's fields, as the dataclass it was had them (never made: its fields are what
    ``dataclasses.replace``, ``fields`` and ``asdict`` read on a :class:`Comment`)."""

    floor: int
    author: str
    text: str
    tag: str | None = None
    time: datetime | None = None
    ip: str | None = None
    parent: int | None = None
    depth: int = 0
    deleted: bool = False


class Comment:
    """One comment: a PTT push line, or one Reddit/HN comment. Immutable; equal when every
    field is equal; ``dataclasses.replace(comment, text=...)`` makes a changed copy."""

    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]] = _Fields.__dataclass_fields__

    __slots__ = ("_ip", "author", "floor", "tag", "text", "time")

    floor: int
    author: str
    text: str
    tag: str | None
    time: datetime | None
    _ip: int | str | None

    def __new__(
        cls,
        floor: int,
        author: str,
        text: str,
        tag: str | None = None,
        time: datetime | None = None,
        ip: str | None = None,
        parent: int | None = None,
        depth: int = 0,
        deleted: bool = False,
    ) -> Comment:
        """A :class:`TreeComment` when the comment has a parent, a depth or is deleted."""
        return object.__new__(cls if parent is None and not depth and not deleted else TreeComment)

    def __init__(
        self,
        floor: int,
        author: str,
        text: str,
        tag: str | None = None,
        time: datetime | None = None,
        ip: str | None = None,
        parent: int | None = None,
        depth: int = 0,
        deleted: bool = False,
    ) -> None:
        put = object.__setattr__
        put(self, "floor", floor)
        put(self, "author", author)
        put(self, "text", text)
        put(self, "tag", tag)
        put(self, "time", time)
        put(self, "_ip", pack_ip(ip))
        if isinstance(self, TreeComment):
            put(self, "parent", parent)
            put(self, "depth", depth)
            put(self, "deleted", deleted)

    @property
    def ip(self) -> str | None:
        return unpack_ip(self._ip)

    @property
    def parent(self) -> int | None:
        return None

    @property
    def depth(self) -> int:
        return 0

    @property
    def deleted(self) -> bool:
        return False

    def fields(self) -> tuple[int, str, str, str | None, datetime | None, str | None, int | None, int, bool]:
        """Every field, in the constructor's order."""
        return (
            self.floor,
            self.author,
            self.text,
            self.tag,
            self.time,
            self.ip,
            self.parent,
            self.depth,
            self.deleted,
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenCommentError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenCommentError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Comment):
            return NotImplemented
        return self.fields() == other.fields()

    def __hash__(self) -> int:
        return hash(self.fields())

    def __repr__(self) -> str:
        names = ("floor", "author", "text", "tag", "time", "ip", "parent", "depth", "deleted")
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(names, self.fields(), strict=True))
        return f"Comment({shown})"

    def __reduce__(self) -> tuple[type[Comment], tuple[Any, ...]]:
        return (Comment, self.fields())


class TreeComment(Comment):
    """A comment in a tree of replies (Reddit, Hacker News), or a deleted one."""

    __slots__ = ("deleted", "depth", "parent")

    parent: int | None  # slots here, constants in Comment
    depth: int
    deleted: bool

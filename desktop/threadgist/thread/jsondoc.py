"""JSON documents held compactly: a thread file of a million comments is a million small
objects, and a ``dict`` costs about 250 bytes before its values. Objects load as
:class:`JsonObject`, a read-only mapping that stores a key tuple shared by every object
of the same shape and a tuple of values; short strings (tags, user ids, empty texts) are
stored once. The parsers read both this and plain ``dict`` (through ``Mapping``)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

#: Strings up to this length are shared between objects (tags, ids, "", "null").
_SHARED_LEN = 16


class JsonObject(Mapping[str, Any]):
    """A read-only JSON object: keys in file order, unique (the last of duplicates wins,
    as in ``json.loads``)."""

    __slots__ = ("_keys", "_values")

    def __init__(self, keys: tuple[str, ...], values: tuple[Any, ...]) -> None:
        self._keys = keys
        self._values = values

    def __getitem__(self, key: str) -> Any:
        try:
            return self._values[self._keys.index(key)]
        except ValueError:
            raise KeyError(key) from None

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self._values[self._keys.index(key)]
        except ValueError:
            return default

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"JsonObject({dict(zip(self._keys, self._values, strict=True))!r})"


def loads(text: str) -> Any:
    """``json.loads`` with objects as :class:`JsonObject`; raises ``JSONDecodeError``."""
    shapes: dict[tuple[str, ...], tuple[str, ...]] = {}
    shared: dict[str, str] = {}

    def obj(pairs: list[tuple[str, Any]]) -> Mapping[str, Any]:
        keys = tuple([k for k, _ in pairs])
        shape = shapes.get(keys)
        if shape is None:
            shape = shapes[keys] = keys if len(set(keys)) == len(keys) else ()
        if not shape and keys:  # duplicate keys: let dict keep the last of each
            return dict(pairs)
        values = tuple(
            [shared.setdefault(v, v) if type(v) is str and len(v) <= _SHARED_LEN else v for _, v in pairs]
        )
        return JsonObject(shape, values)

    return json.loads(text, object_pairs_hook=obj)

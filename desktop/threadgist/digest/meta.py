"""How and when a digest was made (:class:`DigestMeta`): the endpoint, the thread as it
was then, what the run read and why it made more calls, read back leniently from JSON."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

D = TypeVar("D", bound="DataclassInstance")


@dataclass
class ThreadInfo:
    """The thread a digest is of, as it was then."""

    title: str = ""
    board: str = ""
    site: str = ""
    format: str = ""
    hash: str = ""  # of its content (digest/cachekey.py)


@dataclass
class Covered:
    """What a digest read of a thread that may grow (digest/growth.py)."""

    comments: int
    last_floor: int
    prefix: str  # hash of the article and those comments


@dataclass
class NewSince:
    """A "what's new" digest: of the ``comments`` after ``floor``."""

    floor: int
    comments: int


@dataclass
class DigestMeta:
    """How and when a digest was made. In its JSON every field is kept except
    ``cached``, which says the digest shown came from the cache (set on reading it)."""

    endpoint: str = ""
    preset: str = ""
    base_url: str = ""
    model: str = ""
    lang: str = "en"
    prompt_version: str = ""
    created_at: float = 0.0  # seconds since the epoch
    seconds: float = 0.0  # how long the run took
    thread: ThreadInfo = field(default_factory=ThreadInfo)
    encoding: str = ""  # the tiktoken encoding the plan counted with
    pipeline: str = "single"
    form: str = "rich"  # the answers' form: rich, or compact (digest/forms.py)
    planned_calls: int = 0
    changes: list[str] = field(default_factory=list)  # why the run made more calls
    covered: Covered | None = None
    reused_parts: int = 0  # parts whose partial result came from the cache
    new_since: NewSince | None = None
    cached: bool = False

    def to_json(self) -> dict[str, Any]:
        doc = asdict(self)
        for key in ("covered", "new_since"):
            if doc[key] is None:
                del doc[key]
        if not self.cached:
            del doc["cached"]
        return doc

    @classmethod
    def from_json(cls, doc: object) -> DigestMeta:
        """Lenient: older digests lack fields, and a field of the wrong type is left at its
        default (the cache may hold anything)."""
        if not isinstance(doc, dict):
            return cls()
        meta = cls()
        for data_field in dataclasses.fields(cls):
            value = doc.get(data_field.name)
            if data_field.name == "thread":
                meta.thread = _build(ThreadInfo, value) or ThreadInfo()
            elif data_field.name == "covered":
                meta.covered = _build(Covered, value)
            elif data_field.name == "new_since":
                meta.new_since = _build(NewSince, value)
            elif isinstance(value, type(getattr(meta, data_field.name))) or (
                isinstance(value, int) and isinstance(getattr(meta, data_field.name), float)
            ):
                setattr(meta, data_field.name, value)
        meta.changes = [str(change) for change in meta.changes]
        return meta


def _build(cls: type[D], value: object) -> D | None:
    """``cls`` (a dataclass) from a JSON object, or None when a field is missing or of
    another type."""
    if not isinstance(value, dict):
        return None
    args: dict[str, object] = {}
    for data_field in dataclasses.fields(cls):
        field_value = value.get(data_field.name)
        kinds: dict[str, type | tuple[type, ...]] = {"str": str, "int": int, "float": (int, float)}
        want = kinds.get(str(data_field.type), object)
        if field_value is None or isinstance(field_value, bool) or not isinstance(field_value, want):
            if data_field.default is dataclasses.MISSING:
                return None
            continue
        args[data_field.name] = field_value
    return cls(**args)

"""The digest: what the reader sees, with everything countable computed by code."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, field
from typing import Any

from ..messages import Message, Text, text_from_json, text_to_json

SCHEMA_VERSION = 1


@dataclass
class GroupStats:
    comments: int
    users: int
    push: int
    boo: int
    arrow: int
    share: float  # of all comment lines


@dataclass
class Quote:
    floor: int
    text: str
    author: str = ""


@dataclass
class Viewpoint:
    title: str
    statement: str
    floors: list[int]
    quotes: list[Quote]
    stats: GroupStats | None = None
    authors: list[str] = field(default_factory=list)


@dataclass
class Digression:
    title: str
    description: str
    floors: list[int]
    stats: GroupStats | None = None


@dataclass
class Removed:
    kind: str  # "floor" | "quote" | "viewpoint" | "off_topic"
    where: str
    floor: int | None
    text: str
    reason: Text  # a message (the GUI and a zh-TW digest show it translated)

    def to_json(self) -> dict[str, Any]:
        """``reason`` as English text; ``reason_message`` the same with its template and
        parameters, when it is a message."""
        d: dict[str, Any] = {
            "kind": self.kind,
            "where": self.where,
            "floor": self.floor,
            "text": self.text,
            "reason": str(self.reason),
        }
        if isinstance(self.reason, Message):
            d["reason_message"] = self.reason.to_json()
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Removed:
        """What :meth:`to_json` wrote (older files and caches have the English text only)."""
        return cls(
            d["kind"],
            d["where"],
            d["floor"],
            d["text"],
            Message.from_json(d.get("reason_message")) or d["reason"],
        )


@dataclass
class Verification:
    checked: int = 0
    removed: list[Removed] = field(default_factory=list)
    quotes_given: int = 0  # quotes the model wrote
    quotes_kept: int = 0  # of those, shown (verbatim in the comment they cite)
    settled: int = 0  # claims of a line by a second group, dropped (digest/settle.py)


@dataclass
class Reason:
    """Why a digest may be unreliable: a stable code, its figures, and an English line
    (the GUI translates by code)."""

    code: str
    detail: str
    figures: list[float] = field(default_factory=list)


@dataclass
class Reliability:
    """The verdict of the checks computed on every digest (digest/reliability.py)."""

    level: str = "ok"  # "ok" | "low"
    reasons: list[Reason] = field(default_factory=list)

    @property
    def low(self) -> bool:
        return self.level == "low"


@dataclass
class Usage:
    """Requests and tokens. A digest's: ``calls`` and the tokens are what the whole digest
    cost, the parts that earlier runs (or another process) left in the cache included;
    ``run_*`` what the run that finished it spent (None on digests made before these were
    kept, whose figures are that run's); ``map_calls`` and ``reduce_calls`` that run's
    too. ``uncounted_parts``: reused parts whose cost was not kept (cached by an older
    version), left out of the totals."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    map_calls: int = 0
    reduce_calls: int = 0
    estimated: bool = False  # some counts are local estimates (server reported none)
    run_calls: int | None = None
    run_prompt_tokens: int | None = None
    run_completion_tokens: int | None = None
    uncounted_parts: int = 0

    def add(self, prompt: int, completion: int, calls: int = 1) -> None:
        self.prompt_tokens += prompt
        self.completion_tokens += completion
        self.calls += calls

    @property
    def across_runs(self) -> bool:
        """Whether earlier runs spent part of the totals (the run's figures differ)."""
        return self.run_calls is not None and (
            self.run_calls,
            self.run_prompt_tokens,
            self.run_completion_tokens,
        ) != (self.calls, self.prompt_tokens, self.completion_tokens)


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
    planned_calls: int = 0
    changes: list[str] = field(default_factory=list)  # why the run made more calls
    covered: Covered | None = None
    reused_parts: int = 0  # parts whose partial result came from the cache
    new_since: NewSince | None = None
    cached: bool = False

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("covered", "new_since"):
            if d[key] is None:
                del d[key]
        if not self.cached:
            del d["cached"]
        return d

    @classmethod
    def from_json(cls, d: object) -> DigestMeta:
        """Lenient: older digests lack fields, and a field of the wrong type is left at its
        default (the cache may hold anything)."""
        if not isinstance(d, dict):
            return cls()
        meta = cls()
        for f in dataclasses.fields(cls):
            value = d.get(f.name)
            if f.name == "thread":
                meta.thread = _build(ThreadInfo, value) or ThreadInfo()
            elif f.name == "covered":
                meta.covered = _build(Covered, value)
            elif f.name == "new_since":
                meta.new_since = _build(NewSince, value)
            elif isinstance(value, type(getattr(meta, f.name))) or (
                isinstance(value, int) and isinstance(getattr(meta, f.name), float)
            ):
                setattr(meta, f.name, value)
        meta.changes = [str(c) for c in meta.changes]
        return meta


def _build(cls: Any, value: object) -> Any:
    """``cls`` (a dataclass) from a JSON object, or None when a field is missing or of
    another type."""
    if not isinstance(value, dict):
        return None
    args: dict[str, object] = {}
    for f in dataclasses.fields(cls):
        v = value.get(f.name)
        kinds: dict[str, type | tuple[type, ...]] = {"str": str, "int": int, "float": (int, float)}
        want = kinds.get(str(f.type), object)
        if v is None or isinstance(v, bool) or not isinstance(v, want):
            if f.default is dataclasses.MISSING:
                return None
            continue
        args[f.name] = v
    return cls(**args)


@dataclass
class Digest:
    summary: str
    viewpoints: list[Viewpoint]
    off_topic: list[Digression]
    totals: dict[str, int]
    shares: dict[str, float]
    verification: Verification
    usage: Usage
    meta: DigestMeta
    #: plain text or messages (the GUI shows those in the interface's language)
    warnings: list[Text] = field(default_factory=list)
    reliability: Reliability = field(default_factory=Reliability)
    schema_version: int = SCHEMA_VERSION

    def to_json(self) -> dict[str, Any]:
        """``warnings`` as English text; ``warning_messages`` the same with their templates
        and parameters, when there are messages among them."""
        d = asdict(dataclasses.replace(self, warnings=[]))
        d["warnings"] = [str(w) for w in self.warnings]
        if any(isinstance(w, Message) for w in self.warnings):
            d["warning_messages"] = [text_to_json(w) for w in self.warnings]
        d["verification"]["removed"] = [r.to_json() for r in self.verification.removed]
        d["meta"] = self.meta.to_json()
        return {
            "schema_version": self.schema_version,
            **{k: v for k, v in d.items() if k != "schema_version"},
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Digest:
        def stats(x: dict[str, Any] | None) -> GroupStats | None:
            return GroupStats(**x) if x else None

        return cls(
            summary=d["summary"],
            viewpoints=[
                Viewpoint(
                    v["title"],
                    v["statement"],
                    v["floors"],
                    [Quote(**q) for q in v["quotes"]],
                    stats(v.get("stats")),
                    v.get("authors", []),
                )
                for v in d["viewpoints"]
            ],
            off_topic=[
                Digression(o["title"], o["description"], o["floors"], stats(o.get("stats")))
                for o in d["off_topic"]
            ],
            totals=d["totals"],
            shares=d["shares"],
            verification=Verification(
                d["verification"]["checked"],
                [Removed.from_json(r) for r in d["verification"]["removed"]],
                d["verification"].get("quotes_given", 0),
                d["verification"].get("quotes_kept", 0),
                d["verification"].get("settled", 0),
            ),
            usage=Usage(**d["usage"]),
            meta=DigestMeta.from_json(d.get("meta")),
            warnings=_warnings(d),
            reliability=Reliability(rel.get("level", "ok"), [Reason(**r) for r in rel.get("reasons", [])])
            if isinstance(rel := d.get("reliability"), dict)
            else Reliability(),
            schema_version=d.get("schema_version", SCHEMA_VERSION),
        )


def _warnings(d: dict[str, Any]) -> list[Text]:
    """A digest's warnings from its JSON: with their messages where it has them (older
    files and caches have the English text only)."""
    text = d.get("warnings", [])
    messages = d.get("warning_messages")
    if isinstance(messages, list) and len(messages) == len(text):
        return [text_from_json(m) for m in messages]
    return list(text)

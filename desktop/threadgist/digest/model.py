"""The digest: what the reader sees, with everything countable computed by code."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

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
    reason: str


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
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    map_calls: int = 0
    reduce_calls: int = 0
    estimated: bool = False  # some counts are local estimates (server reported none)

    def add(self, prompt: int, completion: int, calls: int = 1) -> None:
        self.prompt_tokens += prompt
        self.completion_tokens += completion
        self.calls += calls


@dataclass
class Digest:
    summary: str
    viewpoints: list[Viewpoint]
    off_topic: list[Digression]
    totals: dict[str, int]
    shares: dict[str, float]
    verification: Verification
    usage: Usage
    meta: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    reliability: Reliability = field(default_factory=Reliability)
    schema_version: int = SCHEMA_VERSION

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        return {"schema_version": self.schema_version, **{k: v for k, v in d.items()
                                                          if k != "schema_version"}}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Digest:
        def stats(x: dict[str, Any] | None) -> GroupStats | None:
            return GroupStats(**x) if x else None

        return cls(
            summary=d["summary"],
            viewpoints=[
                Viewpoint(v["title"], v["statement"], v["floors"],
                          [Quote(**q) for q in v["quotes"]], stats(v.get("stats")),
                          v.get("authors", []))
                for v in d["viewpoints"]
            ],
            off_topic=[
                Digression(o["title"], o["description"], o["floors"], stats(o.get("stats")))
                for o in d["off_topic"]
            ],
            totals=d["totals"], shares=d["shares"],
            verification=Verification(
                d["verification"]["checked"],
                [Removed(**r) for r in d["verification"]["removed"]],
                d["verification"].get("quotes_given", 0), d["verification"].get("quotes_kept", 0),
                d["verification"].get("settled", 0),
            ),
            usage=Usage(**d["usage"]), meta=d["meta"], warnings=d.get("warnings", []),
            reliability=Reliability(
                rel.get("level", "ok"), [Reason(**r) for r in rel.get("reasons", [])]
            ) if isinstance(rel := d.get("reliability"), dict) else Reliability(),
            schema_version=d.get("schema_version", SCHEMA_VERSION),
        )

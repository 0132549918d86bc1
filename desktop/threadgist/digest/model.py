"""The digest: what the reader sees, with everything countable computed by code."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, field
from typing import Any

from ..messages import Message, Text, msg, text_from_json, text_to_json
from .meta import DigestMeta

SCHEMA_VERSION = 1

#: the mark of a digest whose citations were all invalid (:attr:`Verification.all_invalid`)
ALL_INVALID_NOTE = msg(
    "every citation the model gave was invalid: this digest is not reused; the next summarize makes it again"
)
#: said by the run that makes such a digest again
STALE_INVALID_NOTE = msg("the cached digest's citations were all invalid: it was made again")


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
        doc: dict[str, Any] = {
            "kind": self.kind,
            "where": self.where,
            "floor": self.floor,
            "text": self.text,
            "reason": str(self.reason),
        }
        if isinstance(self.reason, Message):
            doc["reason_message"] = self.reason.to_json()
        return doc

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Removed:
        """What :meth:`to_json` wrote (older files and caches have the English text only)."""
        return cls(
            doc["kind"],
            doc["where"],
            doc["floor"],
            doc["text"],
            Message.from_json(doc.get("reason_message")) or doc["reason"],
        )


@dataclass
class Verification:
    checked: int = 0
    removed: list[Removed] = field(default_factory=list)
    quotes_given: int = 0  # quotes the model wrote
    quotes_kept: int = 0  # of those, shown (verbatim in the comment they cite)
    settled: int = 0  # claims of a line by a second group, dropped (digest/settle.py)

    @property
    def all_invalid(self) -> bool:
        """Every citation the model gave (floors and quotes) was invalid and removed: the
        digest is grounded in nothing. Such a digest is marked (:data:`ALL_INVALID_NOTE`)
        and never served from the cache: the next summarize makes it again."""
        invalid = sum(1 for removed in self.removed if removed.kind in ("floor", "quote"))
        return self.checked > 0 and invalid >= self.checked


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
        doc = asdict(dataclasses.replace(self, warnings=[]))
        doc["warnings"] = [str(warning) for warning in self.warnings]
        if any(isinstance(warning, Message) for warning in self.warnings):
            doc["warning_messages"] = [text_to_json(warning) for warning in self.warnings]
        doc["verification"]["removed"] = [removed.to_json() for removed in self.verification.removed]
        doc["meta"] = self.meta.to_json()
        return {
            "schema_version": self.schema_version,
            **{key: value for key, value in doc.items() if key != "schema_version"},
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Digest:
        def stats(raw: dict[str, Any] | None) -> GroupStats | None:
            return GroupStats(**raw) if raw else None

        return cls(
            summary=doc["summary"],
            viewpoints=[
                Viewpoint(
                    viewpoint["title"],
                    viewpoint["statement"],
                    viewpoint["floors"],
                    [Quote(**quote) for quote in viewpoint["quotes"]],
                    stats(viewpoint.get("stats")),
                    viewpoint.get("authors", []),
                )
                for viewpoint in doc["viewpoints"]
            ],
            off_topic=[
                Digression(
                    digression["title"],
                    digression["description"],
                    digression["floors"],
                    stats(digression.get("stats")),
                )
                for digression in doc["off_topic"]
            ],
            totals=doc["totals"],
            shares=doc["shares"],
            verification=Verification(
                doc["verification"]["checked"],
                [Removed.from_json(removed) for removed in doc["verification"]["removed"]],
                doc["verification"].get("quotes_given", 0),
                doc["verification"].get("quotes_kept", 0),
                doc["verification"].get("settled", 0),
            ),
            usage=Usage(**doc["usage"]),
            meta=DigestMeta.from_json(doc.get("meta")),
            warnings=_warnings(doc),
            reliability=Reliability(
                rel.get("level", "ok"), [Reason(**reason) for reason in rel.get("reasons", [])]
            )
            if isinstance(rel := doc.get("reliability"), dict)
            else Reliability(),
            schema_version=doc.get("schema_version", SCHEMA_VERSION),
        )


def _warnings(doc: dict[str, Any]) -> list[Text]:
    """A digest's warnings from its JSON: with their messages where it has them (older
    files and caches have the English text only)."""
    text = doc.get("warnings", [])
    messages = doc.get("warning_messages")
    if isinstance(messages, list) and len(messages) == len(text):
        return [text_from_json(message) for message in messages]
    return list(text)

"""The model's answers as typed data: a partial result (of the whole thread, of one part
of it, or of a merge) and a merge's answer, whose groups name the partial items they
join. Citations in them are the model's word, not yet checked (digest/grounding.py does
that). The JSON shapes are the answer schemas' (digest/schema.py), which is also how
partial results are cached; reading is lenient (a value of the wrong type is left out),
since cached results may come from older versions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

#: which list of a partial result a group is in, and the name of its text there
Kind = Literal["viewpoint", "digression"]
_TEXT_FIELD: dict[Kind, str] = {"viewpoint": "statement", "digression": "description"}

JsonDoc = dict[str, object]


@dataclass(frozen=True)
class Cited:
    """A quote as the model gave it: the floor it cites and the words it says are there."""

    floor: int
    text: str


@dataclass
class Group:
    """A viewpoint or a digression as an answer gives it."""

    title: str
    text: str  # a viewpoint's statement, a digression's description
    floors: list[int]
    quotes: list[Cited] = field(default_factory=list)  # viewpoints only

    def to_json(self, kind: Kind) -> JsonDoc:
        doc: JsonDoc = {"title": self.title, _TEXT_FIELD[kind]: self.text, "floors": list(self.floors)}
        if kind == "viewpoint":
            doc["quotes"] = [{"floor": quote.floor, "text": quote.text} for quote in self.quotes]
        return doc

    @classmethod
    def from_json(cls, doc: object, kind: Kind) -> Group | None:
        if not isinstance(doc, dict):
            return None
        quotes = [
            Cited(quote["floor"], str(quote.get("text", "")))
            for quote in _list(doc.get("quotes"))
            if isinstance(quote, dict) and _is_int(quote.get("floor"))
        ]
        given = doc.get("floors")
        floors = (
            parse_ranges(given)
            if isinstance(given, str)
            else [floor for floor in _list(given) if isinstance(floor, int) and not isinstance(floor, bool)]
        )
        return cls(
            _str(doc.get("title")),
            _str(doc.get(_TEXT_FIELD[kind])),
            floors,
            quotes if kind == "viewpoint" else [],
        )


@dataclass
class Partial:
    """A digest as a model answers it: a summary, viewpoints and digressions citing
    floors."""

    summary: str = ""
    viewpoints: list[Group] = field(default_factory=list)
    off_topic: list[Group] = field(default_factory=list)

    def to_json(self) -> JsonDoc:
        return {
            "summary": self.summary,
            "viewpoints": [group.to_json("viewpoint") for group in self.viewpoints],
            "off_topic": [group.to_json("digression") for group in self.off_topic],
        }

    @classmethod
    def from_json(cls, doc: object) -> Partial:
        """An answer or a cached partial result (see the module's note on leniency)."""
        if not isinstance(doc, dict):
            return cls()
        return cls(
            _str(doc.get("summary")),
            _groups(doc.get("viewpoints"), "viewpoint"),
            _groups(doc.get("off_topic"), "digression"),
        )

    def __add__(self, other: Partial) -> Partial:
        """Both results side by side (their summaries joined)."""
        return Partial(
            f"{self.summary} {other.summary}".strip(),
            [*self.viewpoints, *other.viewpoints],
            [*self.off_topic, *other.off_topic],
        )

    @staticmethod
    def join(parts: Iterable[Partial]) -> Partial:
        out = Partial()
        for part in parts:
            out = out + part
        return out


@dataclass
class MergeGroup:
    """A group of a merge's answer: its title and text, and the ids of the partial items
    (V3, D2) it joins."""

    title: str
    text: str
    sources: list[str]


@dataclass
class MergeAnswer:
    summary: str
    viewpoints: list[MergeGroup]
    off_topic: list[MergeGroup]

    @classmethod
    def from_json(cls, doc: object) -> MergeAnswer:
        """An answer in digest/schema.py's ``reduce_schema`` shape."""
        if not isinstance(doc, dict):
            return cls("", [], [])

        def groups(items: object, kind: Kind) -> list[MergeGroup]:
            return [
                MergeGroup(
                    _str(group.get("title")),
                    _str(group.get(_TEXT_FIELD[kind])),
                    [str(source).strip() for source in _list(group.get("sources"))],
                )
                for group in _list(items)
                if isinstance(group, dict)
            ]

        return cls(
            _str(doc.get("summary")),
            groups(doc.get("viewpoints"), "viewpoint"),
            groups(doc.get("off_topic"), "digression"),
        )


def _groups(items: object, kind: Kind) -> list[Group]:
    return [group for item in _list(items) if (group := Group.from_json(item, kind)) is not None]


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _str(value: object) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


#: floors one range of a compact answer may stand for ("1-99999999" is not 10^8 floors:
#: no thread has more comments than this, and grounding drops floors that do not exist)
MAX_RANGE = 100_000
_RANGE_RE = re.compile(r"(\d{1,9})(?:\s*[-–~～至到]\s*(\d{1,9}))?")


def parse_ranges(text: str) -> list[int]:
    """Floors written as ranges ("12-18, 25, 31–33"), in order, each once; a range
    given backwards is read forwards, and none stands for more than :data:`MAX_RANGE`."""
    out: list[int] = []
    seen: set[int] = set()
    for match in _RANGE_RE.finditer(text[:20_000]):
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        first, last = min(first, last), max(first, last)
        for floor in range(first, min(last, first + MAX_RANGE - 1) + 1):
            if floor not in seen:
                seen.add(floor)
                out.append(floor)
    return out

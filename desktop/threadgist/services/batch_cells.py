"""The cells of a batch's index row: what the thread is (:class:`ThreadCells`, counted
as ``parse --json`` counts), what its digest found and cost (:class:`DigestCells`, with
its largest viewpoints and digressions as :class:`GroupCell`), each made from the thread
or the digest, and read back from a row of ``index.jsonl``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..digest.model import Digest, GroupStats
    from ..thread.model import Thread

#: viewpoints and digressions listed per thread in the index, the largest first
TOP_GROUPS = 3
#: JSON values as the index holds them
JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


@dataclass(frozen=True)
class GroupCell:
    """A viewpoint or digression as the index lists it."""

    title: str
    comments: int
    users: int
    share: float

    @classmethod
    def top(cls, groups: Iterable[tuple[str, GroupStats | None]]) -> tuple[GroupCell, ...]:
        """The :data:`TOP_GROUPS` largest, by their comment lines."""
        ranked = sorted(groups, key=lambda group: -(group[1].comments if group[1] else 0))
        return tuple(
            cls(title, stats.comments, stats.users, round(stats.share, 4)) if stats else cls(title, 0, 0, 0.0)
            for title, stats in ranked[:TOP_GROUPS]
        )

    def to_json(self) -> dict[str, JsonValue]:
        return {"title": self.title, "comments": self.comments, "users": self.users, "share": self.share}

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> GroupCell:
        return cls(doc["title"], doc["comments"], doc["users"], doc["share"])


@dataclass(frozen=True)
class ThreadCells:
    """What the thread is, counted from it as ``parse --json`` counts."""

    article: int  # 1-based position in its file
    site: str
    board: str | None
    title: str
    source: str  # its address, else file#article
    time: str | None  # when it was posted, ISO 8601
    comments: int
    users: int
    push: int
    boo: int
    arrow: int

    @classmethod
    def of(cls, thread: Thread, article: int, source: str) -> ThreadCells:
        stats = thread.stats
        posted = thread.posted_at.isoformat() if thread.posted_at else None
        return cls(
            article,
            thread.site,
            thread.board,
            thread.title,
            source,
            posted,
            stats.comments,
            stats.users,
            stats.push,
            stats.boo,
            stats.arrow,
        )

    @classmethod
    def from_json(cls, row: Mapping[str, Any]) -> ThreadCells:
        """The cells of a row of ``index.jsonl`` (as :meth:`IndexRow.to_json` wrote it)."""
        return cls(*(row[field.name] for field in fields(cls)))  # its keys are the fields' names


@dataclass(frozen=True)
class DigestCells:
    """What the digest found and what it cost."""

    json_file: str  # <stem>.json
    markdown_file: str  # <stem>.md
    on_topic: float | None
    off_topic: float | None
    unassigned: float | None
    viewpoints: tuple[GroupCell, ...]
    digressions: tuple[GroupCell, ...]
    calls: int
    prompt_tokens: int
    completion_tokens: int
    reliability: str

    @classmethod
    def of(cls, digest: Digest, stem: str) -> DigestCells:
        return cls(
            f"{stem}.json",
            f"{stem}.md",
            digest.shares.get("on_topic"),
            digest.shares.get("off_topic"),
            digest.shares.get("unassigned"),
            GroupCell.top((viewpoint.title, viewpoint.stats) for viewpoint in digest.viewpoints),
            GroupCell.top((digression.title, digression.stats) for digression in digest.off_topic),
            digest.usage.calls,
            digest.usage.prompt_tokens,
            digest.usage.completion_tokens,
            digest.reliability.level,
        )

    @classmethod
    def from_json(cls, row: Mapping[str, Any]) -> DigestCells:
        """The cells of a row of ``index.jsonl`` that has a digest."""
        return cls(
            row["json"],
            row["markdown"],
            row["on_topic"],
            row["off_topic"],
            row["unassigned"],
            tuple(GroupCell.from_json(group) for group in row["viewpoints"]),
            tuple(GroupCell.from_json(group) for group in row["digressions"]),
            row["calls"],
            row["prompt_tokens"],
            row["completion_tokens"],
            row["reliability"],
        )

    def share(self, key: str) -> float | None:
        """``on_topic``, ``off_topic`` or ``unassigned`` (None for any other key)."""
        return {"on_topic": self.on_topic, "off_topic": self.off_topic, "unassigned": self.unassigned}.get(
            key
        )

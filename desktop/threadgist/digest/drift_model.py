"""What a thread's drift is made of: the groups in the digest's colours, the bins (a
stretch of time or of floors, its comments per group), the onset, and :class:`Drift` that
holds them (made by :func:`~.drift.drift`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

VIEWPOINT, DIGRESSION, UNASSIGNED = "viewpoint", "digression", "unassigned"
#: off-topic share a stretch must keep, from its first bin to every later one
THRESHOLD = 0.25
#: how much more off topic the thread is after the onset than before it
MIN_RISE = 0.15
#: off-topic lines after the onset, at least
MIN_LINES = 3
MAX_BINS = 24
#: share of comments with a time for a timeline over time
DATED = 0.9
#: share of the comments in one bar over time above which floor order is the default
BURST = 0.5

#: each floor's group index, the index of the lines in no group, how many groups
Layout = tuple[dict[int, int], int, int]


@dataclass(frozen=True)
class Group:
    key: str  # vpN | otN (as the digest's links name them) | "" for unassigned lines
    kind: str  # VIEWPOINT | DIGRESSION | UNASSIGNED
    title: str
    colour: str


@dataclass(frozen=True)
class Bin:
    """One stretch of the thread: its comments' floors per group (in ``Drift.groups``
    order) and, over time, its span [start, end)."""

    members: tuple[tuple[int, ...], ...]
    start: datetime | None = None
    end: datetime | None = None

    @property
    def counts(self) -> tuple[int, ...]:
        return tuple(len(floors) for floors in self.members)

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def floors(self) -> list[int]:
        return sorted(floor for floors in self.members for floor in floors)


@dataclass(frozen=True)
class Onset:
    """Where the thread went off topic and stayed: the bin, its first off-topic comment,
    and the off-topic share of everything from that bin on (and before it)."""

    bin: int
    floor: int
    author: str
    time: datetime | None
    lines: int  # off-topic lines from the onset's comment on
    following: int  # all lines from the onset's comment on
    before: float  # off-topic share before the onset
    group: str  # the digression with the most lines from the onset on

    @property
    def share(self) -> float:
        return self.lines / self.following if self.following else 0.0


@dataclass(frozen=True)
class Drift:
    by_time: bool
    step: timedelta | None  # a bin's width over time; None in floor order
    groups: tuple[Group, ...]
    bins: tuple[Bin, ...]
    onset: Onset | None
    can_time: bool  # enough comments have a time for a timeline over time
    span_days: bool = False  # the comments' times span more than one day (times say the date)

    def off_topic(self, index: int) -> int:
        """Off-topic lines in bin ``index``."""
        counts = self.bins[index].counts
        return sum(
            count for group, count in zip(self.groups, counts, strict=True) if group.kind == DIGRESSION
        )

    @property
    def has_off_topic(self) -> bool:
        return any(group.kind == DIGRESSION for group in self.groups)

    def when(self, moment: datetime) -> str:
        return f"{moment:%m/%d %H:%M}" if self.span_days else f"{moment:%H:%M}"

    def bin_label(self, index: int) -> str:
        """ "21:10–21:20" over time, "#12–24" in floor order."""
        b = self.bins[index]
        if b.start is not None and b.end is not None:
            return f"{self.when(b.start)}–{self.when(b.end)}"
        floors = b.floors
        if not floors:
            return ""
        return f"#{floors[0]}" if floors[0] == floors[-1] else f"#{floors[0]}–{floors[-1]}"

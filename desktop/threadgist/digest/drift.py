"""How a thread drifted: the digest's groups over the thread's time (or floor order), and
the *drift onset*, the first stretch from which off-topic lines stay above a share.

Qt-free: the app's timeline (gui/timeline.py), the HTML copy and the Markdown export
(digest/drift_render.py) draw the same :class:`Drift`. Linear in the comments; the onset
search is quadratic in the bins, which are at most ``max_bins``."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..messages import Message, msg
from ..thread.activity import STEPS
from ..thread.model import Comment, Thread
from .colours import group_colour
from .model import Digest

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


def drift(thread: Thread, digest: Digest, *, by_time: bool | None = None, max_bins: int = MAX_BINS) -> Drift:
    """The digest's groups over the comments it read. ``by_time``: None for time where
    enough comments have one and no bar holds most of them (a burst, then a trickle: a
    floor order shows it better), else floor order; True or False to choose."""
    comments = covered(thread, digest)
    groups, group_of = _groups(digest)
    layout = (group_of, len(digest.viewpoints), len(groups))
    dated = sum(1 for comment in comments if comment.time is not None)
    times = _times(comments)
    can_time = bool(comments) and dated >= DATED * len(comments) and min(times) < max(times)
    step: timedelta | None = None
    bins: list[Bin] = []
    if can_time and by_time is not False:
        step = _step(min(times), max(times), max_bins)
        bins = _time_bins(comments, times, layout, step, max_bins)
        if by_time is None and max(b.total for b in bins) > BURST * len(comments):
            step, bins = None, []
    if not bins:
        step, bins = None, _floor_bins(comments, layout, max_bins)
    days = can_time and min(times).date() != max(times).date()
    made = Drift(step is not None, step, groups, tuple(bins), None, can_time, days)
    return dataclasses.replace(made, onset=find_onset(made, thread))


def covered(thread: Thread, digest: Digest) -> list[Comment]:
    """The comments the digest read: after ``new_since`` for a digest of what's new, up
    to ``covered`` for one of an earlier state of a growing thread."""
    if digest.meta.new_since is not None:
        return [c for c in thread.comments if c.floor > digest.meta.new_since.floor]
    if digest.meta.covered is not None:
        return [c for c in thread.comments if c.floor <= digest.meta.covered.last_floor]
    return list(thread.comments)


def _groups(digest: Digest) -> tuple[tuple[Group, ...], dict[int, int]]:
    """The groups (viewpoints, then the lines in none, then digressions: off topic on
    top of each bar) and each floor's group (its first, should two claim it)."""
    groups = [
        Group(f"vp{i}", VIEWPOINT, viewpoint.title, group_colour(VIEWPOINT, i))
        for i, viewpoint in enumerate(digest.viewpoints)
    ]
    groups.append(Group("", UNASSIGNED, "", group_colour(UNASSIGNED, 0)))
    groups += [
        Group(f"ot{i}", DIGRESSION, digression.title, group_colour(DIGRESSION, i))
        for i, digression in enumerate(digest.off_topic)
    ]
    group_of: dict[int, int] = {}
    unassigned = len(digest.viewpoints)
    for index, floors in enumerate([vp.floors for vp in digest.viewpoints]):
        for floor in floors:
            group_of.setdefault(floor, index)
    for index, floors in enumerate([dg.floors for dg in digest.off_topic], unassigned + 1):
        for floor in floors:
            group_of.setdefault(floor, index)
    return tuple(groups), group_of


def _times(comments: Sequence[Comment]) -> list[datetime]:
    """Each comment's time; an undated one takes the time of the dated one before it
    (the first dated one's, at the start)."""
    first = next((c.time for c in comments if c.time is not None), None)
    if first is None:
        return [datetime.min] * len(comments)
    out, last = [], first
    for comment in comments:
        last = comment.time if comment.time is not None else last
        out.append(last)
    return out


def _step(first: datetime, last: datetime, max_bins: int) -> timedelta:
    span = last - first
    return next((step for step in STEPS if span / step < max_bins), STEPS[-1])


def _time_bins(
    comments: Sequence[Comment], times: list[datetime], layout: Layout, step: timedelta, max_bins: int
) -> list[Bin]:
    group_of, unassigned, n_groups = layout
    first, last = min(times), max(times)
    count = min(max_bins, int((last - first) / step) + 1)
    members: list[list[list[int]]] = [[[] for _ in range(n_groups)] for _ in range(count)]
    for comment, when in zip(comments, times, strict=True):
        index = min(count - 1, int((when - first) / step))
        members[index][group_of.get(comment.floor, unassigned)].append(comment.floor)
    return [
        Bin(tuple(tuple(floors) for floors in per_group), first + step * i, first + step * (i + 1))
        for i, per_group in enumerate(members)
    ]


def _floor_bins(comments: Sequence[Comment], layout: Layout, max_bins: int) -> list[Bin]:
    group_of, unassigned, n_groups = layout
    if not comments:
        return []
    size = math.ceil(len(comments) / max_bins)
    bins = []
    for start in range(0, len(comments), size):
        per_group: list[list[int]] = [[] for _ in range(n_groups)]
        for comment in comments[start : start + size]:
            per_group[group_of.get(comment.floor, unassigned)].append(comment.floor)
        bins.append(Bin(tuple(tuple(floors) for floors in per_group)))
    return bins


def find_onset(made: Drift, thread: Thread, threshold: float = THRESHOLD) -> Onset | None:
    """The first bin, after at least one before it, whose off-topic share and that of
    every stretch from it to a later bin is at least ``threshold``, while the lines
    before it were less off topic, by ``MIN_RISE``; None when the thread never drifts."""
    off = [made.off_topic(i) for i in range(len(made.bins))]
    total = [b.total for b in made.bins]
    for i in range(1, len(made.bins)):
        if not total[i] or off[i] < threshold * total[i] or not sum(total[:i]):
            continue
        before = sum(off[:i]) / sum(total[:i])
        if before >= threshold or not _stays(off[i:], total[i:], threshold):
            continue
        lines, following = sum(off[i:]), sum(total[i:])
        if lines < MIN_LINES or lines / following - before < MIN_RISE:
            continue
        return _onset(made, thread, i, before)
    return None


def _stays(off: list[int], total: list[int], threshold: float) -> bool:
    o = t = 0
    for bin_off, bin_total in zip(off, total, strict=True):
        o, t = o + bin_off, t + bin_total
        if t and o < threshold * t:
            return False
    return True


def _onset(made: Drift, thread: Thread, index: int, before: float) -> Onset:
    """The onset at bin ``index``: from the first of the off-topic comments that lead into
    it, what followed (that comment and every later one) counted line by line."""
    kinds = [group.kind for group in made.groups]
    b = made.bins[index]
    floor = min(
        f for kind, floors in zip(kinds, b.members, strict=True) if kind == DIGRESSION for f in floors
    )
    comment = _run_start(made, thread.comments, floor)
    first = next(i for i in range(index + 1) if comment.floor in made.bins[i].floors)
    sizes: dict[str, int] = {}
    following = 0
    for at, later in enumerate(made.bins[first:], first):
        for group, floors in zip(made.groups, later.members, strict=True):
            counted = len(floors) if at > first else sum(1 for f in floors if f >= comment.floor)
            following += counted
            if group.kind == DIGRESSION:
                sizes[group.title] = sizes.get(group.title, 0) + counted
    biggest = max(sizes, key=lambda title: sizes[title])
    lines = sum(sizes.values())
    return Onset(index, comment.floor, comment.author, comment.time, lines, following, before, biggest)


def _run_start(made: Drift, comments: list[Comment], floor: int) -> Comment:
    """The comment at ``floor``, or the first of the off-topic comments right before it
    (a drift that began at the end of the bin before)."""
    off = {
        f
        for b in made.bins
        for group, floors in zip(made.groups, b.members, strict=True)
        if group.kind == DIGRESSION
        for f in floors
    }
    at = next(i for i, comment in enumerate(comments) if comment.floor == floor)
    while at > 0 and comments[at - 1].floor in off:
        at -= 1
    return comments[at]


def onset_line(made: Drift) -> Message:
    """The one line that says how the thread drifted."""
    onset = made.onset
    if onset is None:
        if not made.has_off_topic:
            return msg("No comment in this digest is off topic")
        return msg("No lasting drift off topic")
    if onset.time is not None:
        return msg(
            "Off topic from {time} (floor {floor}): {share:.0%} of what followed",
            time=made.when(onset.time),
            floor=onset.floor,
            share=onset.share,
        )
    return msg(
        "Off topic from floor {floor}: {share:.0%} of what followed", floor=onset.floor, share=onset.share
    )


def onset_detail(made: Drift) -> Message | None:
    """Who took it there, and where to."""
    onset = made.onset
    if onset is None:
        return None
    return msg("It began with {author}, mostly into “{group}”", author=onset.author, group=onset.group)


#: the lines above in a zh-TW digest's copies (the .ts says the same to the window)
MESSAGES_ZH = {
    "No comment in this digest is off topic": "這份摘要沒有離題的留言",
    "No lasting drift off topic": "沒有持續離題",
    "Off topic from {time} (floor {floor}): {share:.0%} of what followed": (
        "從 {time}（第 {floor} 樓）起離題：之後的留言有 {share:.0%} 離題"
    ),
    "Off topic from floor {floor}: {share:.0%} of what followed": (
        "從第 {floor} 樓起離題：之後的留言有 {share:.0%} 離題"
    ),
    "It began with {author}, mostly into “{group}”": "由 {author} 開始，多半轉到「{group}」",
}


def in_digest_language(text: Message, lang: str) -> str:
    return text.render(lambda template: MESSAGES_ZH.get(template, template)) if lang == "zh-TW" else str(text)

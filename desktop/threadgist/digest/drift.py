"""How a thread drifted: the digest's groups over the thread's time (or floor order), and
the *drift onset*, the first stretch from which off-topic lines stay above a share.

Qt-free: the app's timeline (gui/timeline.py), the HTML copy and the Markdown export
(digest/drift_render.py) draw the same :class:`~.drift_model.Drift`; the onset is found by
digest/drift_onset.py. Linear in the comments; the onset
search is quadratic in the bins, which are at most ``max_bins``."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from ..thread.activity import STEPS
from ..thread.model import Comment, Thread
from .colours import group_colour
from .drift_model import BURST, DATED, DIGRESSION, MAX_BINS, UNASSIGNED, VIEWPOINT, Bin, Drift, Group, Layout
from .drift_onset import find_onset
from .model import Digest


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

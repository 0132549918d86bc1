"""Comments per time bucket, for the activity chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .model import Thread

#: Bucket widths to choose from, smallest first.
STEPS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=10),
    timedelta(minutes=30),
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=6),
    timedelta(hours=12),
    timedelta(days=1),
    timedelta(days=7),
    timedelta(days=30),
)


@dataclass(frozen=True)
class Activity:
    start: datetime
    step: timedelta
    counts: list[int]
    undated: int  # comments without a time

    @property
    def end(self) -> datetime:
        return self.start + self.step * len(self.counts)


def activity(thread: Thread, max_buckets: int = 48) -> Activity | None:
    """Comments per bucket over the thread's comment times, with the smallest bucket
    width that needs at most ``max_buckets`` buckets; None when no comment has a time."""
    times = sorted(comment.time for comment in thread.comments if comment.time is not None)
    if not times:
        return None
    first, last = times[0], times[-1]
    span = last - first
    step = next((candidate for candidate in STEPS if span / candidate < max_buckets), STEPS[-1])
    buckets = min(max_buckets, int(span / step) + 1)
    counts = [0] * buckets
    for when in times:
        counts[min(buckets - 1, int((when - first) / step))] += 1
    return Activity(first, step, counts, len(thread.comments) - len(times))

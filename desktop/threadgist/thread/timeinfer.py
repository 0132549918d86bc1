"""PTT times: ctime headers, Asia/Taipei, and year inference for year-less push dates."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import NamedTuple

#: Taiwan has kept UTC+8 without daylight saving since 1979, so a fixed offset is exact
#: for every PTT date and needs no tz database (which Windows builds lack).
TAIPEI = timezone(timedelta(hours=8), "Asia/Taipei")

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
CTIME_RE = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+"
    r"(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(?P<day>\d{1,2})\s+"
    r"(?P<h>\d{1,2}):(?P<m>\d\d):(?P<s>\d\d)\s+(?P<y>\d{4})"
)
# "12/19/2020 14:47:01" in edit and forwarder lines.
FULLDATE_RE = re.compile(r"(\d\d)/(\d\d)/(\d{4}) (\d\d):(\d\d):(\d\d)")
EPOCH_ID_RE = re.compile(r"\bM\.(\d{9,10})\.A(?:\.[0-9A-F]{3})?\b")

# How far a push may seem to go back in time before we assume the year turned.
_BACKWARD_TOLERANCE = timedelta(days=1)


def parse_ctime(text: str) -> datetime | None:
    """Parse ``Sat Jul  4 13:48:46 2020`` (locale-independent) as Asia/Taipei time."""
    match = CTIME_RE.search(text)
    if not match:
        return None
    try:
        return datetime(
            int(match["y"]),
            _MONTHS[match["mon"]],
            int(match["day"]),
            int(match["h"]),
            int(match["m"]),
            int(match["s"]),
            tzinfo=TAIPEI,
        )
    except ValueError:
        return None


def parse_fulldate(text: str) -> datetime | None:
    match = FULLDATE_RE.search(text)
    if not match:
        return None
    month, day, year, hour, minute, second = (int(group) for group in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=TAIPEI)
    except ValueError:
        return None


def time_from_post_id(text: str) -> datetime | None:
    """The creation time encoded in a ``M.<epoch>.A.<hex>`` post id or URL."""
    match = EPOCH_ID_RE.search(text)
    if not match:
        return None
    return datetime.fromtimestamp(int(match.group(1)), tz=TAIPEI)


class PushDate(NamedTuple):
    """A push's date without its year (a tuple: made once per push of a big thread, where
    a frozen dataclass's construction and comparison cost several times more)."""

    month: int
    day: int
    hour: int = 0
    minute: int = 0


@lru_cache(maxsize=4096)
def parse_push_date(month_day: str, hour_minute: str | None) -> PushDate | None:
    """``MM/DD`` and ``HH:MM`` as a :class:`PushDate` (one shared object per distinct
    date: a thread of a million pushes has a few thousand minutes), or None."""
    try:
        month, day = (int(part) for part in month_day.split("/"))
        hour, minute = (int(part) for part in hour_minute.split(":")) if hour_minute else (0, 0)
    except ValueError:
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60):
        return None
    return PushDate(month, day, hour, minute)


class YearInference:
    """Gives year-less push dates a year, walking forward through the thread.

    The clock starts at a known time (the post time, or the earliest header time of a
    forwarded chain). Each push takes the smallest year that does not put it before the
    clock (New Year and pushes years later both move the year forward); lines with a
    full date (edits, forwards) move the clock forward with :meth:`observe`.
    """

    def __init__(self, start: datetime):
        self.clock = start.replace(second=0, microsecond=0)
        # the last answer: pushes of the same minute share one datetime object
        self._last: tuple[PushDate, datetime, datetime | None] | None = None

    def observe(self, when: datetime) -> None:
        if when > self.clock:
            self.clock = when.replace(second=0, microsecond=0)

    def resolve(self, push_date: PushDate) -> datetime | None:
        last = self._last
        if last is not None and last[0] == push_date and last[1] == self.clock:
            return last[2]
        found = self._resolve(push_date)
        self._last = (push_date, self.clock, found)  # the clock after: same push date, same answer
        return found

    def _resolve(self, push_date: PushDate) -> datetime | None:
        year = self.clock.year
        for candidate_year in (year, year + 1, year + 2, year + 4):
            when = _make(candidate_year, push_date)
            if when is not None and when >= self.clock - _BACKWARD_TOLERANCE:
                if when > self.clock:
                    self.clock = when
                return when
        return None


def infer_backward(dates: list[PushDate | None], reference: datetime) -> list[datetime | None]:
    """Years for pushes when the post time is unknown: the last push is not after
    ``reference`` (e.g. the file's modification time) and earlier pushes go back."""
    out: list[datetime | None] = [None] * len(dates)
    clock = reference
    last: tuple[PushDate, datetime, datetime] | None = None
    for i in range(len(dates) - 1, -1, -1):
        push_date = dates[i]
        if push_date is None:
            continue
        if last is not None and last[0] == push_date and last[1] == clock:
            out[i] = last[2]  # the same minute again: share the datetime
            continue
        for year in (clock.year, clock.year - 1, clock.year - 2, clock.year - 4):
            when = _make(year, push_date)
            if when is not None and when <= clock + _BACKWARD_TOLERANCE:
                out[i] = when
                clock = min(clock, when)
                last = (push_date, clock, when)  # the same push date at this clock gives the same answer
                break
    return out


def _make(year: int, push_date: PushDate) -> datetime | None:
    try:
        return datetime(year, push_date.month, push_date.day, push_date.hour, push_date.minute, tzinfo=TAIPEI)
    except ValueError:  # 02/29 in a non-leap year
        return None

"""What a summarize run reports while it goes: the calls it makes (digest/calls.py), how
far the one under way has read its prompt, the tokens so far, and why it makes more calls
than planned. :class:`Reporter` keeps that state and hands a :class:`Progress` to the
run's sink after each change."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..messages import Message
from . import calls as C
from .model import Usage
from .stage import Stage


@dataclass
class Progress:
    stage: Stage
    done: int
    total: int
    prompt_tokens: int
    completion_tokens: int
    text: str = ""  # the summary so far, while it streams
    #: while a call waits for its first token: prompt tokens read of ``prompt_size``
    #: (from the server's prompt-progress stream, else estimated from its measured speed)
    prompt_read: int = 0
    prompt_size: int = 0
    read_estimated: bool = False
    waited: float = 0.0  # seconds this call has waited for its first token
    #: why the run makes more calls than planned (a retry, a repair, a re-split)
    note: Message | None = None
    #: every call made so far, in order, as it stands (digest/calls.py)
    calls: tuple[C.CallState, ...] = ()
    #: what another Threadgist run is doing for this one meanwhile (parts it summarizes,
    #: the article it condenses, the digest it finishes): this run waits for it
    #: (digest/claims.py); no call of this run
    waiting: Message | None = None


ProgressSink = Callable[[Progress], None]


@dataclass(frozen=True)
class CallRecord:
    """One call of a run: its kind, its prompt, and how much of the prompt the server
    really evaluated (llama.cpp skips a prefix it has cached; None when not reported)."""

    name: str  # digest | partial | merged | condensed | topics | labels | summary | placements
    prompt_tokens: int
    evaluated: int | None
    seconds: float


class Reading:
    """How far one call has got through its prompt before its first answer token."""

    def __init__(self, size: int, speed: float | None):
        self.started = time.monotonic()
        self.size = size
        self.speed = speed  # measured prompt tokens per second, if known
        self.reported: tuple[float, int] | None = None  # (when, tokens) from the server
        self.answering = False

    def report(self, done: int, total: int) -> None:
        self.size = total
        self.reported = (time.monotonic(), done)

    def restart(self) -> None:
        """The request is made again: nothing read yet."""
        self.answering = False
        self.started, self.reported = time.monotonic(), None

    def now(self, exact: bool = False) -> tuple[int, bool]:
        """Tokens read by now, and whether that is an estimate (``exact``: the server's
        last report as it is)."""
        moment = time.monotonic()
        if self.reported is not None:
            when, done = self.reported
            if self.speed and done < self.size and not exact:  # between the server's reports
                return min(self.size - 1, done + int(self.speed * (moment - when))), True
            return done, False
        if self.speed:
            return min(self.size - 1, int(self.speed * (moment - self.started))), True
        return 0, True


class Reporter:
    """A run's progress: its stage, the planned and finished calls, every call as it
    goes, and why the run makes more calls than planned."""

    def __init__(self, sink: ProgressSink, usage: Usage, factor: Callable[[], float]):
        self.sink = sink
        self.usage = usage
        self.factor = factor  # the token counter's factor (answer tokens from text)
        self.done = 0
        self.total = 1
        self.stage = Stage.PLAN
        #: why the run made more calls than planned, in order (shown and kept in meta)
        self.changes: list[Message] = []
        self.trackers: list[C.CallTracker] = []
        #: what this run waits for another run to finish, in words (digest/ledger.py)
        self.waiting: Callable[[], Message | None] = lambda: None

    def track(self, step: C.CallStep, covers: Message) -> C.CallTracker:
        """A new call of this run, listed in the progress from now on."""
        call = C.CallTracker(len(self.trackers) + 1, step, covers, 0, self.factor())
        self.trackers.append(call)
        return call

    @property
    def calls(self) -> list[C.CallState]:
        """Every call of this run so far, in order, as it stands."""
        return [call.snapshot() for call in self.trackers]

    def emit(self, stage: Stage, done: int, total: int, text: str = "") -> None:
        self.stage = stage
        self.sink(self._progress(stage, done, total, text=text))

    def again(self) -> None:
        """Report the state as it is (a call's tokens or phase changed)."""
        self.emit(self.stage, self.done, self.total)

    def tick(self, stage: Stage) -> None:
        """One planned call done."""
        self.done += 1
        self.emit(stage, self.done, self.total)

    def unplanned(self) -> None:
        """A call the plan did not count is about to be made (the run says why)."""
        if self.done >= self.total:
            self.total = self.done + 1

    def change(self, why: Message) -> None:
        """The run makes more (or other) calls than planned: say why."""
        self.changes.append(why)
        self.again()

    def reading(self, reading: Reading, exact: bool = False) -> None:
        self.sink(self._progress(self.stage, self.done, self.total, reading=reading, exact=exact))

    async def watch(self, reading: Reading, every: float = 1.0) -> None:
        """Once a second: how far the prompt has been read (until the first answer token),
        then the answer tokens that have arrived (the calls in the progress)."""
        while True:
            await asyncio.sleep(every)
            if not reading.answering:
                self.reading(reading)
            else:
                self.again()

    def _progress(
        self,
        stage: Stage,
        done: int,
        total: int,
        text: str = "",
        *,
        reading: Reading | None = None,
        exact: bool = False,
    ) -> Progress:
        read, estimated, size, waited = 0, False, 0, 0.0
        if reading is not None:
            read, estimated = reading.now(exact)
            size, waited = reading.size, time.monotonic() - reading.started
        return Progress(
            stage,
            min(done, total),
            total,
            self.usage.prompt_tokens,
            self.usage.completion_tokens,
            text,
            prompt_read=read,
            prompt_size=size,
            read_estimated=estimated,
            waited=waited,
            note=self.changes[-1] if self.changes else None,
            calls=tuple(call.snapshot() for call in self.trackers),
            waiting=self.waiting(),
        )

"""Each call of a run as it happens, for the progress display: its step, the part of the
thread it covers (in words a reader knows: floors of a PTT thread, comments elsewhere, the
parts a merge joins), its prompt and answer tokens, its state, its retries and repairs.

The pipeline keeps one :class:`CallTracker` per call and updates it in place on its event
loop (a counter per answer piece, nothing allocated); :meth:`CallTracker.snapshot` makes
the immutable :class:`CallState` a progress report carries, again only after a change.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from ..messages import Message, msg
from .render import Line


class CallStep(StrEnum):
    WHOLE = "whole"  # one call over the whole thread
    CONDENSE = "condense"  # the article, condensed for the calls over parts
    MAP = "map"  # one part of the comments
    REDUCE = "reduce"  # a merge of partial results
    TOPICS = "topics"  # staged pipeline: the thread's topics
    SORT = "sort"  # staged pipeline: comments sorted into the topics
    DESCRIBE = "describe"  # staged pipeline: the summary of the topics


class CallPhase(StrEnum):
    WAITING = "waiting"  # for a free request slot (the endpoint's concurrency)
    READING = "reading"  # the model reads the prompt: no answer token yet
    ANSWERING = "answering"
    RETRYING = "retrying"  # a request failed; asking again (after a wait)
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"  # the run ended (cancelled, or failed) before this call did


#: the phases of a call that has ended
ENDED = frozenset({CallPhase.DONE, CallPhase.FAILED, CallPhase.CANCELLED})


@dataclass(frozen=True, slots=True)
class CallState:
    number: int  # 1, 2, … in the order the calls were made
    step: CallStep
    covers: Message  # "floors 1–240", "part 2 of 5: comments 241–480", "parts 1–4"
    prompt_tokens: int  # the server's count once it has answered, else the estimate
    answer_tokens: int  # so far (counted from the text as it arrives; the server's at the end)
    phase: CallPhase
    retries: int  # requests made again after a failure (rate limit, server error, timeout)
    repairs: int  # requests asking the model to correct an invalid answer
    estimated: bool  # the token counts are estimates (the server has not reported them)
    seconds: float  # since the call started (its whole time once it has ended)


class CallTracker:
    """One call's state, updated in place; ``snapshot()`` is cached until a change."""

    __slots__ = (
        "_answer_raw",
        "_factor",
        "_snap",
        "_started",
        "_state",
        "covers",
        "ended",
        "number",
        "phase",
        "prompt_tokens",
        "repairs",
        "reported",
        "retries",
        "step",
    )

    def __init__(
        self, number: int, step: CallStep, covers: Message, prompt_tokens: int, factor: float = 1.0
    ) -> None:
        self.number, self.step, self.covers = number, step, covers
        self.prompt_tokens = prompt_tokens
        self.phase = CallPhase.WAITING
        self.retries = self.repairs = 0
        self.reported = False  # the server's token counts are in
        self.ended: float | None = None
        self._answer_raw = 0
        self._factor = factor
        self._started = time.monotonic()
        self._snap: CallState | None = None

    @property
    def answer_tokens(self) -> int:
        return math.ceil(self._answer_raw * self._factor)

    def _set(self, phase: CallPhase) -> bool:
        changed = phase is not self.phase
        self.phase = phase
        self._snap = None
        return changed

    def start(self) -> None:
        """The request is sent (a request slot was free)."""
        self._started = time.monotonic()
        self._set(CallPhase.READING)

    def answer(self, raw_tokens: int) -> bool:
        """Answer text arrived (``raw_tokens`` of it); True for the first piece."""
        self._answer_raw += raw_tokens
        self._snap = None
        return self._set(CallPhase.ANSWERING)

    def retry(self) -> None:
        self.retries += 1
        self._answer_raw = 0
        self._set(CallPhase.RETRYING)

    def repair(self) -> None:
        self.repairs += 1
        self._set(CallPhase.READING)

    def finish(self, prompt_tokens: int | None, answer_tokens: int | None) -> None:
        if prompt_tokens is not None:
            self.prompt_tokens = prompt_tokens
        if answer_tokens is not None:
            self._answer_raw, self._factor = answer_tokens, 1.0
        self.reported = prompt_tokens is not None and answer_tokens is not None
        self.ended = time.monotonic()
        self._set(CallPhase.DONE)

    def fail(self) -> None:
        self.ended = time.monotonic()
        self._set(CallPhase.FAILED)

    def snapshot(self) -> CallState:
        if self._snap is None or self.ended is None:  # a running call's seconds move on
            end = self.ended if self.ended is not None else time.monotonic()
            self._snap = CallState(
                self.number,
                self.step,
                self.covers,
                self.prompt_tokens,
                self.answer_tokens,
                self.phase,
                self.retries,
                self.repairs,
                not self.reported,
                round(end - self._started, 1),
            )
        return self._snap


def row_totals(calls: Sequence[CallState]) -> tuple[int, int]:
    """Prompt and answer tokens of the calls as their rows show them (a call waiting for a
    request slot shows none): what a status line says while the model answers, so that
    it agrees with the rows (the run's usage counts a call only once it has ended)."""
    prompt = answer = 0
    for call in calls:
        if call.phase is not CallPhase.WAITING:
            prompt += call.prompt_tokens
            answer += call.answer_tokens
    return prompt, answer


# ---- what a call covers, in words a reader knows ----------------------------------------
def span(lines: Sequence[Line], site: str) -> Message:
    """The floors (PTT) or comments (Reddit, Hacker News) of ``lines``."""
    floors = [line.first for line in lines if line.first]
    if not floors:
        return msg("the article")
    first, last = min(floors), max(line.last for line in lines if line.first)
    if site == "ptt":
        return (
            msg("floor {first}", first=first)
            if first == last
            else msg("floors {first}–{last}", first=first, last=last)
        )
    return (
        msg("comment {first}", first=first)
        if first == last
        else msg("comments {first}–{last}", first=first, last=last)
    )


def part(index: int, parts: int, lines: Sequence[Line], site: str) -> Message:
    return msg("part {part} of {parts}: {span}", part=index + 1, parts=parts, span=span(lines, site))


def merge(first: int, last: int) -> Message:
    """A merge of the partial results of parts ``first``…``last`` (1-based)."""
    return msg("parts {first}–{last}", first=first, last=last)


def article() -> Message:
    return msg("the article")


def topics(count: int) -> Message:
    return msg("{count} topics", count=count)

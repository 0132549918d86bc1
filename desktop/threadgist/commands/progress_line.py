"""The run's progress on stderr for `threadgist summarize`: on a terminal one line,
rewritten in place (``\\r``) as the run goes; into a file or a pipe plain lines instead,
one when the step changes and at most one every :data:`INTERVAL` seconds otherwise, so a
log holds no carriage returns and does not grow by a line a second. Every line says how
long the run has been going, so a long wait for a slow local model visibly moves."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from ..digest.calls import CallPhase, row_totals
from ..digest.pipeline import Progress
from ..digest.stage import Stage

#: seconds between two plain lines that say nothing new but the time
INTERVAL = 10.0

#: what each stage of the pipeline is doing, in the words of the status line
STAGES = {
    Stage.ENGINE: "loading the local model",
    Stage.PLAN: "waiting for the model",
    Stage.CONDENSE: "condensing the article",
    Stage.MAP: "reading the comments",
    Stage.REDUCE: "merging the parts",
    Stage.WRITE: "writing the summary",
    Stage.DONE: "checking citations",
}


def describe(progress: Progress) -> str:
    """What the run is doing, without the time: "1/3 calls · the model is reading the
    prompt: ~1200/5136 tokens" or "… · answering · 5136 prompt + 207 answer tokens"."""
    head = f"{progress.done}/{progress.total} calls"
    if progress.stage is Stage.ENGINE:
        return STAGES[Stage.ENGINE]
    if progress.prompt_size:
        approx = "~" if progress.read_estimated else ""
        return (
            f"{head} · the model is reading the prompt: {approx}{progress.prompt_read}/"
            f"{progress.prompt_size} tokens"
        )
    answering = any(call.phase is CallPhase.ANSWERING for call in progress.calls)
    what = "the model is answering" if answering else STAGES[progress.stage]
    # the calls under way counted too, as their rows do (the run's usage waits for their end)
    prompt, answer = (
        row_totals(progress.calls) if progress.calls else (progress.prompt_tokens, progress.completion_tokens)
    )
    return f"{head} · {what} · {prompt} prompt + {answer} answer tokens"


class ProgressLine:
    def __init__(self, stream: TextIO | None = None, interval: float = INTERVAL) -> None:
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.tty = bool(isatty()) if callable(isatty) else False
        self.interval = interval
        self.started = time.monotonic()
        self.shown = False  # a \r line is on screen (a terminal only)
        self._key: tuple[object, ...] | None = None
        self._printed = 0.0

    def show(self, progress: Progress) -> None:
        elapsed = time.monotonic() - self.started
        text = f"{describe(progress)} · {elapsed:.0f} s"
        if self.tty:
            self.stream.write(f"\r{text}" + " " * 8)
            self.shown = True
        else:
            key = (progress.stage, progress.done, progress.total, bool(progress.prompt_size))
            if key == self._key and elapsed - self._printed < self.interval:
                return
            self._key, self._printed = key, elapsed
            self.stream.write(f"{text}\n")
        self.stream.flush()

    def end(self) -> None:
        """Messages after the progress start on a line of their own."""
        if self.shown:
            self.stream.write("\n")
            self.shown = False

"""One call of a run: the request through the endpoint's client, its line in the
progress (waiting, reading the prompt, answering, retried, repaired, done), its cost, and
what the server's token count teaches about its tokenizer (or a prompt it cut)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..llm.chat import CallEvent, Completion, Repair
from ..llm.errors import ContextExceeded, ErrorKind, OutputTruncated
from ..llm.truncation import cut_window
from ..messages import Message, msg
from . import calls as C
from . import schema as S
from .context import RunContext
from .model import Usage
from .progress import CallRecord, Reading
from .stage import Stage
from .streamtext import SummaryStream

#: prompts shorter than this teach nothing about the tokenizer (the template dominates)
MIN_CALIBRATION_TOKENS = 64
#: the learnt tokenizer factor is measured × this: estimates err towards fitting
FACTOR_HEADROOM = 1.02
#: each new measurement's weight in the learnt factor (one odd prompt, mostly ASCII or
#: mostly Han, moves it only part of the way)
FACTOR_WEIGHT = 0.3
#: why the endpoint failed before a request is made again, by error kind (in a note)
RETRY_REASONS: dict[ErrorKind, Message] = {
    ErrorKind.RATE_LIMIT: msg("rate-limited"),
    ErrorKind.SERVER: msg("a server error"),
    ErrorKind.TIMEOUT: msg("no answer in time"),
    ErrorKind.UNREACHABLE: msg("not reachable"),
    # a pool's member that fails for good; the request goes to another member
    ErrorKind.AUTH: msg("the API key was rejected"),
    ErrorKind.CONFIG: msg("set up wrongly"),
    ErrorKind.MODEL_NOT_FOUND: msg("the model is missing"),
    ErrorKind.QUOTA: msg("no quota left"),
    ErrorKind.UNSUPPORTED: msg("a feature is missing"),
}


@dataclass(frozen=True)
class CallSpec:
    """What one call asks: its messages, answer schema and name, the prompt tokens the
    plan expects (None: counted here) and its answer room (None: the run's reserve)."""

    messages: list[dict[str, str]]
    schema: dict[str, Any]
    name: str
    expected: int | None = None
    max_tokens: int | None = None
    stream_summary: bool = False  # the answer's summary is shown as it is written


class Caller:
    """Makes the calls of one run (see the module's docstring)."""

    def __init__(self, run: RunContext):
        self.run = run

    async def __call__(
        self, spec: CallSpec, call: C.CallTracker, cost: Usage | None = None
    ) -> dict[str, Any]:
        """One call (``call``: its line in the progress; ``cost``: where its requests and
        tokens are counted besides the run's usage)."""
        run, reporter = self.run, self.run.reporter
        expected = spec.expected
        if expected is None:
            expected = sum(run.counter.count(message["content"]) for message in spec.messages) + 8
        call.prompt_tokens = expected
        reading = Reading(expected, run.client.prefill_speed())
        if run.limiter is not None:  # a batch's slot at the endpoint
            await run.limiter.acquire()
            reading.started = time.monotonic()
        call.start()
        ticker = asyncio.ensure_future(reporter.watch(reading))
        try:
            result = await run.client.complete_json(
                spec.messages,
                schema_name=spec.name,
                schema=spec.schema,
                validate=lambda doc: S.validate(doc, spec.schema),
                max_tokens=spec.max_tokens or run.budget.reserve,
                on_text=self._sink(call, reading, spec.stream_summary),
                on_prefill=lambda done, total: self._prefill(reading, done, total),
                on_event=lambda event: self._event(call, reading, event),
            )
        except (OutputTruncated, ContextExceeded) as e:  # a request made all the same
            answered = e.completion_tokens if isinstance(e, OutputTruncated) else 0
            run.spend(cost, expected, answered or 0, 1)
            run.call_log.append(CallRecord(spec.name, expected, None, time.monotonic() - reading.started))
            call.fail()
            reporter.again()
            raise
        except BaseException:  # an endpoint error, or the run was cancelled
            call.fail()
            reporter.again()
            raise
        finally:
            ticker.cancel()
            if run.limiter is not None:
                run.limiter.release()
        if run.limiter is not None:  # the request waiting for the slot starts first
            await asyncio.sleep(0)
        self._account(spec, expected, result, call, cost)
        data: dict[str, Any] = result.data
        return data

    def _sink(self, call: C.CallTracker, reading: Reading, stream_summary: bool) -> Callable[[str], None]:
        reporter, counter = self.run.reporter, self.run.counter
        summary = SummaryStream()  # the summary so far, parsed once per character

        def sink(piece: str) -> None:
            reading.answering = True
            if call.answer(counter.raw(piece)):  # the first answer piece
                reporter.again()
            if summary.complete or not stream_summary:
                return
            text, _ = summary.feed(piece)
            if text:
                reporter.emit(Stage.WRITE, reporter.done, reporter.total, text)

        return sink

    def _prefill(self, reading: Reading, done: int, total: int) -> None:
        reading.report(done, total)
        self.run.reporter.reading(reading, exact=True)

    def _event(self, call: C.CallTracker, reading: Reading, event: CallEvent) -> None:
        if isinstance(event, Repair):
            call.repair()
            self.run.reporter.change(msg("the answer was not valid JSON: asked the model to correct it"))
        else:
            call.retry()
            why = RETRY_REASONS.get(event.kind) or str(event.kind)
            self.run.reporter.change(msg("the endpoint failed ({why}): trying again", why=why))
        reading.restart()

    def _account(
        self, spec: CallSpec, expected: int, result: Completion, call: C.CallTracker, cost: Usage | None
    ) -> None:
        run = self.run
        prompt = result.prompt_tokens
        if prompt is not None:
            self.calibrate(prompt, expected)
        completion = result.completion_tokens
        if prompt is None or completion is None:
            run.usage.estimated = True
        run.spend(
            cost,
            prompt if prompt is not None else expected,
            completion if completion is not None else run.counter.count(result.text),
            result.calls,
        )
        run.call_log.append(
            CallRecord(
                spec.name, prompt if prompt is not None else expected, result.prompt_evaluated, result.seconds
            )
        )
        call.finish(prompt, completion)

    def calibrate(self, reported: int, expected: int) -> None:
        """Compare the server's prompt count with our estimate: learn the endpoint's
        tokenizer factor, and catch servers that silently cut prompts (Ollama)."""
        run = self.run
        raw = expected / run.counter.factor
        if raw < MIN_CALIBRATION_TOKENS:
            return
        real = cut_window(run.profile, reported, raw)
        if real is not None:
            raise ContextExceeded(
                msg(
                    "{server} read only {reported} of about {expected} prompt tokens: it "
                    "silently cut the prompt to fit its context window",
                    server=run.profile.kind.label,
                    reported=reported,
                    expected=int(raw),
                ),
                n_ctx=real,
            )
        prev = run.client.tokenizer_factor()
        measured = reported / raw * FACTOR_HEADROOM
        new = measured if prev is None else (1 - FACTOR_WEIGHT) * prev + FACTOR_WEIGHT * measured
        run.client.learn_tokenizer_factor(round(new, 4))

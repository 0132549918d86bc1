"""Score an endpoint on a labelled set: one digest per thread, made fresh (no cache), each
scored against the labels and shown beside the trivial baseline. Used by
``threadgist eval`` and by ``make quality`` (benchmarks/quality/run.py)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import mean

from ..llm.chat import ChatClient
from ..llm.errors import EndpointError
from .labels import LabelledThread
from .pipeline import Summarizer
from .scoring import ThreadScore, failed_score, score_digest
from .tokens import TokenCounter


@dataclass
class EvalRun:
    """The scores of one endpoint (or the oracle) on a set."""

    label: str
    scores: list[ThreadScore] = field(default_factory=list)

    @property
    def ok(self) -> list[ThreadScore]:
        return [score for score in self.scores if not score.error]


async def evaluate(
    threads: list[LabelledThread],
    client: ChatClient,
    counter: TokenCounter,
    *,
    context: int | None = None,
    pipeline: str = "single",
    form: str = "rich",
    deadline: Callable[[LabelledThread], float] | None = None,
    on_thread: Callable[[ThreadScore], None] | None = None,
) -> list[ThreadScore]:
    """Run every thread in turn (concurrency lives inside a run) and score it. A failed run,
    or one that gives no digest before ``deadline(thread)`` seconds, is scored as an empty
    digest and carries its error."""
    out: list[ThreadScore] = []
    for labelled in threads:
        summ = Summarizer(
            labelled.thread,
            client,
            counter,
            lang=labelled.lang,
            context=context,
            cache=None,
            use_cache=False,
            pipeline=pipeline,
            form=form,
        )
        started = time.monotonic()
        limit = deadline(labelled) if deadline is not None else None
        try:
            digest = await asyncio.wait_for(summ.run(), limit)
        except TimeoutError:
            score = failed_score(
                labelled, f"deadline: no digest within {limit:.0f} s", time.monotonic() - started
            )
        except EndpointError as e:
            score = failed_score(
                labelled, f"{e.kind}: {client.redact(e.message)}", time.monotonic() - started
            )
        else:
            score = score_digest(labelled, digest, time.monotonic() - started)
        out.append(score)
        if on_thread is not None:
            on_thread(score)
    return out


def size_deadline(base: float = 60.0, per_line: float = 0.75) -> Callable[[LabelledThread], float]:
    """A deadline that grows with the thread: ``base`` seconds plus ``per_line`` per
    comment line."""
    return lambda labelled: base + per_line * len(labelled.lines)


# ---- the table ----------------------------------------------------------------------

COLUMNS = (
    "thread",
    "lines",
    "on/off acc",
    "pair F1",
    "off share (labels)",
    "quotes kept",
    "dup groups",
    "summary copied",
    "verdict",
    "calls",
    "tokens",
    "wall s",
)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def row(score: ThreadScore) -> list[str]:
    grouping = score.grouping
    quotes = f"{score.quotes_kept}/{score.quotes_given}" if score.quotes_given else "–"
    verdict = score.verdict if not score.reasons else f"{score.verdict}: {', '.join(score.reasons)}"
    if score.error:
        verdict = f"failed: {score.error[:60]}"
    return [
        score.name,
        str(score.comments),
        _pct(grouping.accuracy),
        _pct(grouping.f1),
        f"{grouping.off_share:.2f} ({grouping.off_share_true:.2f})",
        quotes,
        str(score.duplicate_groups),
        _pct(score.summary_copy),
        verdict,
        str(score.calls),
        f"{score.prompt_tokens}+{score.completion_tokens}",
        f"{score.seconds:.1f}",
    ]


@dataclass(frozen=True)
class Means:
    accuracy: float
    f1: float
    off_share_error: float
    quotes_kept: float | None
    duplicate_groups: float
    summary_copy: float
    low_verdicts: int
    below_baseline: int
    flagged_below: int  # below the baseline and marked low confidence
    calls: int
    tokens: int
    seconds: float


def means(scores: list[ThreadScore]) -> Means:
    given = sum(score.quotes_given for score in scores)
    below = [score for score in scores if score.below_baseline]
    return Means(
        accuracy=mean(score.grouping.accuracy for score in scores),
        f1=mean(score.grouping.f1 for score in scores),
        off_share_error=mean(score.grouping.off_share_error for score in scores),
        quotes_kept=sum(score.quotes_kept for score in scores) / given if given else None,
        duplicate_groups=mean(score.duplicate_groups for score in scores),
        summary_copy=mean(score.summary_copy for score in scores),
        low_verdicts=sum(score.verdict in ("low", "failed") for score in scores),
        below_baseline=len(below),
        flagged_below=sum(score.verdict in ("low", "failed") for score in below),
        calls=sum(score.calls for score in scores),
        tokens=sum(score.prompt_tokens + score.completion_tokens for score in scores),
        seconds=sum(score.seconds for score in scores),
    )


def baseline_means(scores: list[ThreadScore]) -> Means:
    return Means(
        mean(score.baseline.accuracy for score in scores),
        mean(score.baseline.f1 for score in scores),
        mean(score.baseline.off_share_error for score in scores),
        None,
        0.0,
        0.0,
        0,
        0,
        0,
        0,
        0,
        0.0,
    )


def summary_row(label: str, averages: Means, count: int) -> list[str]:
    return [
        label,
        str(count),
        f"**{averages.accuracy:.2f}**",
        f"**{averages.f1:.2f}**",
        f"err {averages.off_share_error:.2f}",
        _pct(averages.quotes_kept),
        f"{averages.duplicate_groups:.1f}",
        f"{averages.summary_copy:.2f}",
        f"{averages.low_verdicts} of {count} low; "
        f"{averages.flagged_below} of {averages.below_baseline} below-baseline flagged",
        str(averages.calls),
        str(averages.tokens),
        f"{averages.seconds:.0f}",
    ]


def markdown_table(rows: list[list[str]]) -> str:
    head = "| " + " | ".join(COLUMNS) + " |"
    sep = "|" + "|".join("---" if i == 0 or i == 8 else "---:" for i in range(len(COLUMNS))) + "|"
    body = ["| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |" for cells in rows]
    return "\n".join([head, sep, *body])


def run_table(run: EvalRun, with_baseline: bool = True) -> str:
    rows = [row(score) for score in run.scores]
    rows.append(summary_row(f"mean: {run.label}", means(run.scores), len(run.scores)))
    if with_baseline:
        rows.append(
            summary_row(
                "mean: trivial baseline (one on-topic group)", baseline_means(run.scores), len(run.scores)
            )
        )
    return markdown_table(rows)

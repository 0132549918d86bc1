"""Score an endpoint on a labelled set: one digest per thread, made fresh (no cache), each
scored against the labels and shown beside the trivial baseline. Used by
``threadgist eval`` and by ``make quality`` (benchmarks/quality/run.py)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import mean

from ..llm.client import LLMClient
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
        return [s for s in self.scores if not s.error]


async def evaluate(
    threads: list[LabelledThread],
    client: LLMClient,
    counter: TokenCounter,
    *,
    context: int | None = None,
    pipeline: str = "single",
    deadline: Callable[[LabelledThread], float] | None = None,
    on_thread: Callable[[ThreadScore], None] | None = None,
) -> list[ThreadScore]:
    """Run every thread in turn (concurrency lives inside a run) and score it. A failed run,
    or one that gives no digest before ``deadline(thread)`` seconds, is scored as an empty
    digest and carries its error."""
    out: list[ThreadScore] = []
    for lt in threads:
        summ = Summarizer(
            lt.thread,
            client,
            counter,
            lang=lt.lang,
            context=context,
            cache=None,
            use_cache=False,
            pipeline=pipeline,
        )
        started = time.monotonic()
        limit = deadline(lt) if deadline is not None else None
        try:
            digest = await asyncio.wait_for(summ.run(), limit)
        except TimeoutError:
            score = failed_score(lt, f"deadline: no digest within {limit:.0f} s", time.monotonic() - started)
        except EndpointError as e:
            score = failed_score(lt, f"{e.kind}: {client.redact(e.message)}", time.monotonic() - started)
        else:
            score = score_digest(lt, digest, time.monotonic() - started)
        out.append(score)
        if on_thread is not None:
            on_thread(score)
    return out


def size_deadline(base: float = 60.0, per_line: float = 0.75) -> Callable[[LabelledThread], float]:
    """A deadline that grows with the thread: ``base`` seconds plus ``per_line`` per
    comment line."""
    return lambda lt: base + per_line * len(lt.lines)


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


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def row(s: ThreadScore) -> list[str]:
    g = s.grouping
    quotes = f"{s.quotes_kept}/{s.quotes_given}" if s.quotes_given else "–"
    verdict = s.verdict if not s.reasons else f"{s.verdict}: {', '.join(s.reasons)}"
    if s.error:
        verdict = f"failed: {s.error[:60]}"
    return [
        s.name,
        str(s.comments),
        _pct(g.accuracy),
        _pct(g.f1),
        f"{g.off_share:.2f} ({g.off_share_true:.2f})",
        quotes,
        str(s.duplicate_groups),
        _pct(s.summary_copy),
        verdict,
        str(s.calls),
        f"{s.prompt_tokens}+{s.completion_tokens}",
        f"{s.seconds:.1f}",
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
    given = sum(s.quotes_given for s in scores)
    below = [s for s in scores if s.below_baseline]
    return Means(
        accuracy=mean(s.grouping.accuracy for s in scores),
        f1=mean(s.grouping.f1 for s in scores),
        off_share_error=mean(s.grouping.off_share_error for s in scores),
        quotes_kept=sum(s.quotes_kept for s in scores) / given if given else None,
        duplicate_groups=mean(s.duplicate_groups for s in scores),
        summary_copy=mean(s.summary_copy for s in scores),
        low_verdicts=sum(s.verdict in ("low", "failed") for s in scores),
        below_baseline=len(below),
        flagged_below=sum(s.verdict in ("low", "failed") for s in below),
        calls=sum(s.calls for s in scores),
        tokens=sum(s.prompt_tokens + s.completion_tokens for s in scores),
        seconds=sum(s.seconds for s in scores),
    )


def baseline_means(scores: list[ThreadScore]) -> Means:
    return Means(
        mean(s.baseline.accuracy for s in scores),
        mean(s.baseline.f1 for s in scores),
        mean(s.baseline.off_share_error for s in scores),
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


def summary_row(label: str, m: Means, n: int) -> list[str]:
    return [
        label,
        str(n),
        f"**{m.accuracy:.2f}**",
        f"**{m.f1:.2f}**",
        f"err {m.off_share_error:.2f}",
        _pct(m.quotes_kept),
        f"{m.duplicate_groups:.1f}",
        f"{m.summary_copy:.2f}",
        f"{m.low_verdicts} of {n} low; {m.flagged_below} of {m.below_baseline} below-baseline flagged",
        str(m.calls),
        str(m.tokens),
        f"{m.seconds:.0f}",
    ]


def markdown_table(rows: list[list[str]]) -> str:
    head = "| " + " | ".join(COLUMNS) + " |"
    sep = "|" + "|".join("---" if i == 0 or i == 8 else "---:" for i in range(len(COLUMNS))) + "|"
    body = ["| " + " | ".join(c.replace("|", "/") for c in r) + " |" for r in rows]
    return "\n".join([head, sep, *body])


def run_table(run: EvalRun, with_baseline: bool = True) -> str:
    rows = [row(s) for s in run.scores]
    rows.append(summary_row(f"mean: {run.label}", means(run.scores), len(run.scores)))
    if with_baseline:
        rows.append(
            summary_row(
                "mean: trivial baseline (one on-topic group)", baseline_means(run.scores), len(run.scores)
            )
        )
    return markdown_table(rows)

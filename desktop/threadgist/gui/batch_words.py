"""The line above the *Summarize all articles* table: the table's state
(:class:`TableState`) and what the line says in each, in the interface's language
(:class:`BatchWords`, said again when the language changes), from the facts of the moment
(:class:`Facts`: the rows, the estimate, the run's totals)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from ..services.batch_rows import BatchStatus
from .i18n import endpoint_label

if TYPE_CHECKING:
    from ..llm.profiles import EndpointProfile
    from ..services.batch import Totals
    from ..services.batch_estimate import BatchEstimate


class TableState(StrEnum):
    """Where the table is: each state has its words (some take arguments: a file name,
    why something failed)."""

    NONE = ""
    NO_ENDPOINT = "no-endpoint"
    BUSY = "busy"  # the file a batch runs for
    ESTIMATING = "estimating"
    ESTIMATE_FAILED = "estimate-failed"  # why
    NO_KEY = "no-key"  # why
    ESTIMATED = "estimated"
    STARTING = "starting"
    RUNNING = "running"
    CANCELLED = "cancelled"
    FAILED = "failed"  # why
    FINISHED = "finished"


#: the states in which *Summarize all articles*, chosen again for the same file, plans and
#: starts again (e.g. an endpoint was set up since, or the question was declined)
AGAIN = frozenset(
    {
        TableState.NO_ENDPOINT,
        TableState.NO_KEY,
        TableState.ESTIMATE_FAILED,
        TableState.ESTIMATED,
        TableState.FAILED,
    }
)


@dataclass
class Facts:
    """What the words tell, as it is when they are said."""

    rows: int = 0
    counts: dict[BatchStatus, int] = field(default_factory=dict)
    totals: Totals | None = None
    estimate: BatchEstimate | None = None
    profile: EndpointProfile | None = None


class BatchWords(QObject):
    """The table's words: :meth:`line` for a state, :meth:`estimate` for the batch's
    estimate (the line, and the question before a big batch)."""

    def line(self, state: TableState, args: tuple[str, ...], facts: Facts) -> str:
        """What the line above the table says in ``state``: a lookup keyed by the state."""
        return self._words(facts)[state](*args)

    def _words(self, facts: Facts) -> dict[TableState, Callable[..., str]]:
        """Each state's words; those that take the state's arguments name them."""
        total = f"{facts.rows:,}"
        est = facts.estimate
        return {
            TableState.NONE: lambda: "",
            TableState.NO_ENDPOINT: lambda: self.tr(
                "No endpoint is configured: add one in Endpoints → Manage endpoints."
            ),
            TableState.BUSY: lambda file: self.tr(
                "A batch is running for %1: cancel it before summarizing the articles of another file."
            ).replace("%1", file),
            TableState.ESTIMATING: lambda: self.tr("Planning %1 articles…").replace("%1", total),
            TableState.ESTIMATE_FAILED: lambda why: self.tr(
                "The batch could not be planned: %1. Summarize all starts it all "
                "the same; the articles that cannot be summarized say why."
            ).replace("%1", why.rstrip(".")),
            TableState.NO_KEY: lambda why: self.tr("This endpoint needs an API key: %1").replace("%1", why),
            TableState.ESTIMATED: lambda: self.estimate(est, facts.profile) if est is not None else "",
            TableState.STARTING: lambda: self.tr("Starting…"),
            TableState.RUNNING: lambda: self._running(facts),
            TableState.CANCELLED: lambda: self._cancelled(facts),
            TableState.FAILED: lambda why: self.tr("The batch could not run: %1").replace("%1", why),
            TableState.FINISHED: lambda: self._finished(facts),
        }

    def _running(self, facts: Facts) -> str:
        totals, est = facts.totals, facts.estimate
        if totals is None:
            return ""
        total = f"{facts.rows:,}"
        tokens = f"{totals.prompt_tokens + totals.completion_tokens:,}"
        if est is not None and est.calls:
            return (
                self.tr("%1 of %2 articles done · %3 of about %4 calls · %5 tokens")
                .replace("%1", f"{totals.threads:,}")
                .replace("%2", total)
                .replace("%3", f"{totals.calls:,}")
                .replace("%4", f"{est.calls:,}")
                .replace("%5", tokens)
            )
        return (
            self.tr("%1 of %2 articles done · %3 calls · %4 tokens")
            .replace("%1", f"{totals.threads:,}")
            .replace("%2", total)
            .replace("%3", f"{totals.calls:,}")
            .replace("%4", tokens)
        )

    def _cancelled(self, facts: Facts) -> str:
        digested = facts.counts.get(BatchStatus.OK, 0) + facts.counts.get(BatchStatus.CACHED, 0)
        return (
            self.tr(
                "Cancelled: %1 of %2 articles have a digest; they are cached, and "
                "summarizing all again resumes."
            )
            .replace("%1", f"{digested:,}")
            .replace("%2", f"{facts.rows:,}")
        )

    def _finished(self, facts: Facts) -> str:
        totals = facts.totals
        if totals is None:
            return ""
        return (
            self.tr("Done: %1 summarized, %2 cached, %3 failed · %4 calls · %5 tokens")
            .replace("%1", f"{totals.ok:,}")
            .replace("%2", f"{totals.cached:,}")
            .replace("%3", f"{totals.failed:,}")
            .replace("%4", f"{totals.calls:,}")
            .replace("%5", f"{totals.prompt_tokens + totals.completion_tokens:,}")
        )

    def estimate(self, est: BatchEstimate, profile: EndpointProfile | None) -> str:
        """The batch's estimate in a sentence or three: articles, calls, tokens, cost."""
        where = f"{endpoint_label(profile.name)} · {profile.model_label}" if profile is not None else ""
        text = (
            self.tr("Summarizing all %1 articles with %2 takes about %3 calls and %4 prompt tokens.")
            .replace("%1", f"{est.threads:,}")
            .replace("%2", where)
            .replace("%3", f"{est.calls:,}")
            .replace("%4", f"{est.prompt_tokens:,}")
        )
        if est.cached:
            text += " " + self.tr("%1 of them are cached.").replace("%1", f"{est.cached:,}")
        if est.cost_usd is not None:
            text += " " + self.tr("It costs about US$%1 (at most %2).").replace(
                "%1", f"{est.cost_usd[0]:.2f}"
            ).replace("%2", f"{est.cost_usd[1]:.2f}")
        return text

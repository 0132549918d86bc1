"""What ``threadgist batch`` says: the estimate before it starts, what the client did (a
pool's members, the Batch API's batches) and the summary line when it ends."""

from __future__ import annotations

import time
from pathlib import Path

from ..services.batch import Totals
from ..services.batch_endpoint import BatchEndpoints, ClientReport
from ..services.batch_estimate import BatchEstimate
from ..services.batch_index import INDEX_CSV, INDEX_JSONL
from .console import terminal_safe


def summary_line(totals: Totals, unread: int, usd: float | None, out: Path) -> str:
    """The threads done, the calls, the tokens, what they cost, the time and the index."""
    failed = totals.failed - unread
    return (
        f"{totals.threads - unread} threads: {totals.ok} summarized, {totals.cached} cached, "
        f"{failed} failed"
        + (f", {unread} unreadable input(s)" if unread else "")
        + f" · {totals.calls} calls · {totals.prompt_tokens:,}+{totals.completion_tokens:,} "
        f"tokens{'' if usd is None else f' · ${usd:.4f}'} · {time.monotonic() - totals.started:.0f} s · "
        f"index: {out / INDEX_CSV}, {out / INDEX_JSONL}"
    )


def client_lines(report: ClientReport | None) -> list[str]:
    """A pool's members, the Batch API's batches."""
    if report is None:
        return []
    if report.pool is not None:
        return ["pool: " + report.pool]
    if not report.batch_api:
        return []
    created = report.batches
    listed = f" ({', '.join(created[:5])}{'…' if len(created) > 5 else ''})" if created else ""
    reused = f"; {report.reused} answer(s) from batches created before" if report.reused else ""
    return [f"Batch API: {len(created)} batch(es) created{listed}{reused}"]


def estimate_lines(est: BatchEstimate, endpoints: BatchEndpoints, out: Path) -> list[str]:
    profiles = endpoints.profiles
    pool = " + ".join(profile.name for profile in profiles)
    conc = sum(profile.effective_concurrency for profile in profiles)
    lines = [
        f"batch:    {est.threads} thread(s), {est.comments:,} comments → {out}"
        + (f" ({est.cached} cached)" if est.cached else "")
        + (f"; {est.unreadable} input(s) cannot be read" if est.unreadable else ""),
        f"endpoint: {pool} · {profiles[0].model_label} · {conc} request(s) at a time",
        f"estimate: {est.calls} call(s) · {est.prompt_tokens:,} prompt tokens · answers of at "
        f"most {est.reserve_tokens:,} tokens",
    ]
    cost = endpoints.scaled(est.cost_usd)
    if cost is not None:
        low, high = cost
        lines.append(
            f"cost:     ${low:.4f} to ${high:.4f} (prompts only, and every answer at "
            "its limit" + (", at the Batch API's half price)" if endpoints.batch_api else ")")
        )
    lines += _unplannable_lines(est)
    return [terminal_safe(line) for line in lines]


#: the threads that cannot be planned named one by one in the estimate (the rest counted)
_SHOWN_UNPLANNABLE = 5


def _unplannable_lines(est: BatchEstimate) -> list[str]:
    if not est.unplannable:
        return []
    lines = [f"cannot be planned for this model, so they will fail: {len(est.unplannable)} thread(s)"]
    lines += [f"  {origin}: {why}" for origin, why in est.unplannable[:_SHOWN_UNPLANNABLE]]
    if len(est.unplannable) > _SHOWN_UNPLANNABLE:
        more = len(est.unplannable) - _SHOWN_UNPLANNABLE
        lines.append(f"  … and {more} more (listed in the index after the run)")
    return lines

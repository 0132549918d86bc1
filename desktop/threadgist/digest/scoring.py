"""Scores of a digest against a hand-labelled thread, and the trivial baseline.

Per comment line the labels give one group or none; the digest gives at most one group
(after settling). From those two assignments:

- **on/off accuracy**: the share of lines whose class agrees, where a line is *off topic*
  when its group is a digression and *on topic* otherwise (a line in no group counts as on
  topic on both sides, as a reader assumes of a comment the digest does not mention);
- **pairwise F1 of the grouping**: over all pairs of lines, "in the same group" in the
  digest against the labels (lines in no group pair with nothing);
- **off-topic share error**: |digest's off-topic share − the labels'|;
- **quotes kept ÷ quoted**, **near-duplicate groups** (from the reliability check) and the
  **summary's copy share**: the share of its 4-grams found in the article.

The trivial baseline puts every comment in one on-topic group. Everything is linear in
the number of lines.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .labels import DIGRESSION, LabelledThread
from .model import Digest
from .textsim import copied_share

#: floor → (group key, off topic?)
Assignment = dict[int, tuple[str, bool]]


@dataclass(frozen=True)
class GroupingScore:
    accuracy: float
    precision: float
    recall: float
    f1: float
    off_share: float  # the digest's
    off_share_true: float

    @property
    def off_share_error(self) -> float:
        return abs(self.off_share - self.off_share_true)


@dataclass
class ThreadScore:
    name: str
    comments: int
    grouping: GroupingScore
    baseline: GroupingScore
    quotes_given: int = 0
    quotes_kept: int = 0
    duplicate_groups: int = 0
    summary_copy: float = 0.0
    groups: int = 0
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    verdict: str = "ok"
    reasons: list[str] = field(default_factory=list)
    error: str = ""  # the run failed: no digest was scored

    @property
    def below_baseline(self) -> bool:
        """Worse than the trivial digest on either main figure."""
        return self.grouping.accuracy < self.baseline.accuracy or self.grouping.f1 < self.baseline.f1

    @property
    def quotes_kept_share(self) -> float | None:
        return self.quotes_kept / self.quotes_given if self.quotes_given else None


def digest_assignment(d: Digest) -> Assignment:
    out: Assignment = {}
    for i, v in enumerate(d.viewpoints):
        for f in v.floors:
            out.setdefault(f, (f"v{i}", False))
    for i, o in enumerate(d.off_topic):
        for f in o.floors:
            out.setdefault(f, (f"d{i}", True))
    return out


def label_assignment(lt: LabelledThread) -> Assignment:
    kinds = {g.id: g.kind for g in lt.groups}
    return {f: (gid, kinds[gid] == DIGRESSION) for f, gid in lt.lines.items() if gid}


def baseline_assignment(lt: LabelledThread) -> Assignment:
    return {f: ("all", False) for f in lt.lines}


def score_grouping(lt: LabelledThread, pred: Assignment) -> GroupingScore:
    truth = label_assignment(lt)
    floors = list(lt.lines)
    n = len(floors) or 1
    agree = sum((truth.get(f, ("", False))[1]) == (pred.get(f, ("", False))[1]) for f in floors)
    true_sizes = Counter(truth[f][0] for f in floors if f in truth)
    pred_sizes = Counter(pred[f][0] for f in floors if f in pred)
    cells = Counter((truth[f][0], pred[f][0]) for f in floors if f in truth and f in pred)
    tp = sum(_pairs(k) for k in cells.values())
    true_pairs = sum(_pairs(k) for k in true_sizes.values())
    pred_pairs = sum(_pairs(k) for k in pred_sizes.values())
    precision = tp / pred_pairs if pred_pairs else 0.0
    recall = tp / true_pairs if true_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    off_pred = sum(pred.get(f, ("", False))[1] for f in floors) / n
    off_true = sum(truth.get(f, ("", False))[1] for f in floors) / n
    return GroupingScore(agree / n, precision, recall, f1, off_pred, off_true)


def score_digest(lt: LabelledThread, d: Digest, seconds: float = 0.0) -> ThreadScore:
    dup = next(
        (int(r.figures[0]) for r in d.reliability.reasons if r.code == "duplicate_groups" and r.figures), 0
    )
    return ThreadScore(
        name=lt.name,
        comments=len(lt.lines),
        grouping=score_grouping(lt, digest_assignment(d)),
        baseline=score_grouping(lt, baseline_assignment(lt)),
        quotes_given=d.verification.quotes_given,
        quotes_kept=d.verification.quotes_kept,
        duplicate_groups=dup,
        summary_copy=copied_share(d.summary, f"{lt.thread.title}\n{lt.thread.body}"),
        groups=len(d.viewpoints) + len(d.off_topic),
        calls=d.usage.calls,
        prompt_tokens=d.usage.prompt_tokens,
        completion_tokens=d.usage.completion_tokens,
        seconds=seconds,
        verdict=d.reliability.level,
        reasons=[r.code for r in d.reliability.reasons],
    )


def failed_score(lt: LabelledThread, error: str, seconds: float = 0.0) -> ThreadScore:
    """A run that gave no digest scores as an empty digest (every line on topic, no group)."""
    return ThreadScore(
        name=lt.name,
        comments=len(lt.lines),
        grouping=score_grouping(lt, {}),
        baseline=score_grouping(lt, baseline_assignment(lt)),
        seconds=seconds,
        verdict="failed",
        error=error,
    )


def _pairs(k: int) -> int:
    return k * (k - 1) // 2

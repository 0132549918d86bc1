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
    viewpoints: int = 0
    digressions: int = 0
    #: comment lines the digest put in more than one group (settle.py allows none)
    lines_in_two_groups: int = 0
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


def digest_assignment(digest: Digest) -> Assignment:
    out: Assignment = {}
    for i, viewpoint in enumerate(digest.viewpoints):
        for floor in viewpoint.floors:
            out.setdefault(floor, (f"v{i}", False))
    for i, digression in enumerate(digest.off_topic):
        for floor in digression.floors:
            out.setdefault(floor, (f"d{i}", True))
    return out


def label_assignment(labelled: LabelledThread) -> Assignment:
    kinds = {group.id: group.kind for group in labelled.groups}
    return {floor: (gid, kinds[gid] == DIGRESSION) for floor, gid in labelled.lines.items() if gid}


def baseline_assignment(labelled: LabelledThread) -> Assignment:
    return {floor: ("all", False) for floor in labelled.lines}


def score_grouping(labelled: LabelledThread, pred: Assignment) -> GroupingScore:
    truth = label_assignment(labelled)
    floors = list(labelled.lines)
    total = len(floors) or 1
    agree = sum((truth.get(floor, ("", False))[1]) == (pred.get(floor, ("", False))[1]) for floor in floors)
    true_sizes = Counter(truth[floor][0] for floor in floors if floor in truth)
    pred_sizes = Counter(pred[floor][0] for floor in floors if floor in pred)
    cells = Counter((truth[floor][0], pred[floor][0]) for floor in floors if floor in truth and floor in pred)
    true_positives = sum(_pairs(size) for size in cells.values())
    true_pairs = sum(_pairs(size) for size in true_sizes.values())
    pred_pairs = sum(_pairs(size) for size in pred_sizes.values())
    precision = true_positives / pred_pairs if pred_pairs else 0.0
    recall = true_positives / true_pairs if true_pairs else 0.0
    f1_score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    off_pred = sum(pred.get(floor, ("", False))[1] for floor in floors) / total
    off_true = sum(truth.get(floor, ("", False))[1] for floor in floors) / total
    return GroupingScore(agree / total, precision, recall, f1_score, off_pred, off_true)


def score_digest(labelled: LabelledThread, digest: Digest, seconds: float = 0.0) -> ThreadScore:
    dup = next(
        (
            int(reason.figures[0])
            for reason in digest.reliability.reasons
            if reason.code == "duplicate_groups" and reason.figures
        ),
        0,
    )
    return ThreadScore(
        name=labelled.name,
        comments=len(labelled.lines),
        grouping=score_grouping(labelled, digest_assignment(digest)),
        baseline=score_grouping(labelled, baseline_assignment(labelled)),
        quotes_given=digest.verification.quotes_given,
        quotes_kept=digest.verification.quotes_kept,
        duplicate_groups=dup,
        summary_copy=copied_share(digest.summary, f"{labelled.thread.title}\n{labelled.thread.body}"),
        groups=len(digest.viewpoints) + len(digest.off_topic),
        viewpoints=len(digest.viewpoints),
        digressions=len(digest.off_topic),
        lines_in_two_groups=_shared_lines(digest),
        calls=digest.usage.calls,
        prompt_tokens=digest.usage.prompt_tokens,
        completion_tokens=digest.usage.completion_tokens,
        seconds=seconds,
        verdict=digest.reliability.level,
        reasons=[reason.code for reason in digest.reliability.reasons],
    )


def failed_score(labelled: LabelledThread, error: str, seconds: float = 0.0) -> ThreadScore:
    """A run that gave no digest scores as an empty digest (every line on topic, no group)."""
    return ThreadScore(
        name=labelled.name,
        comments=len(labelled.lines),
        grouping=score_grouping(labelled, {}),
        baseline=score_grouping(labelled, baseline_assignment(labelled)),
        seconds=seconds,
        verdict="failed",
        error=error,
    )


def _pairs(size: int) -> int:
    return size * (size - 1) // 2


def _shared_lines(digest: Digest) -> int:
    """Floors that more than one of the digest's groups lists."""
    seen: Counter[int] = Counter()
    for floors in [*(v.floors for v in digest.viewpoints), *(d.floors for d in digest.off_topic)]:
        seen.update(set(floors))
    return sum(1 for count in seen.values() if count > 1)

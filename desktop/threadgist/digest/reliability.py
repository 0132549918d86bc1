"""Checks computed by code on every digest, and the verdict they give.

A small model writes a digest that looks as confident as a good one. These checks look for
the failures measured on small models (benchmarks/results/quality.md): groups that repeat
each other, one group swallowing the thread, a summary that restates the article or stops
mid-sentence, quotes that are not in the comments they cite, most of the thread left out,
and no digression where the thread itself shows drift. When any fires, the digest is
marked *low confidence* with its reasons, in the panel, the Markdown and the JSON.

The thresholds are round numbers chosen for what a reader would call wrong, not fitted to
the labelled threads; `make quality` reports how often the verdict fires on good and bad
digests.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..thread.model import Thread
from .model import Reason, Reliability, Verification
from .signals import drift_signals
from .textsim import copied_share, dice, jaccard

#: titles this similar (Dice over token bigrams) name the same group
SAME_TITLE = 0.8
#: groups whose claimed lines overlap this much (Jaccard) are the same group
SAME_FLOORS = 0.5
#: one group holding this share of the comment lines has not told anything apart
DOMINANT_SHARE = 0.7
#: the summary copies the article when this share of its 4-grams occur in the article
COPIED_SHARE = 0.5
#: most of the thread left in no group
UNASSIGNED_SHARE = 0.5
#: checks about shares need a thread of at least this many comment lines
MIN_COMMENTS = 15
#: a summary ends with one of these (closing quotes and brackets may follow)
_TERMINAL = "。！？!?.…"
_CLOSERS = "」』”\"'）)]】》"


@dataclass(frozen=True)
class GroupClaim:
    """A group as the model gave it, before one-line-one-group settling."""

    kind: str  # "viewpoint" | "digression"
    title: str
    floors: frozenset[int]


def assess(
    thread: Thread,
    summary: str,
    claims: list[GroupClaim],
    kept: list[list[int]],
    shares: dict[str, float],
    verification: Verification,
) -> Reliability:
    reasons: list[Reason] = []
    comments = len(thread.comments)
    reasons += _duplicates(claims)
    if comments >= MIN_COMMENTS:
        biggest = max((len(floors) for floors in kept), default=0)
        if biggest / comments >= DOMINANT_SHARE and len(kept) >= 1:
            reasons.append(
                Reason(
                    "dominant_group",
                    f"one group holds {biggest / comments:.0%} of the comments",
                    [biggest / comments],
                )
            )
        if shares.get("unassigned", 0.0) > UNASSIGNED_SHARE:
            unassigned = shares["unassigned"]
            reasons.append(
                Reason("mostly_unassigned", f"{unassigned:.0%} of the comments are in no group", [unassigned])
            )
    text = summary.strip()
    if not text:
        reasons.append(Reason("summary_missing", "the summary is empty"))
    else:
        copied = copied_share(text, f"{thread.title}\n{thread.body}")
        if copied >= COPIED_SHARE:
            reasons.append(
                Reason(
                    "summary_copies_article",
                    f"{copied:.0%} of the summary is copied from the article",
                    [copied],
                )
            )
        if text.rstrip(_CLOSERS)[-1:] not in _TERMINAL:
            reasons.append(Reason("summary_cut", "the summary stops mid-sentence"))
    removed_quotes = verification.quotes_given - verification.quotes_kept
    if removed_quotes >= 2 and removed_quotes > verification.quotes_kept:
        reasons.append(
            Reason(
                "quotes_removed",
                f"{removed_quotes} of {verification.quotes_given} quotes are not in the comments they cite",
                [removed_quotes, verification.quotes_given],
            )
        )
    bad_floors = sum(removed.kind == "floor" for removed in verification.removed)
    cited = verification.checked - verification.quotes_given
    if bad_floors >= 3 and bad_floors * 3 > cited:
        reasons.append(
            Reason(
                "floors_invented", f"{bad_floors} of {cited} cited comments do not exist", [bad_floors, cited]
            )
        )
    if comments and not any(
        claim.kind == "digression" and floors for claim, floors in zip(claims, kept, strict=True)
    ):
        signals = drift_signals(thread)
        if signals.suspected:
            reasons.append(
                Reason(
                    "missed_drift",
                    "no off-topic content found, yet " + signals.describe(),
                    [signals.politics_lines, signals.boo_burst, signals.quarrels],
                )
            )
    return Reliability("low" if reasons else "ok", reasons)


def _duplicates(claims: list[GroupClaim]) -> list[Reason]:
    """Pairs of groups with the same or nearly the same title or lines (one reason for
    all of them); quadratic in the number of groups, which the schema keeps small."""
    pairs: list[str] = []
    for i, claim in enumerate(claims):
        for other in claims[i + 1 :]:
            same_title = dice(claim.title, other.title) >= SAME_TITLE
            same_floors = (
                min(len(claim.floors), len(other.floors)) >= 2
                and jaccard(set(claim.floors), set(other.floors)) >= SAME_FLOORS
            )
            if same_title or same_floors:
                pairs.append(f"“{claim.title}” and “{other.title}”")
    if not pairs:
        return []
    more = f" (+{len(pairs) - 3} more)" if len(pairs) > 3 else ""
    return [
        Reason("duplicate_groups", "groups repeat each other: " + "; ".join(pairs[:3]) + more, [len(pairs)])
    ]


_ZH_TW = {
    "duplicate_groups": "有 {0:.0f} 對觀點或離題彼此重複（標題或樓層幾乎相同）",
    "dominant_group": "單一群組就占了 {0:.0%} 的留言",
    "mostly_unassigned": "{0:.0%} 的留言沒有歸入任何群組",
    "summary_missing": "摘要是空的",
    "summary_copies_article": "摘要有 {0:.0%} 是照抄原文",
    "summary_cut": "摘要寫到一半就斷了",
    "quotes_removed": "{1:.0f} 則引文中有 {0:.0f} 則不在所引的留言裡",
    "floors_invented": "引用的 {1:.0f} 個樓層中有 {0:.0f} 個不存在",
    "missed_drift": "沒有找到離題內容，但討論串本身有離題的跡象",
}
_HEAD = {"en": "Low confidence", "zh-TW": "信心低"}
_TAIL = {
    "en": "Check it against the comments, or try a larger model.",
    "zh-TW": "請對照留言確認，或改用較大的模型。",
}


def reason_text(reason: Reason, lang: str) -> str:
    """A reason in the reader's language (English or Traditional Chinese)."""
    template = _ZH_TW.get(reason.code) if lang == "zh-TW" else None
    if template is None:
        return reason.detail
    try:
        return template.format(*reason.figures)
    except (IndexError, ValueError):
        return reason.detail


def verdict_line(rel: Reliability, lang: str = "en") -> str:
    """The one line a reader sees: "Low confidence: …; …. Check it …" ("" when ok)."""
    if not rel.low:
        return ""
    key = "zh-TW" if lang == "zh-TW" else "en"
    sep = "；" if key == "zh-TW" else "; "
    colon = "：" if key == "zh-TW" else ": "
    end = "。" if key == "zh-TW" else ". "
    return (
        _HEAD[key] + colon + sep.join(reason_text(reason, key) for reason in rel.reasons) + end + _TAIL[key]
    )

"""The drift onset: the first stretch from which off-topic lines stay above a share of
the thread, the comment that began it, and the line that says so (in the digest's language
for its copies)."""

from __future__ import annotations

from ..messages import Message, msg
from ..thread.model import Comment, Thread
from .drift_model import DIGRESSION, MIN_LINES, MIN_RISE, THRESHOLD, Drift, Onset


def find_onset(made: Drift, thread: Thread, threshold: float = THRESHOLD) -> Onset | None:
    """The first bin, after at least one before it, whose off-topic share and that of
    every stretch from it to a later bin is at least ``threshold``, while the lines
    before it were less off topic, by ``MIN_RISE``; None when the thread never drifts."""
    off = [made.off_topic(i) for i in range(len(made.bins))]
    total = [b.total for b in made.bins]
    for i in range(1, len(made.bins)):
        if not total[i] or off[i] < threshold * total[i] or not sum(total[:i]):
            continue
        before = sum(off[:i]) / sum(total[:i])
        if before >= threshold or not _stays(off[i:], total[i:], threshold):
            continue
        lines, following = sum(off[i:]), sum(total[i:])
        if lines < MIN_LINES or lines / following - before < MIN_RISE:
            continue
        return _onset(made, thread, i, before)
    return None


def _stays(off: list[int], total: list[int], threshold: float) -> bool:
    o = t = 0
    for bin_off, bin_total in zip(off, total, strict=True):
        o, t = o + bin_off, t + bin_total
        if t and o < threshold * t:
            return False
    return True


def _onset(made: Drift, thread: Thread, index: int, before: float) -> Onset:
    """The onset at bin ``index``: from the first of the off-topic comments that lead into
    it, what followed (that comment and every later one) counted line by line."""
    kinds = [group.kind for group in made.groups]
    b = made.bins[index]
    floor = min(
        f for kind, floors in zip(kinds, b.members, strict=True) if kind == DIGRESSION for f in floors
    )
    comment = _run_start(made, thread.comments, floor)
    first = next(i for i in range(index + 1) if comment.floor in made.bins[i].floors)
    sizes: dict[str, int] = {}
    following = 0
    for at, later in enumerate(made.bins[first:], first):
        for group, floors in zip(made.groups, later.members, strict=True):
            counted = len(floors) if at > first else sum(1 for f in floors if f >= comment.floor)
            following += counted
            if group.kind == DIGRESSION:
                sizes[group.title] = sizes.get(group.title, 0) + counted
    biggest = max(sizes, key=lambda title: sizes[title])
    lines = sum(sizes.values())
    return Onset(index, comment.floor, comment.author, comment.time, lines, following, before, biggest)


def _run_start(made: Drift, comments: list[Comment], floor: int) -> Comment:
    """The comment at ``floor``, or the first of the off-topic comments right before it
    (a drift that began at the end of the bin before)."""
    off = {
        f
        for b in made.bins
        for group, floors in zip(made.groups, b.members, strict=True)
        if group.kind == DIGRESSION
        for f in floors
    }
    at = next(i for i, comment in enumerate(comments) if comment.floor == floor)
    while at > 0 and comments[at - 1].floor in off:
        at -= 1
    return comments[at]


def onset_line(made: Drift) -> Message:
    """The one line that says how the thread drifted."""
    onset = made.onset
    if onset is None:
        if not made.has_off_topic:
            return msg("No comment in this digest is off topic")
        return msg("No lasting drift off topic")
    if onset.time is not None:
        return msg(
            "Off topic from {time} (floor {floor}): {share:.0%} of what followed",
            time=made.when(onset.time),
            floor=onset.floor,
            share=onset.share,
        )
    return msg(
        "Off topic from floor {floor}: {share:.0%} of what followed", floor=onset.floor, share=onset.share
    )


def onset_detail(made: Drift) -> Message | None:
    """Who took it there, and where to."""
    onset = made.onset
    if onset is None:
        return None
    return msg("It began with {author}, mostly into “{group}”", author=onset.author, group=onset.group)


#: the lines above in a zh-TW digest's copies (the .ts says the same to the window)
MESSAGES_ZH = {
    "No comment in this digest is off topic": "這份摘要沒有離題的留言",
    "No lasting drift off topic": "沒有持續離題",
    "Off topic from {time} (floor {floor}): {share:.0%} of what followed": (
        "從 {time}（第 {floor} 樓）起離題：之後的留言有 {share:.0%} 離題"
    ),
    "Off topic from floor {floor}: {share:.0%} of what followed": (
        "從第 {floor} 樓起離題：之後的留言有 {share:.0%} 離題"
    ),
    "It began with {author}, mostly into “{group}”": "由 {author} 開始，多半轉到「{group}」",
}


def in_digest_language(text: Message, lang: str) -> str:
    return text.render(lambda template: MESSAGES_ZH.get(template, template)) if lang == "zh-TW" else str(text)

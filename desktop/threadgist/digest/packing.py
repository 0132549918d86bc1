"""Consecutive items cut into runs that fit a budget: a thread's lines into parts
(:func:`pack`, kept stable as the thread grows) and partial results into merge batches
(:func:`pair_up`)."""

from __future__ import annotations

#: new chunks are filled to this share of their budget; an earlier run's chunks are kept
#: up to the whole budget, so a token count calibrated a little higher since still keeps
#: them (and their cached partial results)
FILL = 0.95


def pack(sizes: list[int], budget: int, hints: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Whole lines into chunks of at most ``budget`` tokens, each filled from the start:
    a chunk's boundaries depend only on the lines before its end, so when comments are
    added to a thread, every chunk but the last stays the same (and so does its cached
    partial result); the last chunk may be small.

    ``hints`` (an earlier run's chunks) are kept from the start while they still fit the
    budget, so that a token count calibrated since does not move every boundary; when the
    thread has grown past them, their last chunk (the earlier tail) is filled up anew. New
    chunks are filled to :data:`FILL` of the budget, leaving room for a later calibration."""
    if not sizes:
        return [(0, 0)]
    hinted = list(hints or [])
    if hinted and hinted[-1][1] < len(sizes):
        hinted.pop()
    chunks: list[tuple[int, int]] = []
    pos = 0
    for start, end in hinted:
        if (
            start != pos
            or not start < end <= len(sizes)
            or (end - start > 1 and sum(sizes[start:end]) > budget)
        ):
            break
        chunks.append((start, end))
        pos = end
    if pos < len(sizes):
        fill = max(1, int(budget * FILL))
        rest = sizes[pos:] if pos else sizes  # (no copy of a million sizes for nothing)
        chunks += [(start + pos, end + pos) for start, end in greedy(rest, fill)]
    return chunks  # every chunk is within ``budget`` unless it is one line


def greedy(sizes: list[int], limit: int) -> list[tuple[int, int]]:
    """Consecutive runs of items whose sizes add up to at most ``limit`` (an item larger
    than the limit gets a run of its own)."""
    runs: list[tuple[int, int]] = []
    start, acc = 0, 0
    for i, size in enumerate(sizes):
        if acc and acc + size > limit:
            runs.append((start, i))
            start, acc = i, 0
        acc += size
    runs.append((start, len(sizes)))
    return runs


def pair_up(sizes: list[int], room: int) -> list[tuple[int, int]]:
    """Consecutive batches [start, end) of at most ``room`` in all, greedy; a last batch of
    one joins the batch before it when they fit together. A result too big to share a call
    with its neighbour stays a batch of one (a merge stops when every batch is)."""
    batches: list[tuple[int, int]] = []
    start, total = 0, 0
    for i, size in enumerate(sizes):
        if i > start and total + size > room:
            batches.append((start, i))
            start, total = i, 0
        total += size
    batches.append((start, len(sizes)))
    if len(batches) > 1 and batches[-1][1] - batches[-1][0] == 1:
        prev, last = batches[-2], batches[-1]
        if sum(sizes[prev[0] : last[1]]) <= room:
            batches[-2:] = [(prev[0], last[1])]
    return batches

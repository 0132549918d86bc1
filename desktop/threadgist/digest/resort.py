"""Every comment sorted into the merged groups, for a thread read in parts.

The merge joins the parts' groups whole: a part's group that mixes two positions stays
mixed in the digest, and a group's edges are only as good as one part's view of them.
Once the merge has named the thread's groups, one call per part puts each of its comment
lines in one of them, or in none. The groups' floors come from these answers; their
titles, statements and the summary from the merge. This is the shape of Jigsaw's
Sensemaker (topics, then every comment categorised), with the topics found by the maps
and the merge (stand-in figures: benchmarks/results/quality-resample.md).

A part whose answer is unusable keeps the floors the merge gave its lines, so a model
that cannot sort still gets the merged digest.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from ..llm.errors import ContextExceeded, EndpointError, ErrorKind, OutputTruncated
from ..messages import msg
from . import calls as C
from .block import block
from .caller import Caller, CallSpec
from .context import RunContext
from .partial import Cited, Group, Partial
from .plan import Plan
from .render import Line, clean
from .stage import Stage
from .staged import labels_schema, longest_quotes

#: answer tokens per comment line ('"123": 4, ' is ~5 with o200k), with room to spare
TOKENS_PER_LINE = 8
QUOTE_CHARS = 40


class Resorter:
    """Sorts each part's comment lines into the merged groups (see the module)."""

    def __init__(self, run: RunContext, caller: Caller):
        self.run = run
        self.caller = caller
        self.calls = 0

    async def sort(self, plan: Plan, article: str, merged: Partial) -> Partial:
        groups = [*merged.viewpoints, *merged.off_topic]
        if not groups:
            return merged
        listing = "\n".join(
            f"{i}. [{'viewpoint' if i <= len(merged.viewpoints) else 'digression'}] "
            f"{clean(group.title)}: {clean(group.text)}"
            for i, group in enumerate(groups, 1)
        )
        sem = asyncio.Semaphore(self.run.profile.effective_concurrency)
        parts = [[line for line in plan.lines[start:end] if line.first] for start, end in plan.chunks]
        answers = await asyncio.gather(
            *(self._part(listing, lines, article, len(groups), sem) for lines in parts)
        )
        merged_label = _labels_of(groups)
        floors_of: list[list[int]] = [[] for _ in groups]
        unsorted = 0
        for lines, labels in zip(parts, answers, strict=True):
            if labels is None:  # this part's answer was unusable: the merge's floors
                unsorted += 1
                labels = [merged_label.get(line.first, 0) for line in lines]
            for line, label in zip(lines, labels, strict=True):
                if label:
                    floors_of[label - 1].extend(range(line.first, line.last + 1))
        if unsorted:
            self.run.warnings.append(
                msg(
                    "{count} part(s) could not be sorted into the merged groups: their "
                    "comments keep the groups the merge gave them",
                    count=unsorted,
                )
            )
        return self._rebuilt(merged, floors_of)

    async def _part(
        self, listing: str, lines: Sequence[Line], article: str, count: int, sem: asyncio.Semaphore
    ) -> list[int] | None:
        """One group number per line (0: none), or None when the model's answer is unusable."""
        if not lines:
            return []
        shown = block(lines, self.run.form)  # compact: one-word repeats folded (digest/fold.py)
        keys = [str(line.first) for line in shown.lines]
        messages = self.run.messages("sort", groups=listing, article=article, comments=shown.text())
        call = self.run.reporter.track(C.CallStep.SORT, C.span(lines, self.run.thread.site))
        spec = CallSpec(
            messages, labels_schema(keys, count), "labels", max_tokens=16 + TOKENS_PER_LINE * len(keys)
        )
        try:
            async with sem:
                data = await self.caller(spec, call)
        except (ContextExceeded, OutputTruncated):
            if len(lines) < 2:
                return None
            self.run.reporter.unplanned()
            self.run.reporter.change(msg("a part was too long to sort in one call: sorted in two halves"))
            mid = len(lines) // 2
            halves = [
                await self._part(listing, lines[:mid], article, count, sem),
                await self._part(listing, lines[mid:], article, count, sem),
            ]
            return None if halves[0] is None or halves[1] is None else [*halves[0], *halves[1]]
        except EndpointError as error:
            if error.kind != ErrorKind.BAD_OUTPUT:
                raise
            return None
        self.calls += 1
        self.run.reporter.tick(Stage.REDUCE)
        return shown.spread({int(key): _label(data.get(key), count) for key in keys}, lines)

    def _rebuilt(self, merged: Partial, floors_of: list[list[int]]) -> Partial:
        out = Partial(merged.summary)
        groups = [*merged.viewpoints, *merged.off_topic]
        for i, (group, floors) in enumerate(zip(groups, floors_of, strict=True)):
            if not floors:
                continue
            if i < len(merged.viewpoints):
                held = set(floors)
                quotes = [quote for quote in group.quotes if quote.floor in held] or self._quotes(floors)
                out.viewpoints.append(Group(group.title, group.text, floors, quotes))
            else:
                out.off_topic.append(Group(group.title, group.text, floors))
        return out

    def _quotes(self, floors: list[int]) -> list[Cited]:
        return longest_quotes(self.run.thread, floors, 1, QUOTE_CHARS)


def _label(value: object, count: int) -> int:
    """A model's group number for a line, or 0 (none) when it is not one."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= count:
        return value
    return 0


def _labels_of(groups: list[Group]) -> dict[int, int]:
    """floor → the (1-based) merged group it is in, as the merge made them."""
    out: dict[int, int] = {}
    for i, group in enumerate(groups, 1):
        for floor in group.floors:
            out.setdefault(floor, i)
    return out

"""The items of a merge prompt and the groups the model's answer makes of them: every
partial viewpoint (V…) and digression (D…) gets an id and a line at a :class:`Detail`
level (:func:`label`); the merged groups join their sources' floors and quotes
(:func:`materialize`), within :data:`MAX_VIEWPOINTS` and :data:`MAX_DIGRESSIONS`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .budget import MERGE_ARTICLE_SHARE
from .partial import Cited, Group, Kind, MergeAnswer, MergeGroup, Partial
from .render import clean

MAX_VIEWPOINTS = 8
MAX_DIGRESSIONS = 5
MAX_QUOTES_MERGED = 6


@dataclass(frozen=True)
class Detail:
    """How much of each partial result a merge prompt shows (characters; None: all)."""

    statement: int | None  # of each group's statement (0: the title alone)
    summary: int | None  # of each part's summary
    article: float = MERGE_ARTICLE_SHARE  # the article's largest share of the prompt's room
    quote: int = 0  # of one comment a viewpoint holds, the merge's evidence (0: none)


#: richest first; the merge uses the first at which its results fit one call
DETAILS = (
    Detail(None, None, quote=80),
    Detail(80, 360, quote=50),
    Detail(50, 260, quote=30),
    Detail(50, 260),
    Detail(30, 200),
    Detail(0, 160),
    Detail(0, 80, MERGE_ARTICLE_SHARE / 3),
)


@dataclass
class Item:
    """A partial result's viewpoint (V…) or digression (D…), named for a merge prompt."""

    id: str
    kind: Kind
    part: int  # which partial result of the merge it comes from (0-based)
    group: Group


def _shorten(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[:limit].rstrip() + "…"


def item_line(item: Item, detail: Detail) -> str:
    # model text goes back into a prompt: neutralised like comment text
    head = f"{item.id} [{len(item.group.floors)}] {clean(item.group.title)}"
    if detail.statement == 0 or not item.group.text:
        return head
    line = f"{head} — {clean(_shorten(item.group.text, detail.statement))}"
    if detail.quote and item.group.quotes:  # what the group's comments say, in their words
        line += f" «{clean(_shorten(item.group.quotes[0].text, detail.quote))}»"
    return line


def label(level: Sequence[Partial], detail: Detail = DETAILS[0]) -> tuple[dict[str, Item], list[str]]:
    """Give every partial viewpoint (V…) and digression (D…) an id; one text block per
    partial result, at ``detail``."""
    items: dict[str, Item] = {}
    blocks: list[str] = []
    counters = {"viewpoint": 0, "digression": 0}
    for i, partial in enumerate(level):
        lines = [f"Part {i + 1}: {clean(_shorten(partial.summary, detail.summary))}"]
        kinds: tuple[tuple[Kind, str, list[Group]], ...] = (
            ("viewpoint", "V", partial.viewpoints),
            ("digression", "D", partial.off_topic),
        )
        for kind, prefix, groups in kinds:
            for group in groups:
                counters[kind] += 1
                item = Item(f"{prefix}{counters[kind]}", kind, i, group)
                items[item.id] = item
                lines.append(item_line(item, detail))
        blocks.append("\n".join(lines))
    return items, blocks


def materialize(answer: MergeAnswer, items: dict[str, Item], *, capped: bool) -> tuple[Partial, list[Item]]:
    """The merged groups with the union of their sources' floors and quotes, and the
    partial items no merged group took (``capped``: also those of the groups beyond the
    limits, smallest first)."""
    used: set[str] = set()
    viewpoints = _build(answer.viewpoints, items, used)
    off_topic = _build(answer.off_topic, items, used)
    if capped:
        viewpoints = _cap(viewpoints, MAX_VIEWPOINTS, used)
        off_topic = _cap(off_topic, MAX_DIGRESSIONS, used)
    left = [item for item_id, item in items.items() if item_id not in used]
    merged = Partial(
        answer.summary,
        [group for group, _ in viewpoints if group.floors],
        [group for group, _ in off_topic if group.floors],
    )
    return merged, left


def _build(groups: list[MergeGroup], items: dict[str, Item], used: set[str]) -> list[tuple[Group, list[str]]]:
    out: list[tuple[Group, list[str]]] = []
    for group in groups:
        merged = Group(group.title, group.text, [], [])
        sources: list[str] = []
        for source in group.sources:
            item = items.get(source)
            # a partial viewpoint the merge calls a digression (or the reverse) goes where
            # the merge puts it: seen with the whole thread, a part's position can be a detour
            if item is None or source in used:
                continue
            used.add(source)
            sources.append(source)
            absorb(merged, item.group)
        if sources:
            out.append((merged, sources))
    return out


def _cap(groups: list[tuple[Group, list[str]]], limit: int, used: set[str]) -> list[tuple[Group, list[str]]]:
    """The ``limit`` biggest groups, in the model's order; the others' sources are
    released (placed again by the caller)."""
    if len(groups) <= limit:
        return groups
    keep = set(sorted(range(len(groups)), key=lambda i: -len(groups[i][0].floors))[:limit])
    for i, (_, sources) in enumerate(groups):
        if i not in keep:
            used.difference_update(sources)
    return [group for i, group in enumerate(groups) if i in keep]


def absorb(target: Group, source: Group) -> None:
    """Add ``source``'s floors and quotes to ``target`` (no floor or quote twice)."""
    floors = set(target.floors)
    target.floors.extend(floor for floor in source.floors if floor not in floors)
    quotes: set[Cited] = set(target.quotes)
    for quote in source.quotes:
        if quote not in quotes and len(target.quotes) < MAX_QUOTES_MERGED:
            quotes.add(quote)
            target.quotes.append(quote)


def target_of(group_id: str | None, targets: list[Group]) -> Group | None:
    if not group_id or not group_id.upper().startswith("G"):
        return None
    number = group_id[1:].strip()
    if not number.isdigit() or not 1 <= int(number) <= len(targets):
        return None
    return targets[int(number) - 1]


def room_for(merged: Partial, kind: Kind) -> bool:
    if kind == "viewpoint":
        return len(merged.viewpoints) < MAX_VIEWPOINTS
    return len(merged.off_topic) < MAX_DIGRESSIONS

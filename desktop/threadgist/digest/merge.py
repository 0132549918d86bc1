"""Merging the partial results of a thread read in parts into one digest, at any window.

A merge prompt lists every partial group by id, size and text; the model answers with
merged groups that name their sources, and the app joins the sources' floors and quotes
(the floors never pass through the model again, so a merge's prompt and answer stay small
however many comments the groups hold).

Convergence, whatever the window:

1. one call over every partial result, at the richest :data:`DETAILS` level that fits
   (full statements; shortened; titles alone): with titles alone, ~10 groups of a part
   take ~150 tokens, so a 4k window merges a dozen parts in one call;
2. only when even titles do not fit: batches of at least two results, each merged into at
   most :data:`MAX_VIEWPOINTS` + :data:`MAX_DIGRESSIONS` groups (smaller than its input),
   level by level until one result is left; a level that cannot join any two results
   stops with a warning rather than loop;
3. the last merge keeps at most 8 viewpoints and 5 digressions, and every partial group
   ends in exactly one of them: groups the model left out (or beyond the limits) are
   placed by one more small call; those it places nowhere stay groups of their own while
   there is room, else their comments are left unassigned, with a warning that says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..llm.errors import ContextExceeded, EndpointError, ErrorKind, OutputTruncated
from ..messages import Message, Text, msg
from . import calls as C
from . import schema as S
from .partial import Cited, Group, Kind, MergeAnswer, MergeGroup, Partial
from .plan import MERGE_ARTICLE_SHARE, Budget, merge_answer_tokens, pair_up
from .render import clean
from .tokens import TokenCounter

log = logging.getLogger(__name__)

MAX_VIEWPOINTS = 8
MAX_DIGRESSIONS = 5
MAX_QUOTES_MERGED = 6


@dataclass(frozen=True)
class Detail:
    """How much of each partial result a merge prompt shows (characters; None: all)."""

    statement: int | None  # of each group's statement (0: the title alone)
    summary: int | None  # of each part's summary
    article: float = MERGE_ARTICLE_SHARE  # the article's largest share of the prompt's room


#: richest first; the merge uses the first at which its results fit one call
DETAILS = (
    Detail(None, None),
    Detail(80, 360),
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


@dataclass
class Node:
    """A partial result and the parts (1-based, first and last) it covers."""

    partial: Partial
    first: int
    last: int
    #: the tokens its block takes in a merge prompt, by detail (counted once)
    sizes: dict[Detail, int] = field(default_factory=dict)


class MergeCall(Protocol):
    async def __call__(
        self,
        messages: list[dict[str, str]],
        schema: dict[str, Any],
        name: str,
        *,
        covers: Message,
        top: bool,
        max_tokens: int,
    ) -> dict[str, Any]: ...


@dataclass
class MergeEnv:
    """What a merge needs of the run it belongs to."""

    counter: TokenCounter
    budget: Budget  # the run's; its context shrinks when a prompt did not fit
    #: the messages of a prompt template, the thread's header filled in
    messages: Callable[[str, dict[str, str]], list[dict[str, str]]]
    #: the tokens of a template's text and the system prompt (no data)
    fixed: Callable[[str], int]
    call: MergeCall
    limits: Callable[[], S.Limits | None]  # grammar limits for small local models
    warnings: list[Text]
    change: Callable[[Message], None]  # the run makes other calls than planned: why
    tick: Callable[[], None]  # one planned merge call done
    #: learn from a merge that did not fit (False: the window cannot shrink further)
    learn: Callable[[EndpointError], bool]
    slack: int = 64  # tokens a chat template adds around the messages


@dataclass
class _Placed:
    """What became of the groups a merge left out."""

    unassigned: list[Item] = field(default_factory=list)
    reason: Message | None = None


class Merger:
    """Merges partial results until one holds them all (see the module's docstring)."""

    def __init__(self, env: MergeEnv):
        self.env = env
        self.calls = 0  # merge and placement calls made
        self._fixed: int | None = None  # the merge prompt's tokens without its data
        self._article_tokens: dict[str, int] = {}

    # ---- levels -------------------------------------------------------------------------
    async def merge(self, partials: Sequence[Partial], article: str) -> Partial:
        level = [Node(partial, i + 1, i + 1) for i, partial in enumerate(partials)]
        if not level:
            return Partial()
        while len(level) > 1:
            try:
                level = await self._level(level, article)
            except (ContextExceeded, OutputTruncated) as error:
                if not self.env.learn(error):
                    return self._side_by_side(level)
                self.env.change(msg("the merge did not fit: merging in smaller batches"))
        return level[0].partial

    async def _level(self, level: list[Node], article: str) -> list[Node]:
        if log.isEnabledFor(logging.DEBUG):
            seen = [(self._room(article, detail)[0], self._size(level, detail)) for detail in DETAILS]
            log.debug("merge level of %d results: room and size by detail %s", len(level), seen)
        if self._fits(level, article, DETAILS[-1]):
            return [await self._merge(level, article, top=True)]
        room = self._room(article, DETAILS[-1])[0]
        sizes = [self._size([node], DETAILS[-1]) for node in level]
        batches = pair_up(sizes, room)
        if all(end - start == 1 for start, end in batches):
            return [Node(self._side_by_side(level), level[0].first, level[-1].last)]
        out: list[Node] = []
        for start, end in batches:
            nodes = level[start:end]
            out.append(nodes[0] if len(nodes) == 1 else await self._merge(nodes, article, top=False))
        return out

    def _side_by_side(self, level: list[Node]) -> Partial:
        self.env.warnings.append(
            msg(
                "the partial results are too large to merge in this model's context window; "
                "their groups are listed side by side and may repeat each other"
            )
        )
        return Partial.join(node.partial for node in level)

    # ---- one merge call ---------------------------------------------------------------------
    async def _merge(self, nodes: list[Node], article: str, *, top: bool) -> Node:
        detail = next((d for d in DETAILS if self._fits(nodes, article, d)), DETAILS[-1])
        items, blocks = label([node.partial for node in nodes], detail)
        messages = self.env.messages(
            "reduce",
            {
                "article": self._room(article, detail)[1],
                "partials": "\n".join(blocks),
                "max_viewpoints": str(MAX_VIEWPOINTS),
                "max_digressions": str(MAX_DIGRESSIONS),
            },
        )
        schema = S.reduce_schema(self.env.limits(), max_sources=len(items))
        data = await self.env.call(
            messages,
            schema,
            "merged",
            covers=C.merge(nodes[0].first, nodes[-1].last),
            top=top,
            max_tokens=self._answer_room(),
        )
        self.calls += 1
        self.env.tick()
        merged, left = materialize(MergeAnswer.from_json(data), items, capped=top)
        if left and top:
            merged = await self._place_leftovers(merged, left)
        elif left:  # a lower level: the next merge takes them up
            merged.viewpoints += [item.group for item in left if item.kind == "viewpoint"]
            merged.off_topic += [item.group for item in left if item.kind == "digression"]
        return Node(merged, nodes[0].first, nodes[-1].last)

    async def _place_leftovers(self, merged: Partial, left: list[Item]) -> Partial:
        """Ask once where the groups the merge left out belong; keep the rest as groups
        of their own while the limits allow, else leave their comments unassigned."""
        targets = [*merged.viewpoints, *merged.off_topic]
        placed = _Placed()
        answer: dict[str, str] = {}
        if targets:
            self.env.change(
                msg(
                    "the merge left out {count} partial group(s): asking where they belong",
                    count=len(left),
                )
            )
            try:
                answer = await self._ask_placements(merged, left)
            except (ContextExceeded, OutputTruncated) as error:
                placed.reason = msg("the model could not place them ({why})", why=error.detail)
            except EndpointError as error:
                if error.kind != ErrorKind.BAD_OUTPUT:
                    raise
                placed.reason = msg("the model could not place them ({why})", why=error.detail)
        for item in left:
            target = _target(answer.get(item.id), targets)
            if target is not None:
                _absorb(target, item.group)
            elif _room_for(merged, item.kind):
                (merged.viewpoints if item.kind == "viewpoint" else merged.off_topic).append(item.group)
            else:
                placed.unassigned.append(item)
        self._warn_unassigned(placed)
        return merged

    async def _ask_placements(self, merged: Partial, left: list[Item]) -> dict[str, str]:
        groups = [f"G{i + 1} {clean(group.title)}" for i, group in enumerate(merged.viewpoints)]
        start = len(merged.viewpoints)
        groups += [f"G{start + i + 1} {clean(group.title)}" for i, group in enumerate(merged.off_topic)]
        items = [_item_line(item, DETAILS[1]) for item in left]
        messages = self.env.messages("assign", {"groups": "\n".join(groups), "items": "\n".join(items)})
        limited = self.env.limits() is not None
        data = await self.env.call(
            messages,
            S.assign_schema(len(left) if limited else None),
            "placements",
            covers=msg("{count} left-out groups", count=len(left)),
            top=False,
            max_tokens=min(self._answer_room(), 24 * len(left) + 64),
        )
        self.calls += 1
        placements = data.get("placements")
        out: dict[str, str] = {}
        for entry in placements if isinstance(placements, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                out[str(entry["id"]).strip()] = str(entry.get("group", "")).strip()
        return out

    def _warn_unassigned(self, placed: _Placed) -> None:
        if not placed.unassigned:
            return
        lines = sum(len(item.group.floors) for item in placed.unassigned)
        why = placed.reason or msg(
            "the digest keeps at most {viewpoints} viewpoints and {digressions} digressions",
            viewpoints=MAX_VIEWPOINTS,
            digressions=MAX_DIGRESSIONS,
        )
        self.env.warnings.append(
            msg(
                "{count} partial group(s) ({lines} comment lines) fit no merged group and are "
                "left unassigned: {why}",
                count=len(placed.unassigned),
                lines=lines,
                why=why,
            )
        )

    # ---- sizes -----------------------------------------------------------------------------
    def _answer_room(self) -> int:
        return merge_answer_tokens(self.env.budget)

    def _room(self, article: str, detail: Detail) -> tuple[int, str]:
        """Tokens a merge prompt has for the partial results at ``detail``, and the
        article as it goes in (cut to the detail's share of the room)."""
        if self._fixed is None:
            self._fixed = self.env.fixed("reduce")
        budget = Budget(self.env.budget.context, self._answer_room())
        room = budget.data_tokens(self._fixed) - self.env.slack
        tokens = self._tokens(article)
        cap = int(max(room, 0) * detail.article)
        if tokens > cap:
            article = article[: max(0, int(len(article) * cap / max(tokens, 1)))].rstrip() + "…"
            tokens = self._tokens(article)
        return max(room - tokens, 0), article

    def _tokens(self, text: str) -> int:
        if text not in self._article_tokens:
            self._article_tokens[text] = self.env.counter.count(text)
        return self._article_tokens[text]

    def _size(self, nodes: Sequence[Node], detail: Detail) -> int:
        """The tokens of ``nodes``' blocks at ``detail`` (each counted once: the ids in a
        block change by batch, its size by a token or two at most)."""
        for node in nodes:
            if detail not in node.sizes:
                _, (block,) = label([node.partial], detail)
                node.sizes[detail] = self.env.counter.count(block) + 1
        return sum(node.sizes[detail] for node in nodes)

    def _fits(self, nodes: Sequence[Node], article: str, detail: Detail) -> bool:
        return self._size(nodes, detail) <= self._room(article, detail)[0]


def _shorten(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[:limit].rstrip() + "…"


def _item_line(item: Item, detail: Detail) -> str:
    # model text goes back into a prompt: neutralised like comment text
    head = f"{item.id} [{len(item.group.floors)}] {clean(item.group.title)}"
    if detail.statement == 0 or not item.group.text:
        return head
    return f"{head} — {clean(_shorten(item.group.text, detail.statement))}"


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
                lines.append(_item_line(item, detail))
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
            _absorb(merged, item.group)
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


def _absorb(target: Group, source: Group) -> None:
    """Add ``source``'s floors and quotes to ``target`` (no floor or quote twice)."""
    floors = set(target.floors)
    target.floors.extend(floor for floor in source.floors if floor not in floors)
    quotes: set[Cited] = set(target.quotes)
    for quote in source.quotes:
        if quote not in quotes and len(target.quotes) < MAX_QUOTES_MERGED:
            quotes.add(quote)
            target.quotes.append(quote)


def _target(group_id: str | None, targets: list[Group]) -> Group | None:
    if not group_id or not group_id.upper().startswith("G"):
        return None
    number = group_id[1:].strip()
    if not number.isdigit() or not 1 <= int(number) <= len(targets):
        return None
    return targets[int(number) - 1]


def _room_for(merged: Partial, kind: Kind) -> bool:
    if kind == "viewpoint":
        return len(merged.viewpoints) < MAX_VIEWPOINTS
    return len(merged.off_topic) < MAX_DIGRESSIONS

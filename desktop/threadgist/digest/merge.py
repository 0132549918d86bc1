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
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..llm.errors import ContextExceeded, OutputTruncated
from ..messages import msg
from . import calls as C
from . import schema as S
from .budget import Budget, merge_answer_tokens
from .merge_env import MergeEnv, MergeRequest
from .merge_items import DETAILS, MAX_DIGRESSIONS, MAX_VIEWPOINTS, Detail, label, materialize
from .merge_place import place_leftovers
from .packing import pair_up
from .partial import MergeAnswer, Partial

log = logging.getLogger(__name__)


@dataclass
class Node:
    """A partial result and the parts (1-based, first and last) it covers."""

    partial: Partial
    first: int
    last: int
    #: the tokens its block takes in a merge prompt, by detail (counted once)
    sizes: dict[Detail, int] = field(default_factory=dict)


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
        request = MergeRequest(
            messages,
            S.reduce_schema(self.env.limits(), max_sources=len(items)),
            "merged",
            covers=C.merge(nodes[0].first, nodes[-1].last),
            top=top,
            max_tokens=self._answer_room(),
            read=MergeAnswer.from_json,
        )
        answer = await self.env.call(request)
        self.calls += 1
        self.env.tick()
        merged, left = materialize(answer, items, capped=top)
        if left and top:
            self.calls += await place_leftovers(self.env, merged, left, self._answer_room())
        elif left:  # a lower level: the next merge takes them up
            merged.viewpoints += [item.group for item in left if item.kind == "viewpoint"]
            merged.off_topic += [item.group for item in left if item.kind == "digression"]
        return Node(merged, nodes[0].first, nodes[-1].last)

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

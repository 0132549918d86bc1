"""One comment line, one group.

Models cite the same comment under several viewpoints, and the grounding widens a cited
floor to the whole continued comment (a user's 推 and → lines that form one thought), so
claims overlap. They are settled by one rule, applied in this order:

1. A line cited explicitly (as a floor or by a quote) beats a line reached only by
   widening a neighbouring floor of the same continued comment.
2. Among groups that claim a line the same way, viewpoints come before digressions, and
   within each kind the group the model listed first wins (the prompts ask for the biggest
   group first).

A group left with no line is dropped and reported. Every line then belongs to at most one
group, so group sizes add up to the on-topic and off-topic totals. Linear in the claims.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Claim:
    """What one group (in settling order) asked for."""

    explicit: frozenset[int]
    widened: frozenset[int]  # reached by widening only (disjoint from explicit)

    @property
    def all(self) -> frozenset[int]:
        return self.explicit | self.widened


def settle(claims: list[Claim]) -> list[list[int]]:
    """The floors each group keeps (sorted), in the order of ``claims``."""
    owner: dict[int, int] = {}
    for index, claim in enumerate(claims):
        for floor in claim.explicit:
            owner.setdefault(floor, index)
    for index, claim in enumerate(claims):
        for floor in claim.widened:
            owner.setdefault(floor, index)
    kept: list[list[int]] = [[] for _ in claims]
    for floor, index in owner.items():
        kept[index].append(floor)
    for floors in kept:
        floors.sort()
    return kept


RULE = (
    "each comment line belongs to at most one group: a line cited explicitly beats one "
    "reached by widening a continued comment; then viewpoints before digressions, then "
    "the order the model listed them"
)

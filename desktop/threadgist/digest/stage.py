"""Where a run is (:class:`Stage`): a leaf module, so that the front ends can name the
stages without importing the run's machinery at start-up."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """Where a run is: the front ends name each stage in their words."""

    ENGINE = "engine"  # the built-in engine is starting
    PLAN = "plan"  # planned; waiting for the model's first answer
    CONDENSE = "condense"  # a long article condensed for the calls over parts
    MAP = "map"  # the parts of the comments
    REDUCE = "reduce"  # their results merged
    WRITE = "write"  # the summary, as it streams
    DONE = "done"  # every call made: the citations checked

"""The token budget of a call: the window, the answer's reserve and a margin for what the
count misses (:class:`Budget`), and the budget of merge calls (their answer room, and how
many the plan expects before any partial result exists)."""

from __future__ import annotations

from dataclasses import dataclass

from .packing import pair_up

#: Tokens kept free in every call besides the counted prompt and the answer reserve: the
#: chat template's role markers and BOS (a few tokens per message, uncounted) and what is
#: left of a count's error after the endpoint's tokenizer factor is applied. A share of the
#: window, since that error grows with the prompt, with a floor for small windows.
MARGIN_SHARE = 0.04
MIN_MARGIN = 48
#: Tokens one partial result takes in a merge prompt at its most compact (a shortened
#: summary and ~10 titled groups with their sizes: digest/merge.py). Only the plan uses it,
#: to count merge calls before any partial result exists; the run measures the real ones.
PARTIAL_TOKENS = 220
#: the answer room of a merge call: 8 + 5 titled groups with statements and source ids
#: and a 4–8 sentence summary take 1,200–2,000 tokens in Chinese; never more than
#: :data:`MERGE_ANSWER_SHARE` of the window (at 4k, 1,638: the prompt needs the rest),
#: never less than the run's own reserve
MERGE_ANSWER_TOKENS = 2000
MERGE_ANSWER_SHARE = 0.4
#: the article (condensed, for long ones) takes at most this share of a merge prompt's room
MERGE_ARTICLE_SHARE = 0.3


@dataclass
class Budget:
    context: int
    reserve: int

    def data_tokens(self, fixed: int) -> int:
        """Tokens left for the article and comments in one call."""
        margin = max(MIN_MARGIN, int(self.context * MARGIN_SHARE))
        return self.context - self.reserve - fixed - margin


def merge_answer_tokens(budget: Budget) -> int:
    """The answer room of a merge call (:data:`MERGE_ANSWER_TOKENS`); below a 4k window
    the run's own reserve (the prompt could hold no two parts' results otherwise)."""
    if budget.context < 4096:
        return budget.reserve
    return max(budget.reserve, min(MERGE_ANSWER_TOKENS, int(budget.context * MERGE_ANSWER_SHARE)))


def estimate_reduce_calls(n_partials: int, avail: int) -> int:
    """Merge calls for ``n_partials`` results (:data:`PARTIAL_TOKENS` each), batched as the
    merge batches them (:func:`pair_up`), level by level."""
    calls, level = 0, n_partials
    while level > 1:
        batches = pair_up([PARTIAL_TOKENS] * level, avail)
        merged = sum(1 for start, end in batches if end - start > 1)
        if not merged:  # nothing fits together: listed side by side
            break
        calls += merged
        level = len(batches)
    return calls

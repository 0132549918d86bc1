"""Language-neutral text similarity for the digest's checks and its evaluation.

Text is cut into *tokens*: every Han, kana or Hangul character is a token of its own (CJK
text has no spaces), and every run of Latin letters or digits is one lower-cased token.
Punctuation and whitespace are dropped, so the figures do not depend on how a model spaces
or punctuates what it copied. Everything here is linear in the length of the text.
"""

from __future__ import annotations

import re

_TOKEN_RE = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
    r"|[^\W_]+"
)

#: n of the n-grams that decide whether a summary copies the article: four CJK characters
#: or four words are rarely shared by chance, and a copied phrase always shares them.
COPY_N = 4


def tokens(text: str) -> list[str]:
    return [token.lower() for token in _TOKEN_RE.findall(text)]


def ngrams(toks: list[str], size: int) -> list[tuple[str, ...]]:
    return [tuple(toks[i : i + size]) for i in range(len(toks) - size + 1)]


def copied_share(text: str, source: str, size: int = COPY_N) -> float:
    """The share of ``text``'s n-grams that also occur in ``source`` (0 for a text too
    short to have any)."""
    grams = ngrams(tokens(text), size)
    if not grams:
        return 0.0
    seen = set(ngrams(tokens(source), size))
    return sum(gram in seen for gram in grams) / len(grams)


def dice(first: str, second: str) -> float:
    """Dice similarity of two short texts (titles) over token bigrams, or over tokens for
    texts of one token; 1.0 for equal texts, also when both are empty."""
    first_tokens, second_tokens = tokens(first), tokens(second)
    if first_tokens == second_tokens:
        return 1.0
    size = 2 if min(len(first_tokens), len(second_tokens)) >= 2 else 1
    first_grams, second_grams = ngrams(first_tokens, size), ngrams(second_tokens, size)
    if not first_grams or not second_grams:
        return 0.0
    common = len(set(first_grams) & set(second_grams))
    return 2 * common / (len(set(first_grams)) + len(set(second_grams)))


def jaccard(first: set[int], second: set[int]) -> float:
    if not first and not second:
        return 0.0
    return len(first & second) / len(first | second)

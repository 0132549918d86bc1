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
    return [t.lower() for t in _TOKEN_RE.findall(text)]


def ngrams(toks: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)]


def copied_share(text: str, source: str, n: int = COPY_N) -> float:
    """The share of ``text``'s n-grams that also occur in ``source`` (0 for a text too
    short to have any)."""
    grams = ngrams(tokens(text), n)
    if not grams:
        return 0.0
    seen = set(ngrams(tokens(source), n))
    return sum(g in seen for g in grams) / len(grams)


def dice(a: str, b: str) -> float:
    """Dice similarity of two short texts (titles) over token bigrams, or over tokens for
    texts of one token; 1.0 for equal texts, also when both are empty."""
    ta, tb = tokens(a), tokens(b)
    if ta == tb:
        return 1.0
    n = 2 if min(len(ta), len(tb)) >= 2 else 1
    ga, gb = ngrams(ta, n), ngrams(tb, n)
    if not ga or not gb:
        return 0.0
    common = len(set(ga) & set(gb))
    return 2 * common / (len(set(ga)) + len(set(gb)))


def jaccard(a: set[int], b: set[int]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)

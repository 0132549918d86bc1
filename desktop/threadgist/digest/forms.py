"""The two forms a model's answer can take (issue 26: on a laptop, writing the answer is
what takes the time):

- **rich**: every floor written out as a number, up to three verbatim quotes per viewpoint
  written by the model (and checked by the app), a statement for every group;
- **compact**: floors as ranges ("12-18, 25"), a statement only where the title needs one,
  no quotes: the app picks them from each viewpoint's comments (:func:`choose_quotes`), so
  they are verbatim by construction.

The form is chosen per run (``Summarizer(form=…)``) and kept in the digest's meta; the
cache keys a compact digest apart from a rich one.
"""

from __future__ import annotations

import re
from typing import Literal

from ..thread.model import PUSH, Comment, Thread
from .model import Quote
from .textsim import dice

Form = Literal["rich", "compact"]
FORMS: tuple[Form, ...] = ("compact", "rich")
DEFAULT_FORM: Form = "rich"
#: the prompts that have a compact variant (``NAME_compact.txt``)
_COMPACT_TEMPLATES = frozenset({"single", "map"})
#: quotes the app picks for a viewpoint, and their length
QUOTES_PICKED = 2
QUOTE_CHARS = 40
_CLAUSE_END_RE = re.compile(r"[，。！？!?；;、,.]")


def template_name(kind: str, form: str) -> str:
    """The prompt template for ``kind`` in ``form``."""
    return f"{kind}_compact" if form == "compact" and kind in _COMPACT_TEMPLATES else kind


def summary_sentences(lines: int) -> str:
    """How long a one-call summary should be: a short thread needs fewer sentences."""
    if lines < 60:
        return "2 to 4"
    if lines < 200:
        return "3 to 6"
    return "4 to 8"


def choose_quotes(thread: Thread, floors: list[int], title: str, statement: str) -> list[Quote]:
    """Up to :data:`QUOTES_PICKED` verbatim quotes from the comments at ``floors``: those
    most like the viewpoint's title and statement (pushes first, one per author), each cut
    at a clause end within :data:`QUOTE_CHARS` characters."""
    about = f"{title} {statement}"
    scored: list[tuple[float, int, Comment]] = []
    for floor in floors:
        comment = thread.comment(floor)
        if comment is None or comment.deleted or len(comment.text.strip()) < 4:
            continue
        score = dice(about, comment.text) + (0.1 if comment.tag == PUSH else 0.0)
        scored.append((score, -floor, comment))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    out: list[Quote] = []
    authors: set[str] = set()
    for _, _, comment in scored:
        if comment.author in authors:
            continue
        authors.add(comment.author)
        out.append(Quote(comment.floor, _excerpt(comment.text), comment.author))
        if len(out) == QUOTES_PICKED:
            break
    return out


def _excerpt(text: str) -> str:
    """The start of ``text`` up to a clause end within :data:`QUOTE_CHARS` characters
    (the whole text when it is short enough)."""
    text = " ".join(text.split())
    if len(text) <= QUOTE_CHARS:
        return text
    ends = [match.end() - 1 for match in _CLAUSE_END_RE.finditer(text, 0, QUOTE_CHARS + 1)]
    cut = ends[-1] if ends and ends[-1] >= 8 else QUOTE_CHARS
    return text[:cut].rstrip()

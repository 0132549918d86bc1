"""The two forms a model's answer can take (issue 26: on a laptop, writing the answer is
what takes the time):

- **rich**: every floor written out as a number, up to three verbatim quotes per viewpoint
  written by the model (and checked by the app), a statement for every group;
- **compact**: floors as ranges without spaces ("12-18,25"), a short statement only where
  the title needs one, digressions as a title and floors alone, a summary as long as the
  thread needs, JSON without whitespace; no quotes: the app picks them from each
  viewpoint's comments (:func:`choose_quotes`), so they are verbatim by construction.
  (benchmarks/results/answer-forms.md counts what each of these saves.)

The form is chosen per run (``Summarizer(form=…)``) and kept in the digest's meta; the
cache keys a compact digest apart from a rich one, and a digest of this revision of the
compact form apart from one of an earlier revision (:func:`form_version`).
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from typing import Literal

from ..bundled import resource
from ..thread.model import PUSH, Comment, Thread
from .model import Quote
from .schema import compact_schema, limits_for
from .textsim import dice

Form = Literal["rich", "compact"]
FORMS: tuple[Form, ...] = ("compact", "rich")
DEFAULT_FORM: Form = "rich"
#: the prompts that have a compact variant (``NAME_compact.txt``)
_COMPACT_TEMPLATES = frozenset({"single", "map"})
#: bump when the compact answers change in a way the templates do not show (how their
#: comments are rendered, how the answer is read); a change to a compact template changes
#: :func:`form_version` by itself, and so does a change to its schema
COMPACT_REVISION = 3
#: quotes the app picks for a viewpoint, and their length
QUOTES_PICKED = 2
QUOTE_CHARS = 40
_CLAUSE_END_RE = re.compile(r"[，。！？!?；;、,.]")


def template_name(kind: str, form: str) -> str:
    """The prompt template for ``kind`` in ``form``."""
    return f"{kind}_compact" if form == "compact" and kind in _COMPACT_TEMPLATES else kind


def summary_sentences(lines: int) -> str:
    """How long a one-call compact summary should be: a short thread needs fewer
    sentences (the viewpoints below it already say how the discussion went)."""
    if lines < 60:
        return "1 to 2"
    if lines < 200:
        return "2 to 4"
    return "3 to 6"


def form_version(prompt_version: str, form: str) -> str:
    """The prompt version a digest in ``form`` is cached and recorded under: the prompts'
    own for the rich form; for the compact form, also its revision and the hash of its
    templates and its schema, so that a digest of an older compact form is not served as a current one
    (it stays the "previous digest" of a grown thread, as one of an older prompt version
    does), while rich digests keep their keys."""
    if form != "compact":
        return prompt_version
    return f"{prompt_version}+compact.{COMPACT_REVISION}.{_compact_templates_hash()}"


@cache
def _compact_templates_hash() -> str:
    digest = hashlib.sha256()
    for kind in sorted(_COMPACT_TEMPLATES):
        digest.update(resource("prompts", f"{kind}_compact.txt").read_bytes())
    digest.update(json.dumps(compact_schema(), sort_keys=True).encode())
    digest.update(json.dumps(compact_schema(limits_for(2048)), sort_keys=True).encode())
    from . import fold  # the rules that change what a compact prompt shows

    rules = (fold.SHORT_CHARS, fold.MIN_HIDDEN, fold.FOLD_NOTE, fold.COUNT_MARK)
    digest.update(repr(rules).encode())
    return digest.hexdigest()[:8]


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

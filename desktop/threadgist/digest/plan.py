"""The token budget and the call plan: one call when the thread fits, else chunks
of whole utterances (never a split comment), each with the article."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain

from ..messages import Message, Text, msg
from ..thread.model import Comment, Thread
from .prompts import system_prompt, template
from .render import Line, iter_lines, render_article, render_header, render_lines
from .tokens import TokenCounter

MIN_CHUNK_TOKENS = 160
ARTICLE_SHARE_LIMIT = 0.35  # of a call's data budget; longer articles are condensed
CONDENSED_SHARE = 0.22
#: new chunks are filled to this share of their budget; an earlier run's chunks are kept
#: up to the whole budget, so a token count calibrated a little higher since still keeps
#: them (and their cached partial results)
FILL = 0.95


class PlanError(ValueError):
    """The thread cannot be planned for this model (``detail``: why, as a message)."""

    def __init__(self, detail: Message):
        super().__init__(str(detail))
        self.detail = detail


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


@dataclass
class Plan:
    single: bool
    chunks: list[tuple[int, int]]  # [start, end) into lines
    lines: list[Line]
    line_tokens: list[int]
    article: str
    article_tokens: int
    condense: bool
    fixed_tokens: int
    budget: Budget
    rendered_tokens: int
    content_tokens: int
    encoding: str
    prompt_tokens: list[int] = field(default_factory=list)  # per map/single call
    reduce_calls: int = 0
    warnings: list[Text] = field(default_factory=list)
    #: per chunk: its partial result is in the cache (that map call will not be made)
    cached: list[bool] = field(default_factory=list)
    condense_cached: bool = False  # the condensed article is in the cache
    #: the calls of a strategy that counts its own (the staged pipeline's), else None
    fixed_calls: int | None = None

    @property
    def reused(self) -> int:
        """Chunks whose partial result comes from the cache."""
        return sum(self.cached)

    @property
    def calls(self) -> int:
        """The calls the run will make: cached parts and a cached condensation cost none."""
        if self.fixed_calls is not None:
            return self.fixed_calls
        return (
            len(self.prompt_tokens)
            - self.reused
            + self.reduce_calls
            + (1 if self.condense and not self.condense_cached else 0)
        )

    @property
    def sent_tokens(self) -> list[int]:
        """Prompt tokens of the map (or single) calls that will really be made."""
        return [
            tokens
            for i, tokens in enumerate(self.prompt_tokens)
            if not (i < len(self.cached) and self.cached[i])
        ]


def _texts(items: Sequence[Comment]) -> Iterator[str]:
    """The texts of ``items``, or one empty text when there are none: joined with newlines
    after a head, they give ``head + "\n" + "\n".join(texts)`` (the old one-string form)."""
    if not items:
        yield ""
    for item in items:
        yield item.text


@dataclass
class _Counted:
    """A thread's lines, counted one at a time (see :func:`_count_lines`)."""

    raw: list[int] = field(default_factory=list)  # tiktoken's count of each line
    keys: array[int] = field(default_factory=lambda: array("q"))  # hash of each line's text
    rendered: int = 0  # tokens of the header, the article and every line, one per row


def _count_lines(counter: TokenCounter, lines: Iterable[Line], head: str) -> _Counted:
    """Count each line and ``head`` + the lines as one text, keeping no line."""
    counted = _Counted()
    count = counter.raw

    def texts() -> Iterator[str]:
        for line in lines:
            counted.raw.append(count(line.text))
            counted.keys.append(hash(line.text))
            yield line.text
        if not counted.raw:
            yield ""  # ``head + "\n"``, as the one-string form had it

    counted.rendered = counter.raw_joined(chain([head], texts()))
    return counted


def _stable_lines(
    counter: TokenCounter, thread: Thread, counted: _Counted, keep: bool
) -> tuple[list[Line], list[int], array[int]]:
    """The stable lines (kept only when ``keep``), their tiktoken counts (a line that did
    not change keeps its count: ``counted.raw``, updated in place, no second list of a
    million counts) and their first floors."""
    lines: list[Line] = []
    raw = counted.raw
    firsts = array("i")  # floors: a 64 MB file has a few million at most
    for i, (key, line) in enumerate(zip(counted.keys, iter_lines(thread, stable=True), strict=True)):
        if key != hash(line.text):
            raw[i] = counter.raw(line.text)
        firsts.append(line.first)
        if keep:
            lines.append(line)
    return lines, raw, firsts


def fixed_prompt_tokens(counter: TokenCounter, thread: Thread, lang: str, kind: str) -> int:
    empty = template(kind).safe_substitute(
        header=render_header(thread),
        article="",
        comments="",
        partials="",
        part="99",
        parts="99",
        first="9999",
        last="9999",
        limit="999",
    )
    # 4 tokens per message of chat framing, two messages
    return counter.count(system_prompt(lang, kind)) + counter.count(empty) + 8


def make_plan(
    thread: Thread,
    counter: TokenCounter,
    budget: Budget,
    lang: str,
    *,
    force_chunked: bool = False,
    shrink: float = 1.0,
    min_chunks: int = 1,
    hints: list[tuple[int, int]] | None = None,
    keep_lines: bool = True,
) -> Plan:
    """``hints``: the chunks of an earlier run over this thread, followed where they still
    fit (see :func:`pack`). ``keep_lines``: False leaves ``lines`` empty (a plan only
    looked at, as by ``--dry-run``: a big thread's lines are then never all held)."""
    article = render_article(thread)
    counted = _count_lines(counter, iter_lines(thread), render_header(thread) + "\n" + article)
    raw_tokens = counted.raw
    article_tokens = counter.count(article)
    single_fixed = fixed_prompt_tokens(counter, thread, lang, "single")
    rendered = counted.rendered
    content = counter.raw_joined(chain([f"{thread.title}\n{thread.body}"], _texts(thread.comments)))
    avail_single = int(budget.data_tokens(single_fixed) * shrink)
    single_total = article_tokens + len(raw_tokens) + sum(counter.scale_many(raw_tokens))
    if not force_chunked and single_total <= avail_single:
        line_tokens = [count + 1 for count in counter.scale_many(raw_tokens)]
        return Plan(
            True,
            [(0, len(raw_tokens))],
            render_lines(thread) if keep_lines else [],
            line_tokens,
            article,
            article_tokens,
            condense=False,
            fixed_tokens=single_fixed,
            budget=budget,
            rendered_tokens=rendered,
            content_tokens=content,
            encoding=counter.encoding,
            prompt_tokens=[single_fixed + single_total],
        )
    # read in parts: lines that do not change when comments are added at the end (the
    # same lines, some with a user number); only a hash of each first line is kept
    lines, raw_tokens, firsts = _stable_lines(counter, thread, counted, keep_lines)
    del counted
    line_tokens = [count + 1 for count in counter.scale_many(raw_tokens)]
    map_fixed = fixed_prompt_tokens(counter, thread, lang, "map")
    avail = int(budget.data_tokens(map_fixed) * shrink)
    condense = article_tokens > avail * ARTICLE_SHARE_LIMIT
    art_in_chunk = int(avail * CONDENSED_SHARE) if condense else article_tokens
    chunk_budget = avail - art_in_chunk
    warnings: list[Text] = []
    if chunk_budget < MIN_CHUNK_TOKENS:
        raise PlanError(
            msg(
                "the context window ({context} tokens) is too small to read this thread with "
                "{reserve} tokens reserved for the answer",
                context=budget.context,
                reserve=budget.reserve,
            )
        )
    if min_chunks > 1:
        chunk_budget = min(chunk_budget, max(MIN_CHUNK_TOKENS, sum(line_tokens) // min_chunks + 1))
    # packed in tiktoken's own counts (factor applied to the budget, not rounded up line by
    # line): a factor calibrated a little differently since moves no boundary
    chunks = pack([count + 1 for count in raw_tokens], int(chunk_budget / counter.factor), hints)
    for start, end in chunks:
        if end - start == 1 and line_tokens[start] > chunk_budget:
            warnings.append(
                msg(
                    "comment {floor} is longer than one call can hold and will be shortened",
                    floor=firsts[start],
                )
            )
    prompts = [map_fixed + art_in_chunk + sum(line_tokens[start:end]) for start, end in chunks]
    merge_budget = Budget(budget.context, merge_answer_tokens(budget))
    merge_room = merge_budget.data_tokens(fixed_prompt_tokens(counter, thread, lang, "reduce"))
    reduce_calls = estimate_reduce_calls(len(chunks), int(merge_room * (1 - MERGE_ARTICLE_SHARE)))
    return Plan(
        False,
        chunks,
        lines,
        line_tokens,
        article,
        article_tokens,
        condense=condense,
        fixed_tokens=single_fixed,
        budget=budget,
        rendered_tokens=rendered,
        content_tokens=content,
        encoding=counter.encoding,
        prompt_tokens=prompts,
        reduce_calls=reduce_calls,
        warnings=warnings,
    )


def pack(sizes: list[int], budget: int, hints: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Whole lines into chunks of at most ``budget`` tokens, each filled from the start:
    a chunk's boundaries depend only on the lines before its end, so when comments are
    added to a thread, every chunk but the last stays the same (and so does its cached
    partial result); the last chunk may be small.

    ``hints`` (an earlier run's chunks) are kept from the start while they still fit the
    budget, so that a token count calibrated since does not move every boundary; when the
    thread has grown past them, their last chunk (the earlier tail) is filled up anew. New
    chunks are filled to :data:`FILL` of the budget, leaving room for a later calibration."""
    if not sizes:
        return [(0, 0)]
    hinted = list(hints or [])
    if hinted and hinted[-1][1] < len(sizes):
        hinted.pop()
    chunks: list[tuple[int, int]] = []
    pos = 0
    for start, end in hinted:
        if (
            start != pos
            or not start < end <= len(sizes)
            or (end - start > 1 and sum(sizes[start:end]) > budget)
        ):
            break
        chunks.append((start, end))
        pos = end
    if pos < len(sizes):
        fill = max(1, int(budget * FILL))
        rest = sizes[pos:] if pos else sizes  # (no copy of a million sizes for nothing)
        chunks += [(start + pos, end + pos) for start, end in greedy(rest, fill)]
    return chunks  # every chunk is within ``budget`` unless it is one line


def greedy(sizes: list[int], limit: int) -> list[tuple[int, int]]:
    """Consecutive runs of items whose sizes add up to at most ``limit`` (an item larger
    than the limit gets a run of its own)."""
    runs: list[tuple[int, int]] = []
    start, acc = 0, 0
    for i, size in enumerate(sizes):
        if acc and acc + size > limit:
            runs.append((start, i))
            start, acc = i, 0
        acc += size
    runs.append((start, len(sizes)))
    return runs


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


def pair_up(sizes: list[int], room: int) -> list[tuple[int, int]]:
    """Consecutive batches [start, end) of at most ``room`` in all, greedy; a last batch of
    one joins the batch before it when they fit together. A result too big to share a call
    with its neighbour stays a batch of one (a merge stops when every batch is)."""
    batches: list[tuple[int, int]] = []
    start, total = 0, 0
    for i, size in enumerate(sizes):
        if i > start and total + size > room:
            batches.append((start, i))
            start, total = i, 0
        total += size
    batches.append((start, len(sizes)))
    if len(batches) > 1 and batches[-1][1] - batches[-1][0] == 1:
        prev, last = batches[-2], batches[-1]
        if sum(sizes[prev[0] : last[1]]) <= room:
            batches[-2:] = [(prev[0], last[1])]
    return batches

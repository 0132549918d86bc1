"""The call plan: one call when the thread fits, else chunks of whole utterances (never
a split comment), each with the article (the token budget: digest/budget.py)."""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from itertools import chain

from ..messages import Message, Text, msg
from ..thread.model import Thread
from .budget import MERGE_ARTICLE_SHARE, Budget, estimate_reduce_calls, merge_answer_tokens
from .linecount import comment_texts, count_lines, fixed_prompt_tokens, stable_lines
from .packing import pack
from .render import Line, iter_lines, render_article, render_header, render_lines
from .tokens import TokenCounter

MIN_CHUNK_TOKENS = 160
ARTICLE_SHARE_LIMIT = 0.35  # of a call's data budget; longer articles are condensed
CONDENSED_SHARE = 0.22


class PlanError(ValueError):
    """The thread cannot be planned for this model (``detail``: why, as a message)."""

    def __init__(self, detail: Message):
        super().__init__(str(detail))
        self.detail = detail


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
    #: calls that sort every comment into the merged groups, one per part (digest/resort.py)
    sort_calls: int = 0
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
            + self.sort_calls
            + (1 if self.condense and not self.condense_cached else 0)
        )

    @property
    def sort_prompt_tokens(self) -> int:
        """The sort calls' prompt tokens: each reads its part again, with the merged groups
        (about as much as the part's map call)."""
        return sum(self.prompt_tokens) if self.sort_calls else 0

    @property
    def sent_tokens(self) -> list[int]:
        """Prompt tokens of the map (or single) calls that will really be made."""
        return [
            tokens
            for i, tokens in enumerate(self.prompt_tokens)
            if not (i < len(self.cached) and self.cached[i])
        ]


@dataclass
class _Measured:
    """What every plan of a thread shares: its article, its counts and the run's budget."""

    thread: Thread
    counter: TokenCounter
    budget: Budget
    lang: str
    article: str
    article_tokens: int
    single_fixed: int  # the one-call prompt's tokens without its data
    rendered: int
    content: int


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
    fit (see :func:`~.packing.pack`). ``keep_lines``: False leaves ``lines`` empty (a plan
    only looked at, as by ``--dry-run``: a big thread's lines are then never all held)."""
    article = render_article(thread)
    counted = count_lines(counter, iter_lines(thread), render_header(thread) + "\n" + article)
    measured = _Measured(
        thread,
        counter,
        budget,
        lang,
        article,
        article_tokens=counter.count(article),
        single_fixed=fixed_prompt_tokens(counter, thread, lang, "single"),
        rendered=counted.rendered,
        content=counter.raw_joined(chain([f"{thread.title}\n{thread.body}"], comment_texts(thread.comments))),
    )
    raw_tokens = counted.raw
    avail_single = int(budget.data_tokens(measured.single_fixed) * shrink)
    single_total = measured.article_tokens + len(raw_tokens) + sum(counter.scale_many(raw_tokens))
    if not force_chunked and single_total <= avail_single:
        line_tokens = [count + 1 for count in counter.scale_many(raw_tokens)]
        lines = render_lines(thread) if keep_lines else []
        return _plan(
            measured, True, [(0, len(raw_tokens))], lines, line_tokens, [measured.single_fixed + single_total]
        )
    # read in parts: lines that do not change when comments are added at the end (the
    # same lines, some with a user number); only a hash of each first line is kept
    lines, raw_tokens, firsts = stable_lines(counter, thread, counted, keep_lines)
    del counted
    return _in_parts(measured, lines, raw_tokens, firsts, _Cutting(shrink, min_chunks, hints))


@dataclass(frozen=True)
class _Cutting:
    """How to cut a thread read in parts (make_plan's options)."""

    shrink: float
    min_chunks: int
    hints: list[tuple[int, int]] | None


def _in_parts(
    measured: _Measured, lines: list[Line], raw_tokens: list[int], firsts: array[int], cutting: _Cutting
) -> Plan:
    """The plan of a thread read in parts: concurrent map calls, then merges."""
    counter, budget = measured.counter, measured.budget
    line_tokens = [count + 1 for count in counter.scale_many(raw_tokens)]
    map_fixed = fixed_prompt_tokens(counter, measured.thread, measured.lang, "map")
    avail = int(budget.data_tokens(map_fixed) * cutting.shrink)
    condense = measured.article_tokens > avail * ARTICLE_SHARE_LIMIT
    art_in_chunk = int(avail * CONDENSED_SHARE) if condense else measured.article_tokens
    chunk_budget = avail - art_in_chunk
    if chunk_budget < MIN_CHUNK_TOKENS:
        raise PlanError(
            msg(
                "the context window ({context} tokens) is too small to read this thread with "
                "{reserve} tokens reserved for the answer",
                context=budget.context,
                reserve=budget.reserve,
            )
        )
    if cutting.min_chunks > 1:
        chunk_budget = min(chunk_budget, max(MIN_CHUNK_TOKENS, sum(line_tokens) // cutting.min_chunks + 1))
    # packed in tiktoken's own counts (factor applied to the budget, not rounded up line by
    # line): a factor calibrated a little differently since moves no boundary
    chunks = pack([count + 1 for count in raw_tokens], int(chunk_budget / counter.factor), cutting.hints)
    prompts = [map_fixed + art_in_chunk + sum(line_tokens[start:end]) for start, end in chunks]
    plan = _plan(measured, False, chunks, lines, line_tokens, prompts)
    plan.condense = condense
    plan.reduce_calls = _merge_calls(measured, len(chunks))
    plan.warnings = _too_long(chunks, line_tokens, chunk_budget, firsts)
    return plan


def _too_long(
    chunks: list[tuple[int, int]], line_tokens: list[int], room: int, firsts: array[int]
) -> list[Text]:
    """A warning for each comment longer than a part can hold (it will be shortened)."""
    return [
        msg("comment {floor} is longer than one call can hold and will be shortened", floor=firsts[start])
        for start, end in chunks
        if end - start == 1 and line_tokens[start] > room
    ]


def _merge_calls(measured: _Measured, parts: int) -> int:
    """The merge calls the results of ``parts`` parts are planned to take."""
    merge_budget = Budget(measured.budget.context, merge_answer_tokens(measured.budget))
    fixed = fixed_prompt_tokens(measured.counter, measured.thread, measured.lang, "reduce")
    merge_room = merge_budget.data_tokens(fixed)
    return estimate_reduce_calls(parts, int(merge_room * (1 - MERGE_ARTICLE_SHARE)))


def _plan(
    measured: _Measured,
    single: bool,
    chunks: list[tuple[int, int]],
    lines: list[Line],
    line_tokens: list[int],
    prompts: list[int],
) -> Plan:
    return Plan(
        single,
        chunks,
        lines,
        line_tokens,
        measured.article,
        measured.article_tokens,
        condense=False,
        fixed_tokens=measured.single_fixed,
        budget=measured.budget,
        rendered_tokens=measured.rendered,
        content_tokens=measured.content,
        encoding=measured.counter.encoding,
        prompt_tokens=prompts,
    )

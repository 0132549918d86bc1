"""The token budget and the call plan: one call when the thread fits, else chunks
of whole utterances (never a split comment), each with the article."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..thread.model import Thread
from .prompts import system_prompt, template
from .render import Line, render_article, render_header, render_lines
from .tokens import TokenCounter

MIN_CHUNK_TOKENS = 160
ARTICLE_SHARE_LIMIT = 0.35  # of a call's data budget; longer articles are condensed
CONDENSED_SHARE = 0.22


@dataclass
class Budget:
    context: int
    reserve: int

    def data_tokens(self, fixed: int) -> int:
        """Tokens left for the article and comments in one call."""
        margin = max(48, int(self.context * 0.04))
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
    warnings: list[str] = field(default_factory=list)

    @property
    def calls(self) -> int:
        return len(self.prompt_tokens) + self.reduce_calls + (1 if self.condense else 0)


def fixed_prompt_tokens(counter: TokenCounter, thread: Thread, lang: str, kind: str) -> int:
    empty = template(kind).safe_substitute(
        header=render_header(thread), article="", comments="", partials="", part="99",
        parts="99", first="9999", last="9999", limit="999",
    )
    # 4 tokens per message of chat framing, two messages
    return counter.count(system_prompt(lang)) + counter.count(empty) + 8


def make_plan(
    thread: Thread,
    counter: TokenCounter,
    budget: Budget,
    lang: str,
    *,
    force_chunked: bool = False,
    shrink: float = 1.0,
    min_chunks: int = 1,
) -> Plan:
    lines = render_lines(thread)
    article = render_article(thread)
    line_tokens = [n + 1 for n in counter.count_many([ln.text for ln in lines])]
    article_tokens = counter.count(article)
    single_fixed = fixed_prompt_tokens(counter, thread, lang, "single")
    rendered = counter.raw(render_header(thread) + "\n" + article + "\n"
                           + "\n".join(ln.text for ln in lines))
    content = counter.raw(f"{thread.title}\n{thread.body}\n" + "\n".join(
        c.text for c in thread.comments))
    avail_single = int(budget.data_tokens(single_fixed) * shrink)
    base = dict(
        lines=lines, line_tokens=line_tokens, fixed_tokens=single_fixed, budget=budget,
        rendered_tokens=rendered, content_tokens=content, encoding=counter.encoding,
    )
    if not force_chunked and article_tokens + sum(line_tokens) <= avail_single:
        return Plan(True, [(0, len(lines))], article=article, article_tokens=article_tokens,
                    condense=False, prompt_tokens=[single_fixed + article_tokens
                                                   + sum(line_tokens)], **base)  # type: ignore[arg-type]
    map_fixed = fixed_prompt_tokens(counter, thread, lang, "map")
    avail = int(budget.data_tokens(map_fixed) * shrink)
    condense = article_tokens > avail * ARTICLE_SHARE_LIMIT
    art_in_chunk = int(avail * CONDENSED_SHARE) if condense else article_tokens
    chunk_budget = avail - art_in_chunk
    warnings: list[str] = []
    if chunk_budget < MIN_CHUNK_TOKENS:
        raise ValueError(
            f"the context window ({budget.context} tokens) is too small to read this thread "
            f"with {budget.reserve} tokens reserved for the answer"
        )
    if min_chunks > 1:
        chunk_budget = min(chunk_budget, max(MIN_CHUNK_TOKENS, sum(line_tokens) // min_chunks + 1))
    chunks = pack(line_tokens, chunk_budget)
    for a, b in chunks:
        if b - a == 1 and line_tokens[a] > chunk_budget:
            warnings.append(
                f"comment {lines[a].first} is longer than one call can hold and will be shortened"
            )
    prompts = [map_fixed + art_in_chunk + sum(line_tokens[a:b]) for a, b in chunks]
    reduce_calls = estimate_reduce_calls(len(chunks), avail)
    return Plan(False, chunks, article=article, article_tokens=article_tokens,
                condense=condense, prompt_tokens=prompts, reduce_calls=reduce_calls,
                warnings=warnings, **base)  # type: ignore[arg-type]


def pack(sizes: list[int], budget: int) -> list[tuple[int, int]]:
    """Greedy packing of whole lines into chunks of at most ``budget`` tokens, then
    evened out so the last chunk is not a crumb."""
    total = sum(sizes)
    if not sizes:
        return [(0, 0)]
    n_chunks = max(1, -(-total // budget))
    target = min(budget, -(-total // n_chunks) + max(sizes) // 2)
    chunks = greedy(sizes, target)
    if len(chunks) > 1:  # fold a crumb at the end into the previous chunk when it fits
        a, c, d = chunks[-2][0], chunks[-1][0], chunks[-1][1]
        if sum(sizes[c:d]) < target // 3 and sum(sizes[a:d]) <= budget:
            chunks[-2:] = [(a, d)]
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


def estimate_reduce_calls(n_partials: int, avail: int) -> int:
    """Reduce levels: each partial result takes roughly 350 tokens in a reduce prompt."""
    if n_partials <= 1:
        return 0
    per_call = max(2, avail // 350)
    calls, level = 0, n_partials
    while level > 1:
        batches = -(-level // per_call)
        calls += batches
        level = batches
    return calls

"""The "single" strategy: one call when the thread fits the window; otherwise the article
condensed once (when long), concurrent map calls over parts (each comment read exactly
once, a part too long for one answer split in two) and the merge of their results
(digest/merge.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from ..llm.errors import ContextExceeded, EndpointError, ErrorKind, OutputTruncated
from ..messages import Message, msg
from . import calls as C
from .cachekey import partial_key
from .caller import Caller, CallSpec
from .condense import TEMPLATE_SLACK, cached_condensation, condense
from .context import RunContext
from .ledger import Deferred, Ledger
from .merge import MergeEnv, Merger
from .model import Usage
from .partial import Partial
from .plan import Plan, fixed_prompt_tokens

#: a prompt the server said did not fit: the parts are planned at this share of the room
#: the estimate gave them (the server's tokenizer counts more than the estimate did;
#: 0.7 leaves room for a 40 % misestimate without halving every part)
OVERFLOW_SHRINK = 0.7
#: a merge that did not fit: the window is taken to be this share of what it was
MERGE_SHRINK = 0.8

Replan = Callable[..., Plan]


class MapReduce:
    """Runs a :class:`~.plan.Plan` (see the module's docstring). ``replan`` makes a new
    plan with other options (force_chunked, min_chunks, shrink), as the run learns."""

    def __init__(self, run: RunContext, caller: Caller, ledger: Ledger, replan: Replan):
        self.run = run
        self.caller = caller
        self.ledger = ledger
        self.replan = replan
        self.planned_calls = 0

    # ---- the plan ----------------------------------------------------------------------------
    async def run_plan(self, plan: Plan) -> Partial:
        reporter = self.run.reporter
        self.planned_calls = plan.calls
        if plan.single:
            reporter.total = 1
            reporter.emit("plan", 0, 1)
            done, plan = await self._try_single(plan)
            if done is not None:
                return done
            self.run.warnings.extend(w for w in plan.warnings if w not in self.run.warnings)
        article = plan.article
        if plan.condense:  # a step of its own, counted as the estimate counts it
            reporter.total = reporter.done + 1 + len(plan.chunks) + plan.reduce_calls
            article = await condense(self.run, self.caller, self.ledger, plan)
            reporter.tick("condense")
        reporter.total = reporter.done + len(plan.chunks) + plan.reduce_calls
        reporter.emit("plan", reporter.done, reporter.total)
        self._record_parts(plan)
        partials = await self._map_all(plan, article)
        await self.ledger.claim_digest()
        return await self._merge(partials, article)

    async def _try_single(self, plan: Plan) -> tuple[Partial | None, Plan]:
        """The one call; when its answer or prompt does not fit, the plan in parts to run
        instead (and why, in the progress)."""
        run = self.run
        try:
            return await self._single(plan), plan
        except OutputTruncated:
            # a bigger answer reserve if the window allows it, else smaller parts
            bigger = self._bigger_reserve(plan.prompt_tokens[0])
            if bigger is not None:
                run.budget.reserve = run.explicit_reserve = bigger
                run.reporter.change(
                    msg("the answer reached its length limit: asking again with room for a longer one")
                )
                try:
                    return await self._single(plan), plan
                except OutputTruncated:
                    pass
            plan = self.replan(force_chunked=True, min_chunks=2)
            why = msg(
                "the answer reached its length limit: reading the thread in {parts} parts instead",
                parts=len(plan.chunks),
            )
        except ContextExceeded as e:
            run.learn(e)
            plan = self.replan(force_chunked=True, shrink=OVERFLOW_SHRINK)
            why = msg(
                "the prompt did not fit the model's context window: reading "
                "the thread in {parts} parts instead",
                parts=len(plan.chunks),
            )
        run.reporter.change(why)
        return None, plan

    async def _single(self, plan: Plan) -> Partial:
        await self.ledger.claim_digest()
        run = self.run
        comments = "\n".join(line.text for line in plan.lines)
        messages = run.messages("single", article=plan.article, comments=comments)
        run.reporter.emit("write", 0, 1)
        spec = CallSpec(messages, run.answer_schema(), "digest", plan.prompt_tokens[0], stream_summary=True)
        call = run.reporter.track(C.CallStep.WHOLE, C.span(plan.lines, run.thread.site))
        return Partial.from_json(await self.caller(spec, call))

    def _record_parts(self, plan: Plan) -> None:
        """How this run cut the thread, for a later run to cut it the same way."""
        ledger = self.ledger
        if ledger.cache is not None and self.parts_key is not None:
            ledger.cache.put_partial(
                ledger.scope, self.parts_key, {"chunks": [list(chunk) for chunk in plan.chunks]}
            )

    parts_key: str | None = None  # set by the Summarizer (digest/cachekey.py parts_key)

    # ---- the parts ---------------------------------------------------------------------------
    def map_request(self, plan: Plan, article: str, start: int, end: int) -> tuple[list[dict[str, str]], str]:
        """The messages of the map call over lines [start, end) and their cache key: nothing in
        them depends on the rest of the thread (not the number of parts), so the key of a
        part stays the same when the thread grows."""
        lines = plan.lines[start:end]
        floors = [line.first for line in lines if line.first] or [0]
        last = max(line.last for line in lines) if lines else 0
        messages = self.run.messages(
            "map",
            article=article,
            comments="\n".join(line.text for line in lines),
            first=str(min(floors)),
            last=str(last),
        )
        return messages, partial_key(self.ledger.scope, messages, ["map", self.run.limits()])

    def mark_cached(self, plan: Plan) -> None:
        """Which parts of ``plan`` have a cached partial result (none when the article is
        condensed and its condensation is not cached: the parts' prompts are unknown)."""
        cache = self.ledger.cache
        assert cache is not None
        article = plan.article
        if plan.condense:
            article = cached_condensation(self.run, self.ledger, plan)
            if not article:
                plan.cached = [False] * len(plan.chunks)
                return
            plan.condense_cached = True
        plan.cached = [
            cache.has_partial(self.ledger.scope, self.map_request(plan, article, start, end)[1])
            for start, end in plan.chunks
        ]

    async def _map_all(self, plan: Plan, article: str) -> list[Partial]:
        sem = asyncio.Semaphore(self.run.profile.effective_concurrency)
        chunks = list(plan.chunks)
        results: list[Partial | None] = [None] * len(chunks)
        deferred: list[int] = []  # parts another Threadgist run is summarizing

        async def one(i: int, start: int, end: int, defer: bool) -> None:
            try:
                results[i] = await self._map_chunk(plan, article, (start, end), i, sem, defer=defer)
            except Deferred:
                deferred.append(i)

        await asyncio.gather(*(one(i, start, end, True) for i, (start, end) in enumerate(chunks)))
        # this run's own parts are done: wait for the other run's, or take them over
        await asyncio.gather(*(one(i, *chunks[i], False) for i in sorted(deferred)))
        return [result for result in results if result is not None]

    async def _map_chunk(
        self,
        plan: Plan,
        article: str,
        span: tuple[int, int],
        index: int,
        sem: asyncio.Semaphore,
        *,
        defer: bool = False,
    ) -> Partial:
        """One part's partial result: cached, another run's, or this run's call (``defer``:
        raise Deferred rather than wait when another run is making it)."""
        run, ledger = self.run, self.ledger
        start, end = span
        lines = plan.lines[start:end]
        messages, ckey = self.map_request(plan, article, start, end)
        if (hit := ledger.cached_partial(ckey)) is not None:
            return ledger.reuse_part(ckey, hit)
        if (hit := await ledger.claim_part(ckey, index + 1, defer=defer)) is not None:
            return ledger.reuse_part(ckey, hit)
        cost = Usage()  # what this part costs, kept with its result
        expected = plan.prompt_tokens[index] if index < len(plan.prompt_tokens) else None
        covers = C.part(index, len(plan.chunks), lines, run.thread.site)
        call = run.reporter.track(C.CallStep.MAP, covers)  # listed while it waits for a free slot
        spec = CallSpec(messages, run.answer_schema(), "partial", expected)
        try:
            async with sem:
                data = Partial.from_json(await self.caller(spec, call, cost))
        except (ContextExceeded, OutputTruncated) as e:
            if end - start <= 1:
                one = await self._map_one_line(spec, lines[0].first, e, covers)
                ledger.release(ckey)  # not cached: a run waiting for it asks itself
                return one
            return await self._split(plan, article, span, index, sem, (ckey, cost), e)
        run.usage.map_calls += 1
        ledger.store(ckey, data.to_json(), cost)
        run.reporter.tick("map")
        return data

    async def _split(
        self,
        plan: Plan,
        article: str,
        span: tuple[int, int],
        index: int,
        sem: asyncio.Semaphore,
        kept: tuple[str, Usage],
        error: EndpointError,
    ) -> Partial:
        """A part too long for one answer (or prompt), read as two halves."""
        run = self.run
        start, end = span
        run.learn(error)
        mid = (start + end) // 2
        run.reporter.total += 1
        run.reporter.change(msg("part {part} was too long for one answer: split in two", part=index + 1))
        left = await self._map_chunk(plan, article, (start, mid), index, sem)
        right = await self._map_chunk(plan, article, (mid, end), index, sem)
        data = left + right
        # the next run reuses the whole part at once, at the cost of both halves
        ckey, cost = kept
        halves = (
            self.map_request(plan, article, start, mid)[1],
            self.map_request(plan, article, mid, end)[1],
        )
        self.ledger.store(ckey, data.to_json(), cost, parts=halves)
        return data

    async def _map_one_line(
        self, spec: CallSpec, floor: int, error: EndpointError, covers: Message
    ) -> Partial:
        """A part of one comment that failed cannot be split: try once with a bigger
        answer reserve, else say which comment is too long for this model."""
        run = self.run
        bigger = self._bigger_reserve(spec.expected or 0)
        if isinstance(error, OutputTruncated) and bigger is not None:
            again = CallSpec(spec.messages, spec.schema, spec.name, spec.expected, max_tokens=bigger)
            try:
                data = Partial.from_json(await self.caller(again, run.reporter.track(C.CallStep.MAP, covers)))
            except (ContextExceeded, OutputTruncated):
                pass
            else:
                run.usage.map_calls += 1
                run.reporter.tick("map")
                return data
        raise EndpointError(
            ErrorKind.CONTEXT,
            msg(
                "comment {floor} alone does not fit in the model's context window with room for "
                "an answer: choose a model with a larger context",
                floor=floor,
            ),
        ) from None

    # ---- the merge ---------------------------------------------------------------------------
    async def _merge(self, partials: list[Partial], article: str) -> Partial:
        """Merge the parts' results until one holds them all (digest/merge.py)."""
        run = self.run
        merger = Merger(
            MergeEnv(
                counter=run.counter,
                budget=run.budget,
                messages=lambda kind, values: run.messages(kind, **values),
                fixed=lambda kind: fixed_prompt_tokens(run.counter, run.thread, run.lang, kind),
                call=self._merge_call,
                limits=run.limits,
                warnings=run.warnings,
                change=run.reporter.change,
                tick=lambda: run.reporter.tick("reduce"),
                learn=self._learn_merge,
                slack=TEMPLATE_SLACK,
            )
        )
        merged = await merger.merge(partials, article)
        run.usage.reduce_calls += merger.calls
        return merged

    async def _merge_call(
        self,
        messages: list[dict[str, str]],
        schema: dict[str, Any],
        name: str,
        *,
        covers: Message,
        top: bool,
        max_tokens: int,
    ) -> dict[str, Any]:
        self.run.reporter.unplanned()
        call = self.run.reporter.track(C.CallStep.REDUCE, covers)
        return await self.caller(
            CallSpec(messages, schema, name, max_tokens=max_tokens, stream_summary=top), call
        )

    def _learn_merge(self, error: EndpointError) -> bool:
        """A merge prompt did not fit: plan merges at the window the server reported, or
        at a smaller share of this one (False: nothing smaller to try)."""
        budget = self.run.budget
        if error.n_ctx and error.n_ctx < budget.context:
            self.run.learn(error)
            return True
        if budget.context <= 1024:
            return False
        # the server counts more than the estimate (a local server too: its window is
        # exact, its tokenizer is not ours): plan the merge in a smaller share of it
        budget.context = max(1024, int(budget.context * MERGE_SHRINK))
        return True

    def _bigger_reserve(self, prompt_tokens: int) -> int | None:
        """Twice the answer reserve, when a prompt of ``prompt_tokens`` still fits the
        window with it (an answer cut at its limit is asked again with more room)."""
        budget = self.run.budget
        bigger = budget.reserve * 2
        return bigger if prompt_tokens + bigger + TEMPLATE_SLACK <= budget.context else None

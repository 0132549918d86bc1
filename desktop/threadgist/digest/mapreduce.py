"""The "single" strategy: one call when the thread fits the window; otherwise the article
condensed once (when long), concurrent map calls over parts (each comment read exactly
once, a part too long for one answer split in two), the merge of their results
(digest/merge.py) and, unless the pipeline is "merge", every comment sorted into the
merged groups (digest/resort.py). The parts are read by digest/mapparts.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ..llm.errors import ContextExceeded, EndpointError, OutputTruncated
from ..messages import msg
from . import calls as C
from .block import block
from .caller import Caller, CallSpec
from .condense import TEMPLATE_SLACK, condense
from .context import RunContext
from .ledger import Ledger
from .linecount import fixed_prompt_tokens
from .mapparts import PartReader, bigger_reserve
from .merge import Merger
from .merge_env import MergeEnv, MergeRequest
from .partial import Partial
from .plan import Plan
from .resort import Resorter
from .stage import Stage

#: a prompt the server said did not fit: the parts are planned at this share of the room
#: the estimate gave them (the server's tokenizer counts more than the estimate did;
#: 0.7 leaves room for a 40 % misestimate without halving every part)
OVERFLOW_SHRINK = 0.7
#: a merge that did not fit: the window is taken to be this share of what it was
MERGE_SHRINK = 0.8

Replan = Callable[..., Plan]
T = TypeVar("T")


class MapReduce:
    """Runs a :class:`~.plan.Plan` (see the module's docstring). ``replan`` makes a new
    plan with other options (force_chunked, min_chunks, shrink), as the run learns."""

    def __init__(self, run: RunContext, caller: Caller, ledger: Ledger, replan: Replan):
        self.run = run
        self.caller = caller
        self.ledger = ledger
        self.replan = replan
        self.parts = PartReader(run, caller, ledger)
        self.planned_calls = 0

    # ---- the plan ----------------------------------------------------------------------------
    async def run_plan(self, plan: Plan) -> Partial:
        reporter = self.run.reporter
        self.planned_calls = plan.calls
        if plan.single:
            reporter.total = 1
            reporter.emit(Stage.PLAN, 0, 1)
            done, plan = await self._try_single(plan)
            if done is not None:
                return done
            self.run.warnings.extend(w for w in plan.warnings if w not in self.run.warnings)
        article = plan.article
        if plan.condense:  # a step of its own, counted as the estimate counts it
            reporter.total = reporter.done + 1 + len(plan.chunks) + plan.reduce_calls + plan.sort_calls
            article = await condense(self.run, self.caller, self.ledger, plan)
            reporter.tick(Stage.CONDENSE)
        reporter.total = reporter.done + len(plan.chunks) + plan.reduce_calls + plan.sort_calls
        reporter.emit(Stage.PLAN, reporter.done, reporter.total)
        self._record_parts(plan)
        partials = await self.parts.map_all(plan, article)
        await self.ledger.claim_digest()
        merged = await self._merge(partials, article)
        if self.run.sort and len(partials) > 1:  # every comment into the merged groups
            sorter = Resorter(self.run, self.caller)
            merged = await sorter.sort(plan, article, merged)
            self.run.usage.reduce_calls += sorter.calls
        return merged

    async def _try_single(self, plan: Plan) -> tuple[Partial | None, Plan]:
        """The one call; when its answer or prompt does not fit, the plan in parts to run
        instead (and why, in the progress)."""
        run = self.run
        try:
            return await self._single(plan), plan
        except OutputTruncated:
            # a bigger answer reserve if the window allows it, else smaller parts
            bigger = bigger_reserve(run.budget, plan.prompt_tokens[0])
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
        shown = block(plan.lines, run.form)  # compact: one-word repeats folded (digest/fold.py)
        messages = run.messages("single", article=plan.article, comments=shown.text())
        run.reporter.emit(Stage.WRITE, 0, 1)
        spec = CallSpec(messages, run.answer_schema(), "digest", plan.prompt_tokens[0], stream_summary=True)
        call = run.reporter.track(C.CallStep.WHOLE, C.span(plan.lines, run.thread.site))
        return shown.expand_partial(Partial.from_json(await self.caller(spec, call)))

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
        """The messages of the map call over lines [start, end) and their cache key
        (:meth:`~.mapparts.PartReader.map_request`)."""
        return self.parts.map_request(plan, article, start, end)

    def mark_cached(self, plan: Plan) -> None:
        """Which parts of ``plan`` have a cached partial result."""
        self.parts.mark_cached(plan)

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
                tick=lambda: run.reporter.tick(Stage.REDUCE),
                learn=self._learn_merge,
                slack=TEMPLATE_SLACK,
            )
        )
        merged = await merger.merge(partials, article)
        run.usage.reduce_calls += merger.calls
        return merged

    async def _merge_call(self, request: MergeRequest[T]) -> T:
        self.run.reporter.unplanned()
        call = self.run.reporter.track(C.CallStep.REDUCE, request.covers)
        spec = CallSpec(
            request.messages,
            request.schema,
            request.name,
            max_tokens=request.max_tokens,
            stream_summary=request.top,
        )
        return request.read(await self.caller(spec, call))

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

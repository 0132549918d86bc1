"""Map/reduce over a thread: one call when it fits; otherwise concurrent map calls over
chunks (each comment read exactly once) and hierarchical reduce calls."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..llm.client import LLMClient
from ..llm.errors import ContextExceeded, EndpointError, OutputTruncated
from ..store.cache import Cache
from ..thread.model import Thread
from . import schema as S
from .cachekey import digest_key, partial_key, parts_key, scope_key, thread_hash
from .calibrate import llamacpp_calibrate
from .growth import Growth, covered, growth, previous_digest, since_thread
from .model import Digest, Usage
from .plan import Budget, Plan, greedy, make_plan
from .prompts import (
    prompt_version,
    resolve_language,
    simplified_characters,
    system_prompt,
    template,
)
from .render import clean, render_header, render_lines
from .staged import StagedRun
from .streamtext import SummaryStream
from .tokens import TokenCounter
from .verify import build_digest

MAX_QUOTES_MERGED = 6
BUNDLED_MODEL_NOTE = (
    "made with the bundled SmolLM2-135M, which is far too small for reliable digests (it "
    "scores below a trivial baseline on hand-labelled threads): use a 7B or larger model "
    "(Ollama, LM Studio, a larger GGUF file) or a cloud endpoint for real ones")
#: "single": one call, or map/reduce over parts; "staged": topics → categorize → describe
PIPELINES = ("single", "staged")
#: the answer room of the staged pipeline's topic call (its largest answer)
STAGED_RESERVE = 900


@dataclass
class Progress:
    stage: str  # engine | plan | condense | map | reduce | write | done
    done: int
    total: int
    prompt_tokens: int
    completion_tokens: int
    text: str = ""  # the summary so far, while it streams
    #: while a call waits for its first token: prompt tokens read of ``prompt_size``
    #: (from the server's prompt-progress stream, else estimated from its measured speed)
    prompt_read: int = 0
    prompt_size: int = 0
    read_estimated: bool = False
    waited: float = 0.0  # seconds this call has waited for its first token
    #: why the run makes more calls than planned (a retry, a repair, a re-split)
    note: str = ""


class _Reading:
    """How far one call has got through its prompt before its first answer token."""

    def __init__(self, size: int, speed: float | None):
        self.started = time.monotonic()
        self.size = size
        self.speed = speed  # measured prompt tokens per second, if known
        self.reported: tuple[float, int] | None = None  # (when, tokens) from the server
        self.answering = False

    def report(self, done: int, total: int) -> None:
        self.size = total
        self.reported = (time.monotonic(), done)

    def now(self, exact: bool = False) -> tuple[int, bool]:
        """Tokens read by now, and whether that is an estimate (``exact``: the server's
        last report as it is)."""
        t = time.monotonic()
        if self.reported is not None:
            when, done = self.reported
            if self.speed and done < self.size and not exact:  # between the server's reports
                return min(self.size - 1, done + int(self.speed * (t - when))), True
            return done, False
        if self.speed:
            return min(self.size - 1, int(self.speed * (t - self.started))), True
        return 0, True


ProgressSink = Callable[[Progress], None]


@dataclass(frozen=True)
class CallRecord:
    """One call of a run: its kind, its prompt, and how much of the prompt the server
    really evaluated (llama.cpp skips a prefix it has cached; None when not reported)."""

    name: str  # digest | partial | merged | condensed | topics | labels | summary
    prompt_tokens: int
    evaluated: int | None
    seconds: float


class Summarizer:
    def __init__(
        self,
        thread: Thread,
        client: LLMClient,
        counter: TokenCounter,
        *,
        lang: str = "auto",
        context: int | None = None,
        reserve: int | None = None,
        cache: Cache | None = None,
        use_cache: bool = True,
        progress: ProgressSink | None = None,
        pipeline: str = "single",
        since_floor: int | None = None,
    ):
        """``use_cache``: return the cached digest and reuse cached partial results (False:
        a genuinely new run, whose results replace the cached ones). ``since_floor``: a
        digest of the comments after that floor only ("what's new"; see
        :meth:`growth`), with the article and the original floor numbers."""
        if pipeline not in PIPELINES:
            raise ValueError(f"unknown pipeline {pipeline!r}; use one of {', '.join(PIPELINES)}")
        self.pipeline = pipeline
        self.whole = thread
        self.since_floor = since_floor
        self.thread = thread if since_floor is None else since_thread(thread, since_floor)
        self.client = client
        self.profile = client.profile
        self.counter = counter
        self.lang = resolve_language(lang, thread)
        self.budget = Budget(context or self.profile.effective_context, reserve or 0)
        self._explicit_reserve = reserve or self.profile.output_reserve
        self.set_context(self.budget.context)
        self.cache = cache
        self.use_cache = use_cache
        self.progress = progress or (lambda p: None)
        self.usage = Usage()
        self.call_log: list[CallRecord] = []  # every call of this run, in order
        self.warnings: list[str] = []
        self.bounded = self.profile.kind.local
        self.options: dict[str, Any] = {"lang": self.lang} | (
            {"pipeline": pipeline} if pipeline != "single" else {})
        self.key = digest_key(thread_hash(self.thread), self.profile.identity,
                              self.profile.model_label, prompt_version(), self.options
                              | ({"since": since_floor} if since_floor is not None else {}))
        #: partial results are cached under this and their own content (digest/cachekey.py)
        self.scope = scope_key(self.profile.identity, self.profile.model_label,
                               prompt_version(), self.options)
        self._done = 0
        self._total = 1
        self._stage = "plan"
        self._prepared = False
        self.planned_calls = 0
        self._reused = 0  # parts whose partial result came from the cache
        #: why the run made more calls than planned, in order (shown and kept in meta)
        self.changes: list[str] = []

    # ---- public -------------------------------------------------------------------
    def set_context(self, context: int) -> None:
        """Use this context window; unless the user set a reserve, keep the answer's
        reserve at most a quarter of a small window."""
        self.budget.context = context
        if self._explicit_reserve:
            self.budget.reserve = self._explicit_reserve
        else:
            self.budget.reserve = min(self.profile.kind.output_reserve, max(384, context // 4))

    def plan(self, **kw: Any) -> Plan:
        """The call plan; with the cache in use, it marks the parts whose partial results
        are cached (those calls will not be made: ``plan.calls`` leaves them out)."""
        plan = make_plan(self.thread, self.counter, self.budget, self.lang,
                         hints=self._hints(), **kw)
        if self._reusing() and not plan.single and self.pipeline == "single":
            self._mark_cached(plan)
        return plan

    def _hints(self) -> list[tuple[int, int]] | None:
        """How the last run cut this thread (see :func:`~.plan.pack`), when reusing."""
        if self.cache is None or not self._reusing():
            return None
        doc = self.cache.get_partial(self.scope, parts_key(self.scope, self.thread,
                                                           self.since_floor))
        chunks = doc.get("chunks") if doc else None
        if not isinstance(chunks, list):
            return None
        return [(int(a), int(b)) for a, b in chunks]

    def _record_parts(self, plan: Plan) -> None:
        if self.cache is not None:
            self.cache.put_partial(self.scope, parts_key(self.scope, self.thread, self.since_floor),
                                   {"chunks": [list(c) for c in plan.chunks]})

    def previous(self) -> Digest | None:
        """The latest whole-thread digest of this thread or of an earlier state of it (fewer
        comments, the same before them), made with this endpoint, model and options."""
        if self.cache is None:
            return None
        return previous_digest(self.cache, self.whole, self.profile.identity,
                               self.profile.model_label, self.options)

    def growth(self) -> Growth | None:
        """The comments added since :meth:`previous` was made (``Growth.since``: its
        ``created_at``); pass ``Growth.last_floor`` as ``since_floor`` for a digest of
        them alone. None without a previous digest of this thread."""
        prev = self.previous()
        return None if prev is None else growth(self.whole, prev)

    def cached(self) -> Digest | None:
        if self.cache is None:
            return None
        doc = self.cache.get_digest(self.key)
        if doc is None:
            return None
        digest = Digest.from_json(doc)
        digest.meta["cached"] = True
        return digest

    async def prepare(self, api_key: str | None = None) -> None:
        """Ask llama.cpp servers for their real window and token counts (one cheap
        request each) before planning."""
        if not self.profile.kind.llama_server or self._prepared:
            return
        self._prepared = True
        sample = "\n".join(ln.text for ln in render_lines(self.thread)[:200]) or self.thread.body
        self.counter, n_ctx = await llamacpp_calibrate(self.client, self.counter, sample, api_key)
        if n_ctx and not self.profile.context_window:
            self.set_context(n_ctx)

    async def run(self) -> Digest:
        started = time.monotonic()
        if self.use_cache and (hit := self.cached()) is not None:
            return hit
        await self.prepare(self.client.api_key)
        self.planned_calls = 0
        if self.pipeline == "staged":
            raw = await self._run_staged()
        else:
            plan = self.plan()
            self.warnings.extend(plan.warnings)
            raw = await self._run_plan(plan)
        bound = self._bound()
        if bound is not None:
            summary = str(raw.get("summary", ""))
            raw["summary"] = whole_sentences(summary, bound.summary)
            if raw["summary"] != summary:
                self.warnings.append("the summary reached this model's length limit; it is shown "
                                     "up to its last full sentence")
        zh_simplified = simplified_characters(str(raw.get("summary", ""))) if self.lang == "zh-TW" else 0
        if zh_simplified >= 3:
            self.warnings.append(
                f"the model used {zh_simplified} Simplified Chinese characters in the summary"
            )
        self.warnings.extend(self.thread.warnings)
        if self.profile.bundled_model:
            self.warnings.append(BUNDLED_MODEL_NOTE)
        meta: dict[str, Any] = {
            "endpoint": self.profile.name, "preset": self.profile.preset,
            "base_url": self.profile.base_url, "model": self.profile.model_label,
            "lang": self.lang, "prompt_version": prompt_version(),
            "created_at": time.time(), "seconds": round(time.monotonic() - started, 3),
            "thread": {"title": self.thread.title, "board": self.thread.board,
                       "site": self.thread.site, "format": self.thread.format,
                       "hash": thread_hash(self.thread)},
            "encoding": self.counter.encoding, "pipeline": self.pipeline,
            "planned_calls": self.planned_calls, "changes": list(self.changes),
            "covered": covered(self.whole), "reused_parts": self._reused,
        }
        if self.since_floor is not None:
            meta["new_since"] = {"floor": self.since_floor,
                                 "comments": len(self.thread.comments)}
        digest = build_digest(self.thread, raw, usage=self.usage, meta=meta,
                              warnings=self.warnings)
        if self.cache is not None:
            self.cache.put_digest(self.key, digest.to_json())
        self._emit("done", self._total, self._total)
        return digest

    # ---- stages -------------------------------------------------------------------
    async def _run_staged(self) -> dict[str, Any]:
        async def call(msgs: list[dict[str, str]], schema: dict[str, Any], name: str,
                       max_tokens: int) -> dict[str, Any]:
            return await self._call(msgs, schema, name, None, max_tokens=max_tokens)

        fixed = self.counter.count(system_prompt(self.lang)) + self.counter.count(
            template("topics").template) + 16
        run = StagedRun(self.thread, self.lang, self.counter,
                        self.budget.context - STAGED_RESERVE - fixed - 64, call,
                        lambda stage: self._tick(stage), self.warnings)
        self._total = self.planned_calls = StagedRun.calls_for(len(run.lines))
        self._emit("plan", 0, self._total)
        return await run.run()

    async def _run_plan(self, plan: Plan) -> dict[str, Any]:
        self.planned_calls = plan.calls
        if plan.single:
            self._total = 1
            self._emit("plan", 0, 1)
            try:
                return await self._single(plan)
            except OutputTruncated:
                # a bigger answer reserve if the window allows it, else smaller parts
                bigger = self.budget.reserve * 2
                if plan.prompt_tokens[0] + bigger + 64 <= self.budget.context:
                    self.budget.reserve = bigger
                    self._explicit_reserve = bigger
                    self._change("the answer reached its length limit: asking again with room "
                                 "for a longer one")
                    try:
                        return await self._single(plan)
                    except OutputTruncated:
                        pass
                plan = self.plan(force_chunked=True, min_chunks=2)
                self._change(f"the answer reached its length limit: reading the thread in "
                             f"{len(plan.chunks)} parts instead")
            except ContextExceeded as e:
                self._learn(e)
                plan = self.plan(force_chunked=True, shrink=0.7)
                self._change(f"the prompt did not fit the model's context window: reading the "
                             f"thread in {len(plan.chunks)} parts instead")
            self.warnings.extend(w for w in plan.warnings if w not in self.warnings)
        article = plan.article
        if plan.condense:  # a step of its own, counted as the estimate counts it
            self._total = self._done + 1 + len(plan.chunks) + plan.reduce_calls
            article = await self._condense(plan)
            self._tick("condense")
        self._total = self._done + len(plan.chunks) + plan.reduce_calls
        self._emit("plan", self._done, self._total)
        self._record_parts(plan)
        partials = await self._map_all(plan, article)
        return await self._reduce(partials, article)

    async def _single(self, plan: Plan) -> dict[str, Any]:
        comments = "\n".join(ln.text for ln in plan.lines)
        msgs = self._messages("single", article=plan.article, comments=comments)
        self._emit("write", 0, 1)
        return await self._call(msgs, S.partial_schema(self._bound()), "digest",
                                plan.prompt_tokens[0], stream_summary=True)

    def _condense_request(self, plan: Plan) -> tuple[list[dict[str, str]], int, str, str]:
        """The condensation's messages, its answer limit, the article's head (what the
        parts are given when the model cannot condense it) and a warning ("" if none)."""
        limit_tokens = int(plan.budget.data_tokens(plan.fixed_tokens) * 0.2)
        article = plan.article
        room = plan.budget.context - plan.budget.reserve - plan.fixed_tokens - 64
        warning = ""
        if plan.article_tokens > room:
            keep = int(len(article) * room / plan.article_tokens * 0.9)
            article = article[:keep]
            warning = ("the article is longer than this model's context window; only its "
                       f"first {keep} characters were condensed")
        msgs = [
            {"role": "system", "content": system_prompt(self.lang)},
            {"role": "user", "content": template("condense").substitute(
                article=article, limit=str(max(60, int(limit_tokens * 0.6))))},
        ]
        return msgs, limit_tokens, article[: max(200, limit_tokens)], warning

    async def _condense(self, plan: Plan) -> str:
        self._emit("condense", 0, 1)
        msgs, limit_tokens, head, warning = self._condense_request(plan)
        if warning:
            self.warnings.append(warning)
        shape = limit_tokens // 3 if self.bounded else 0
        ckey = partial_key(self.scope, msgs, ["condense", shape])
        hit = self._cached_partial(ckey)
        if hit is not None and isinstance(hit.get("condensed"), str):
            data = hit
        else:
            try:
                data = await self._call(msgs, S.condense_schema(shape), "condensed", None)
            except OutputTruncated:
                self.warnings.append(
                    "the model could not condense the article; the calls over parts of the "
                    "thread were given its beginning only"
                )
                return head
            if self.cache is not None and str(data.get("condensed", "")).strip():
                self.cache.put_partial(self.scope, ckey, data)
        text = str(data.get("condensed", "")).strip()
        self.warnings.append("the article was condensed once for the calls over parts of the thread")
        return text or head

    def _cached_partial(self, ckey: str) -> dict[str, Any] | None:
        if self.cache is None or not self._reusing():
            return None
        return self.cache.get_partial(self.scope, ckey)

    def _reusing(self) -> bool:
        """Whether cached partial results may be used (not for "summarize again")."""
        return self.cache is not None and self.use_cache

    def _map_request(self, plan: Plan, article: str, a: int, b: int) -> tuple[
            list[dict[str, str]], str]:
        """The messages of the map call over lines [a, b) and their cache key: nothing in
        them depends on the rest of the thread (not the number of parts), so the key of a
        part stays the same when the thread grows."""
        lines = plan.lines[a:b]
        floors = [ln.first for ln in lines if ln.first] or [0]
        last = max(ln.last for ln in lines) if lines else 0
        msgs = self._messages("map", article=article, comments="\n".join(ln.text for ln in lines),
                              first=str(min(floors)), last=str(last))
        return msgs, partial_key(self.scope, msgs, ["map", self._bound()])

    def _mark_cached(self, plan: Plan) -> None:
        """Which parts of ``plan`` have a cached partial result (none when the article is
        condensed and its condensation is not cached: the parts' prompts are unknown)."""
        assert self.cache is not None
        article = plan.article
        if plan.condense:
            msgs, limit_tokens, _, _ = self._condense_request(plan)
            shape = limit_tokens // 3 if self.bounded else 0
            hit = self.cache.get_partial(self.scope, partial_key(self.scope, msgs,
                                                                 ["condense", shape]))
            text = str(hit.get("condensed", "")).strip() if hit else ""
            if not text:
                plan.cached = [False] * len(plan.chunks)
                return
            plan.condense_cached, article = True, text
        plan.cached = [self.cache.has_partial(self.scope, self._map_request(plan, article, a, b)[1])
                       for a, b in plan.chunks]

    async def _map_all(self, plan: Plan, article: str) -> list[dict[str, Any]]:
        sem = asyncio.Semaphore(self.profile.effective_concurrency)
        chunks = list(plan.chunks)
        results: list[dict[str, Any] | None] = [None] * len(chunks)

        async def one(i: int, a: int, b: int) -> None:
            results[i] = await self._map_chunk(plan, article, a, b, i, sem)

        await asyncio.gather(*(one(i, a, b) for i, (a, b) in enumerate(chunks)))
        return [r for r in results if r is not None]

    async def _map_chunk(
        self, plan: Plan, article: str, a: int, b: int, index: int, sem: asyncio.Semaphore,
    ) -> dict[str, Any]:
        lines = plan.lines[a:b]
        msgs, ckey = self._map_request(plan, article, a, b)
        if (hit := self._cached_partial(ckey)) is not None:
            self._reused += 1
            self._tick("map")
            return hit
        expected = plan.prompt_tokens[index] if index < len(plan.prompt_tokens) else None
        try:
            async with sem:
                data = await self._call(msgs, S.partial_schema(self._bound()), "partial", expected)
        except (ContextExceeded, OutputTruncated) as e:
            if b - a <= 1:
                return await self._map_one_line(msgs, expected, lines[0].first, e)
            self._learn(e)
            mid = (a + b) // 2
            self._total += 1
            self._change(f"part {index + 1} was too long for one answer: split in two")
            left = await self._map_chunk(plan, article, a, mid, index, sem)
            right = await self._map_chunk(plan, article, mid, b, index, sem)
            data = _concat_partials(left, right)
            if self.cache is not None:  # the next run reuses the whole part at once
                self.cache.put_partial(self.scope, ckey, data)
            return data
        self.usage.map_calls += 1
        if self.cache is not None:
            self.cache.put_partial(self.scope, ckey, data)
        self._tick("map")
        return data

    async def _map_one_line(
        self, msgs: list[dict[str, str]], expected: int | None, floor: int, e: EndpointError
    ) -> dict[str, Any]:
        """A part of one comment that failed cannot be split: try once with a bigger
        answer reserve, else say which comment is too long for this model."""
        bigger = self.budget.reserve * 2
        if isinstance(e, OutputTruncated) and (expected or 0) + bigger + 64 <= self.budget.context:
            try:
                data = await self._call(msgs, S.partial_schema(self._bound()), "partial", expected,
                                        max_tokens=bigger)
            except (ContextExceeded, OutputTruncated):
                pass
            else:
                self.usage.map_calls += 1
                self._tick("map")
                return data
        raise EndpointError(
            "context_exceeded",
            f"comment {floor} alone does not fit in the model's context window with room for "
            "an answer: choose a model with a larger context",
        ) from None

    async def _reduce(self, partials: list[dict[str, Any]], article: str) -> dict[str, Any]:
        level = partials
        while len(level) > 1:
            items, blocks = _label(level)
            fixed = self.counter.count(system_prompt(self.lang)) + self.counter.count(
                template("reduce").safe_substitute(header=render_header(self.thread), article="",
                                                  partials="")) + 8
            budget = self.budget.data_tokens(fixed) - self.counter.count(article)
            batches = greedy([self.counter.count(b) for b in blocks], max(budget, 200))
            if all(b - a == 1 for a, b in batches):
                self.warnings.append("the partial results are too large to merge in this model's "
                                     "context window; they are listed side by side")
                return _concat_all(level)
            top = len(batches) == 1
            merged: list[dict[str, Any]] = []
            restart = False
            for a, b in batches:
                if b - a == 1:
                    merged.append(level[a])
                    continue
                sub_items = {k: v for k, v in items.items() if a <= v["part"] < b}
                msgs = self._messages("reduce", article=article, partials="\n".join(blocks[a:b]))
                schema = S.reduce_schema(self._bound(), max_sources=len(sub_items))
                try:
                    data = await self._call(msgs, schema, "merged", None, stream_summary=top)
                except (ContextExceeded, OutputTruncated) as e:
                    if self.budget.context > 1024 and not self.bounded:
                        self._learn(e)
                        self.budget.context = max(1024, int(self.budget.context * 0.8))
                        self._change("the merge did not fit: merging in smaller batches")
                        restart = True
                        break
                    self.warnings.append("the model could not merge some partial results; they "
                                         "are listed side by side")
                    merged.append(_concat_all(level[a:b]))
                    self._tick("reduce")
                    continue
                self.usage.reduce_calls += 1
                merged.append(_materialize(data, sub_items, self.warnings))
                self._tick("reduce")
            if restart:
                continue
            if len(merged) >= len(level):  # no progress: stop rather than loop
                return _concat_all(merged)
            level = merged
        return level[0]

    # ---- plumbing -----------------------------------------------------------------
    def _bound(self) -> S.Limits | None:
        return S.limits_for(self.budget.reserve) if self.bounded else None

    def _messages(self, kind: str, **values: str) -> list[dict[str, str]]:
        user = template(kind).substitute(header=render_header(self.thread), **values)
        return [{"role": "system", "content": system_prompt(self.lang)},
                {"role": "user", "content": user}]

    async def _call(
        self,
        messages: list[dict[str, str]],
        schema: dict[str, Any],
        name: str,
        expected: int | None,
        *,
        stream_summary: bool = False,
        max_tokens: int | None = None,
    ) -> dict[str, Any]:
        if expected is None:
            expected = sum(self.counter.count(m["content"]) for m in messages) + 8
        summary = SummaryStream()  # the summary so far, parsed once per character
        speed = self.client.caps.get(self.client.caps_key).get("prefill_per_second")
        reading = _Reading(expected, speed if isinstance(speed, float) and speed > 0 else None)

        def sink(piece: str) -> None:
            reading.answering = True
            if summary.complete or not stream_summary:
                return
            text, _ = summary.feed(piece)
            if text:
                self._emit("write", self._done, self._total, text)

        def prefill(done: int, total: int) -> None:
            reading.report(done, total)
            self._emit_reading(reading, exact=True)

        def event(what: str) -> None:
            if what == "repair":
                self._change("the answer was not valid JSON: asked the model to correct it")
            else:
                self._change(f"the endpoint failed ({what.partition(': ')[2]}): trying again")
            reading.answering = False
            reading.started, reading.reported = time.monotonic(), None

        ticker = asyncio.ensure_future(self._watch_reading(reading))
        try:
            result = await self.client.complete_json(
                messages, schema_name=name, schema=schema,
                validate=lambda d: S.validate(d, schema),
                max_tokens=max_tokens or self.budget.reserve,
                on_text=sink, on_prefill=prefill, on_event=event,
            )
        except (OutputTruncated, ContextExceeded) as e:  # a request made all the same
            answered = e.completion_tokens if isinstance(e, OutputTruncated) else 0
            self.usage.add(expected, answered or 0, 1)
            self.call_log.append(CallRecord(name, expected, None,
                                            time.monotonic() - reading.started))
            raise
        finally:
            ticker.cancel()
        prompt = result.prompt_tokens
        if prompt is not None:
            self._calibrate(prompt, expected)
        completion = result.completion_tokens
        if prompt is None or completion is None:
            self.usage.estimated = True
        self.usage.add(prompt if prompt is not None else expected,
                       completion if completion is not None else self.counter.count(result.text),
                       result.calls)
        self.call_log.append(CallRecord(name, prompt if prompt is not None else expected,
                                        result.prompt_evaluated, result.seconds))
        data: dict[str, Any] = result.data
        return data

    def _calibrate(self, reported: int, expected: int) -> None:
        """Compare the server's prompt count with our estimate: learn the endpoint's
        tokenizer factor, and catch servers that silently cut prompts (Ollama)."""
        raw = expected / self.counter.factor
        if raw < 64:
            return
        if self.profile.kind.truncates_silently and raw > 512 and reported < 0.5 * raw:
            raise ContextExceeded(
                f"{self.profile.kind.label} read only {reported} of about {int(raw)} prompt "
                "tokens: it silently cut the prompt to fit its context window",
                n_ctx=max(reported, 1024),
            )
        key = self.client.caps_key
        prev = self.client.caps.get(key).get("tokenizer_factor")
        measured = reported / raw * 1.02
        new = measured if not isinstance(prev, float) else 0.7 * prev + 0.3 * measured
        self.client.caps.update(key, tokenizer_factor=round(new, 4))

    def _learn(self, e: EndpointError) -> None:
        if e.n_ctx and e.n_ctx < self.budget.context:
            self.set_context(e.n_ctx)

    def _tick(self, stage: str) -> None:
        self._done += 1
        self._emit(stage, self._done, self._total)

    def _emit(self, stage: str, done: int, total: int, text: str = "") -> None:
        self._stage = stage
        self.progress(Progress(stage, min(done, total), total, self.usage.prompt_tokens,
                               self.usage.completion_tokens, text,
                               note=self.changes[-1] if self.changes else ""))

    def _change(self, why: str) -> None:
        """The run makes more (or other) calls than planned: say why."""
        self.changes.append(why)
        self._emit(self._stage, self._done, self._total)

    def _emit_reading(self, reading: _Reading, exact: bool = False) -> None:
        done, estimated = reading.now(exact)
        self.progress(Progress(
            self._stage, min(self._done, self._total), self._total, self.usage.prompt_tokens,
            self.usage.completion_tokens, prompt_read=done, prompt_size=reading.size,
            read_estimated=estimated, waited=time.monotonic() - reading.started,
            note=self.changes[-1] if self.changes else ""))

    async def _watch_reading(self, reading: _Reading, every: float = 1.0) -> None:
        """Once a second until the first answer token: how far the prompt has been read."""
        while True:
            await asyncio.sleep(every)
            if not reading.answering:
                self._emit_reading(reading)


_SENTENCE_END_RE = re.compile(r"[。！？!?…](?:[」』”\"'）)]*)|[.](?:[\"')]*)(?=\s|$)")


def whole_sentences(text: str, limit: int) -> str:
    """A summary that a grammar's length ``limit`` cut mid-sentence, up to its last full
    sentence (kept whole when that would drop more than 60 % of it)."""
    text = text.rstrip()
    if len(text) < 0.9 * limit:
        return text
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(text)]
    if not ends or ends[-1] == len(text) or ends[-1] < 0.4 * len(text):
        return text
    return text[: ends[-1]]


def _concat_all(parts: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"summary": "", "viewpoints": [], "off_topic": []}
    for p in parts:
        out = _concat_partials(out, p)
    return out


def _concat_partials(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    return {
        "summary": f"{a.get('summary', '')} {b.get('summary', '')}".strip(),
        "viewpoints": [*a.get("viewpoints", []), *b.get("viewpoints", [])],
        "off_topic": [*a.get("off_topic", []), *b.get("off_topic", [])],
    }


def _label(level: list[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Give every partial viewpoint (V…) and digression (D…) an id; one text block per
    partial result."""
    items: dict[str, dict[str, Any]] = {}
    blocks: list[str] = []
    counters = {"v": 0, "d": 0}
    kinds = (("viewpoints", "v", "V", "statement"), ("off_topic", "d", "D", "description"))
    for i, p in enumerate(level):
        lines = [f"Part {i + 1}: {clean(str(p.get('summary', '')))}"]
        for key, kind, prefix, text in kinds:
            for x in p.get(key, []):
                counters[kind] += 1
                xid = f"{prefix}{counters[kind]}"
                items[xid] = {"kind": kind, "part": i, **x}
                # model text goes back into a prompt: neutralised like comment text
                lines.append(f"{xid} [{len(x.get('floors', []))}] {clean(str(x.get('title', '')))}"
                             f" — {clean(str(x.get(text, '')))}")
        blocks.append("\n".join(lines))
    return items, blocks


def _materialize(
    data: dict[str, Any], items: dict[str, dict[str, Any]], warnings: list[str]
) -> dict[str, Any]:
    """Replace ``sources`` by the union of the partial items' floors and quotes; keep
    partial items the model left out, so that nothing is dropped silently."""
    used: set[str] = set()

    def merge(group: dict[str, Any], kind: str) -> dict[str, Any]:
        floors: list[int] = []
        quotes: list[dict[str, Any]] = []
        seen_floors: set[Any] = set()
        seen_quotes: set[str] = set()
        for sid in group.get("sources", []):
            src = items.get(str(sid).strip())
            if src is None or src["kind"] != kind or sid in used:
                continue
            used.add(sid)
            for f in src.get("floors", []):  # sets: thousands of floors must not go quadratic
                if f not in seen_floors:
                    seen_floors.add(f)
                    floors.append(f)
            for q in src.get("quotes", []):
                key = repr(sorted(q.items())) if isinstance(q, dict) else repr(q)
                if key not in seen_quotes:
                    seen_quotes.add(key)
                    quotes.append(q)
        out = {"title": group.get("title", ""), "floors": floors}
        if kind == "v":
            out |= {"statement": group.get("statement", ""), "quotes": quotes[:MAX_QUOTES_MERGED]}
        else:
            out["description"] = group.get("description", "")
        return out

    viewpoints = [merge(v, "v") for v in data.get("viewpoints", [])]
    off_topic = [merge(d, "d") for d in data.get("off_topic", [])]
    left = [k for k in items if k not in used]
    for k in left:
        src = items[k]
        if src["kind"] == "v":
            viewpoints.append({key: src.get(key, []) for key in ("title", "statement", "floors",
                                                                   "quotes")})
        else:
            off_topic.append({key: src.get(key, []) for key in ("title", "description", "floors")})
    if left:
        warnings.append(
            f"{len(left)} partial result(s) were not merged by the model and are listed as they are"
        )
    return {"summary": data.get("summary", ""),
            "viewpoints": [v for v in viewpoints if v["floors"]],
            "off_topic": [d for d in off_topic if d["floors"]]}

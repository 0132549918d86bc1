"""A summarize run: the cached digest, or one made now by a strategy (digest/mapreduce.py:
one call, or map/reduce over parts; digest/staged.py: topics → categorize → describe)
from the calls of digest/caller.py, with the parts other runs left in the cache or make
meanwhile (digest/ledger.py), and its progress (digest/progress.py). Runs in several
processes share the parts through the cache (digest/claims.py), and a digest finished
over several runs counts what every part cost."""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import replace
from typing import Any

from ..llm.chat import ChatClient
from ..llm.hardware import Machine
from ..llm.profiles import EndpointProfile
from ..llm.server_window import WindowSource, server_window
from ..messages import Message, Text, msg
from ..store.cache import Cache
from ..thread.model import Thread
from . import calls as C
from .assemble import build_digest
from .budget import Budget
from .cachekey import Options, digest_key, parts_key, scope_key, thread_hash
from .calibrate import llamacpp_calibrate
from .caller import Caller, CallSpec
from .claims import DIGEST
from .condense import TEMPLATE_SLACK
from .context import RunContext
from .forms import DEFAULT_FORM, FORMS, form_version
from .growth import Growth, covered, growth, previous_digest, since_thread
from .ledger import Finished, Ledger
from .mapreduce import MapReduce
from .meta import DigestMeta, NewSince, ThreadInfo
from .model import STALE_INVALID_NOTE, Digest, Usage
from .partial import Partial
from .plan import Plan, make_plan
from .progress import CallRecord, Progress, ProgressSink, Reporter
from .prompts import prompt_version, resolve_language, simplified_characters, system_prompt, template
from .render import render_lines
from .stage import Stage
from .staged import StagedRun
from .tokens import TokenCounter
from .windowfit import short_window_note, window_need

BUNDLED_MODEL_NOTE = msg(
    "made with the bundled SmolLM2-135M, which is far too small for reliable digests (it "
    "scores below a trivial baseline on hand-labelled threads): use a 7B or larger model "
    "(Ollama, LM Studio, a larger GGUF file) or a cloud endpoint for real ones"
)
#: "single": one call, or map/reduce over parts, then every comment sorted into the merged
#: groups (not on the built-in engine); "merge": the same without the sort (the parts'
#: groups joined whole: one call per part fewer); "staged": topics → categorize → describe
PIPELINES = ("single", "merge", "staged")
#: the answer room of the staged pipeline's topic call (its largest answer)
STAGED_RESERVE = 900

__all__ = ["DIGEST", "PIPELINES", "CallRecord", "Progress", "ProgressSink", "Summarizer", "whole_sentences"]


class Summarizer:
    def __init__(
        self,
        thread: Thread,
        client: ChatClient | None,
        counter: TokenCounter,
        *,
        profile: EndpointProfile | None = None,
        lang: str = "auto",
        context: int | None = None,
        reserve: int | None = None,
        cache: Cache | None = None,
        use_cache: bool = True,
        progress: ProgressSink | None = None,
        pipeline: str = "single",
        since_floor: int | None = None,
        limiter: asyncio.Semaphore | None = None,
        form: str = DEFAULT_FORM,
    ):
        """``use_cache``: return the cached digest and reuse cached partial results (False:
        a genuinely new run, whose results replace the cached ones). ``since_floor``: a
        digest of the comments after that floor only ("what's new"; see :meth:`growth`),
        with the article and the original floor numbers. ``limiter``: a semaphore every
        request of this run holds, shared by a batch's runs to keep within the endpoint's
        concurrency. Without a ``client`` (``profile`` then says which endpoint and model)
        it plans, estimates and looks up the cache, and makes no request."""
        if pipeline not in PIPELINES:
            raise ValueError(f"unknown pipeline {pipeline!r}; use one of {', '.join(PIPELINES)}")
        if form not in FORMS:
            raise ValueError(f"unknown answer form {form!r}; use one of {', '.join(FORMS)}")
        if client is not None:
            profile = client.profile
        elif profile is None:
            raise ValueError("a Summarizer needs a client or a profile")
        self.pipeline = pipeline
        self.whole = thread
        self.since_floor = since_floor
        self.cache = cache
        self.use_cache = use_cache
        part = thread if since_floor is None else since_thread(thread, since_floor)
        lang = resolve_language(lang, thread)
        usage = Usage()
        self.reporter = Reporter(progress or (lambda _progress: None), usage, lambda: self.counter.factor)
        self.ctx = RunContext(
            part,
            profile,
            counter,
            Budget(context or profile.effective_context, reserve or 0),
            lang,
            self.reporter,
            usage,
            client,
            limiter,
            explicit_reserve=reserve or profile.output_reserve or 0,
            form=form,
            # the built-in engine runs small models on this computer's CPU: reading every
            # part again costs minutes there, and such models gain nothing measurable
            sort=pipeline == "single" and not profile.kind.engine,
        )
        self.ctx.set_context(self.ctx.budget.context)
        self.options = _options(lang, pipeline, form)
        #: the prompts' version, and the compact form's revision (digest/forms.py)
        self.version = form_version(prompt_version(), form if pipeline != "staged" else "rich")
        self.key = digest_key(
            thread_hash(part),
            profile.identity,
            profile.model_label,
            self.version,
            self.options | ({"since": since_floor} if since_floor is not None else {}),
        )
        #: partial results are cached under this and their own content (digest/cachekey.py)
        self.scope = scope_key(profile.identity, profile.model_label, self.version, self.options)
        self._prepared = False
        self.caller = Caller(self.ctx)
        self.ledger = Ledger(
            self.ctx, cache, self.scope, use_cache=use_cache, digest_key=self.key, cached_digest=self.cached
        )
        self.strategy = MapReduce(self.ctx, self.caller, self.ledger, self.plan)
        self.strategy.parts_key = parts_key(self.scope, part, since_floor)
        self.planned_calls = 0

    # ---- what the parts share, under the names callers know ------------------------------------
    @property
    def client(self) -> ChatClient:
        return self.ctx.client

    @property
    def thread(self) -> Thread:
        return self.ctx.thread

    @property
    def profile(self) -> EndpointProfile:
        return self.ctx.profile

    @property
    def counter(self) -> TokenCounter:
        return self.ctx.counter

    @counter.setter
    def counter(self, counter: TokenCounter) -> None:
        self.ctx.counter = counter

    @property
    def budget(self) -> Budget:
        return self.ctx.budget

    @property
    def lang(self) -> str:
        return self.ctx.lang

    @property
    def usage(self) -> Usage:
        return self.ctx.usage

    @property
    def warnings(self) -> list[Text]:
        return self.ctx.warnings

    @property
    def call_log(self) -> list[CallRecord]:
        return self.ctx.call_log

    @property
    def changes(self) -> list[Message]:
        """Why the run made more calls than planned, in order."""
        return self.reporter.changes

    @property
    def progress(self) -> ProgressSink:
        return self.reporter.sink

    @progress.setter
    def progress(self, sink: ProgressSink) -> None:
        self.reporter.sink = sink

    @property
    def calls(self) -> list[C.CallState]:
        """Every call of this run so far, in order, as it stands."""
        return self.reporter.calls

    # ---- planning and the cache -------------------------------------------------------------
    def set_context(self, context: int) -> None:
        """Use this context window (the answer's reserve follows, unless set)."""
        self.ctx.set_context(context)

    def plan(self, **plan_options: Any) -> Plan:
        """The call plan of this run's strategy; with the cache in use, it marks the parts
        whose partial results are cached (those calls will not be made: ``plan.calls``
        leaves them out)."""
        ctx = self.ctx
        plan = make_plan(ctx.thread, ctx.counter, ctx.budget, ctx.lang, hints=self._hints(), **plan_options)
        if self.pipeline == "staged":
            lines = sum(1 for line in render_lines(ctx.thread) if line.first)
            plan.fixed_calls = StagedRun.calls_for(lines)
        else:
            if self.ledger.reusing and not plan.single:
                self.strategy.mark_cached(plan)
            if self.ctx.sort and len(plan.chunks) > 1:
                plan.sort_calls = len(plan.chunks)
        return plan

    def _hints(self) -> list[tuple[int, int]] | None:
        """How the last run cut this thread (see :func:`~.packing.pack`), when reusing."""
        key = self.strategy.parts_key
        if self.cache is None or not self.ledger.reusing or key is None:
            return None
        doc = self.cache.get_partial(self.scope, key)
        chunks = doc.get("chunks") if doc else None
        if not isinstance(chunks, list):
            return None
        try:
            return [(int(start), int(end)) for start, end in chunks]
        except (TypeError, ValueError):  # a damaged row: no hints, the thread is cut anew
            return None

    def previous(self) -> Digest | None:
        """The latest whole-thread digest of this thread or of an earlier state of it (fewer
        comments, the same before them), made with this endpoint, model and options."""
        if self.cache is None:
            return None
        return previous_digest(
            self.cache, self.whole, self.profile.identity, self.profile.model_label, self.options
        )

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
        if digest.verification.all_invalid:  # marked: made again, its parts asked again too
            self.use_cache = self.ledger.use_cache = False
            if STALE_INVALID_NOTE not in self.warnings:
                self.warnings.append(STALE_INVALID_NOTE)
            return None
        digest.meta.cached = True
        return digest

    async def prepare(self, api_key: str | None = None, *, machine: Machine | None = None) -> None:
        """Before planning, ask a local server for the window it really runs the model at
        (llm/server_window.py; ``machine``: this computer, for the memory a larger window
        takes) and llama.cpp for its token counts (one cheap request each). On Ollama the
        run gets the window the thread needs, up to what the model and the memory allow,
        through the native API; a thread read in parts for want of it says why."""
        if not self.profile.kind.local or self._prepared:
            return
        self._prepared = True
        if self.profile.kind.llama_server:
            sample = "\n".join(line.text for line in render_lines(self.thread)[:200]) or self.thread.body
            self.counter, _ = await llamacpp_calibrate(self.client, self.counter, sample, api_key)
        profile = self.client.profile
        if self.budget.context != profile.effective_context:  # the caller chose the window
            profile = replace(profile, context_window=self.budget.context)
        found = await server_window(profile, api_key, machine=machine)
        if found.source != WindowSource.PRESET:
            self.set_context(max(found.window, found.allowed or 0, found.trained or 0))
        staged = self.pipeline == "staged"
        need = window_need(
            self.thread, self.counter, self.budget, self.lang, slack=TEMPLATE_SLACK, staged=staged
        )
        found = self.client.fit_window(found, need)
        if found.source != WindowSource.PRESET:
            self.set_context(found.window)
        note = short_window_note(found, need)
        if note is not None:
            self.warnings.append(note)

    # ---- the run --------------------------------------------------------------------------------
    async def run(self) -> Digest:
        """The digest: the cached one, or one made now from the parts earlier runs left
        in the cache, those another Threadgist run makes meanwhile (digest/claims.py) and
        this run's calls."""
        try:
            return await self._run_once()
        except Finished as other:  # another run finished this digest meanwhile
            self.reporter.emit(Stage.DONE, self.reporter.total, self.reporter.total)
            return other.digest
        finally:
            self.ledger.release_all()

    async def _run_once(self) -> Digest:
        started = time.monotonic()
        if self.use_cache and (hit := self.cached()) is not None:
            return hit
        await self.prepare(self.client.api_key)
        if self.pipeline == "staged":
            raw = await self._run_staged()
        else:
            plan = self.plan()
            self.warnings.extend(plan.warnings)
            try:
                raw = await self.strategy.run_plan(plan)
            finally:
                self.planned_calls = self.strategy.planned_calls
        self._check_summary(raw)
        self.warnings.extend(self.thread.warnings)
        if self.profile.bundled_model:
            self.warnings.append(BUNDLED_MODEL_NOTE)
        digest = build_digest(
            self.thread,
            raw,
            usage=self.ledger.digest_usage(),
            meta=self._meta(started),
            warnings=self.warnings,
            pick_quotes=self.ctx.form == "compact",
        )
        if self.cache is not None:
            self.cache.put_digest(self.key, digest.to_json())
        self.reporter.emit(Stage.DONE, self.reporter.total, self.reporter.total)
        return digest

    def _check_summary(self, raw: Partial) -> None:
        """A summary a small model's length limit cut ends at its last full sentence; a
        zh-TW summary in Simplified characters is flagged."""
        bound = self.ctx.limits()
        if bound is not None:
            summary = raw.summary
            raw.summary = whole_sentences(summary, bound.summary)
            if raw.summary != summary:
                self.warnings.append(
                    msg(
                        "the summary reached this model's length limit; it is "
                        "shown up to its last full sentence"
                    )
                )
        zh_simplified = simplified_characters(raw.summary) if self.lang == "zh-TW" else 0
        if zh_simplified >= 3:
            self.warnings.append(
                msg(
                    "the model used {count} Simplified Chinese characters in the summary", count=zh_simplified
                )
            )

    def _meta(self, started: float) -> DigestMeta:
        thread = self.thread
        return DigestMeta(
            endpoint=self.profile.name,
            preset=self.profile.preset,
            base_url=self.profile.base_url,
            model=self.profile.model_label,
            lang=self.lang,
            prompt_version=self.version,
            created_at=time.time(),
            seconds=round(time.monotonic() - started, 3),
            thread=ThreadInfo(
                thread.title, thread.board or "", thread.site, thread.format, thread_hash(thread)
            ),
            encoding=self.counter.encoding,
            pipeline=self.pipeline,
            form=self.ctx.form if self.pipeline != "staged" else "rich",
            planned_calls=self.planned_calls,
            changes=[str(change) for change in self.changes],
            covered=covered(self.whole),
            reused_parts=self.ledger.reused,
            new_since=(
                NewSince(self.since_floor, len(thread.comments)) if self.since_floor is not None else None
            ),
        )

    async def _run_staged(self) -> Partial:
        async def call(
            messages: list[dict[str, str]],
            schema: dict[str, Any],
            name: str,
            max_tokens: int,
            step: C.CallStep,
            covers: Message,
        ) -> dict[str, Any]:
            spec = CallSpec(messages, schema, name, max_tokens=max_tokens)
            return await self.caller(spec, self.reporter.track(step, covers))

        await self.ledger.claim_digest()
        fixed = (
            self.counter.count(system_prompt(self.lang))
            + self.counter.count(template("topics").template)
            + 16
        )
        run = StagedRun(
            self.thread,
            self.lang,
            self.counter,
            self.budget.context - STAGED_RESERVE - fixed - TEMPLATE_SLACK,
            call,
            self.reporter.tick,
            self.warnings,
        )
        self.reporter.total = self.planned_calls = StagedRun.calls_for(len(run.lines))
        self.reporter.emit(Stage.PLAN, 0, self.reporter.total)
        return await run.run()

    # ---- kept for tests and benchmarks that build prompts the way a run does ----------------------
    def _messages(self, kind: str, **values: str) -> list[dict[str, str]]:
        return self.ctx.messages(kind, **values)

    def _map_request(
        self, plan: Plan, article: str, start: int, end: int
    ) -> tuple[list[dict[str, str]], str]:
        return self.strategy.map_request(plan, article, start, end)


_SENTENCE_END_RE = re.compile(r"[。！？!?…](?:[」』”\"'）)]*)|[.](?:[\"')]*)(?=\s|$)")


def whole_sentences(text: str, limit: int) -> str:
    """A summary that a grammar's length ``limit`` cut mid-sentence, up to its last full
    sentence (kept whole when that would drop more than 60 % of it)."""
    text = text.rstrip()
    if len(text) < 0.9 * limit:
        return text
    ends = [match.end() for match in _SENTENCE_END_RE.finditer(text)]
    if not ends or ends[-1] == len(text) or ends[-1] < 0.4 * len(text):
        return text
    return text[: ends[-1]]


def _options(lang: str, pipeline: str, form: str) -> Options:
    """The run's options as its cache keys hold them (the defaults left out, so that the
    keys of digests made before an option existed stay the same)."""
    options: Options = {"lang": lang}
    if pipeline != "single":
        options["pipeline"] = pipeline
    if form != "rich":
        options["form"] = form
    return options

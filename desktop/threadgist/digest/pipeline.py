"""Map/reduce over a thread: one call when it fits; otherwise concurrent map calls over
chunks (each comment read exactly once) and hierarchical reduce calls. Runs in several
processes share the parts through the cache (digest/claims.py), and a digest finished
over several runs counts what every part cost."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from ..llm.client import LLMClient
from ..llm.errors import (
    CONTEXT,
    RATE_LIMIT,
    SERVER,
    TIMEOUT,
    UNREACHABLE,
    ContextExceeded,
    EndpointError,
    ErrorKind,
    OutputTruncated,
)
from ..llm.hardware import Machine
from ..llm.profiles import EndpointProfile
from ..llm.server_window import WindowSource, server_window
from ..llm.truncation import cut_window
from ..messages import Message, Text, msg
from ..store.cache import Cache, PartialCost
from ..thread.model import Thread
from . import calls as C
from . import schema as S
from .assemble import build_digest
from .cachekey import Options, digest_key, partial_key, parts_key, scope_key, thread_hash
from .calibrate import llamacpp_calibrate
from .claims import DIGEST, Claims, lease_for
from .growth import Growth, covered, growth, previous_digest, since_thread
from .model import Digest, DigestMeta, NewSince, ThreadInfo, Usage
from .partial import Cited, Group, JsonDoc, Kind, MergeAnswer, MergeGroup, Partial
from .plan import Budget, Plan, fixed_prompt_tokens, greedy, make_plan
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
from .windowfit import short_window_note, use_window, window_need

MAX_QUOTES_MERGED = 6
#: tokens a chat template adds around the messages that a count of their text leaves out
#: (role markers, BOS, a generation prompt): kept free when a prompt must fit the window
TEMPLATE_SLACK = 64
#: a prompt the server said did not fit: the parts are planned at this share of the room
#: the estimate gave them (the server's tokenizer counts more than the estimate did;
#: 0.7 leaves room for a 40 % misestimate without halving every part)
OVERFLOW_SHRINK = 0.7
#: a merge that did not fit: the window is taken to be this share of what it was
MERGE_SHRINK = 0.8
#: prompts shorter than this teach nothing about the tokenizer (the template dominates)
MIN_CALIBRATION_TOKENS = 64
#: the learnt tokenizer factor is measured × this: estimates err towards fitting
FACTOR_HEADROOM = 1.02
#: each new measurement's weight in the learnt factor (one odd prompt, mostly ASCII or
#: mostly Han, moves it only part of the way)
FACTOR_WEIGHT = 0.3
BUNDLED_MODEL_NOTE = msg(
    "made with the bundled SmolLM2-135M, which is far too small for reliable digests (it "
    "scores below a trivial baseline on hand-labelled threads): use a 7B or larger model "
    "(Ollama, LM Studio, a larger GGUF file) or a cloud endpoint for real ones"
)
#: why the endpoint failed before a request is made again, by error kind (in a note)
RETRY_REASONS: dict[str, Message] = {
    RATE_LIMIT: msg("rate-limited"),
    SERVER: msg("a server error"),
    TIMEOUT: msg("no answer in time"),
    UNREACHABLE: msg("not reachable"),
    # a pool's member that fails for good; the request goes to another member
    ErrorKind.AUTH: msg("the API key was rejected"),
    ErrorKind.CONFIG: msg("set up wrongly"),
    ErrorKind.MODEL_NOT_FOUND: msg("the model is missing"),
    ErrorKind.QUOTA: msg("no quota left"),
    ErrorKind.UNSUPPORTED: msg("a feature is missing"),
}
#: "single": one call, or map/reduce over parts; "staged": topics → categorize → describe
PIPELINES = ("single", "staged")
#: the answer room of the staged pipeline's topic call (its largest answer)
STAGED_RESERVE = 900
#: what a run may wait for another run to finish, besides parts 1, 2, …
ARTICLE, DIGEST_STEP = 0, -1

T = TypeVar("T")


class _Deferred(Exception):
    """Another Threadgist run is summarizing this part: do the others first."""


class _Finished(Exception):
    """Another Threadgist run finished this digest: it is the result."""

    def __init__(self, digest: Digest):
        super().__init__("finished by another run")
        self.digest = digest


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
    note: Message | None = None
    #: every call made so far, in order, as it stands (digest/calls.py)
    calls: tuple[C.CallState, ...] = ()
    #: what another Threadgist run is doing for this one meanwhile (parts it summarizes,
    #: the article it condenses, the digest it finishes): this run waits for it
    #: (digest/claims.py); no call of this run
    waiting: Message | None = None


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
        moment = time.monotonic()
        if self.reported is not None:
            when, done = self.reported
            if self.speed and done < self.size and not exact:  # between the server's reports
                return min(self.size - 1, done + int(self.speed * (moment - when))), True
            return done, False
        if self.speed:
            return min(self.size - 1, int(self.speed * (moment - self.started))), True
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
        client: LLMClient | None,
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
    ):
        """``use_cache``: return the cached digest and reuse cached partial results (False:
        a genuinely new run, whose results replace the cached ones). ``since_floor``: a
        digest of the comments after that floor only ("what's new"; see
        :meth:`growth`), with the article and the original floor numbers. ``limiter``: a
        semaphore every request of this run holds while it runs, shared by the runs of a
        batch so that together they stay within the endpoint's concurrency.

        Without a ``client`` (then ``profile`` says which endpoint and model) it plans,
        estimates and looks up the cache, and makes no request: :meth:`run` needs one."""
        if pipeline not in PIPELINES:
            raise ValueError(f"unknown pipeline {pipeline!r}; use one of {', '.join(PIPELINES)}")
        self.pipeline = pipeline
        self.limiter = limiter
        self.whole = thread
        self.since_floor = since_floor
        self.thread = thread if since_floor is None else since_thread(thread, since_floor)
        self._client = client
        if client is not None:
            self.profile = client.profile
        elif profile is not None:
            self.profile = profile
        else:
            raise ValueError("a Summarizer needs a client or a profile")
        self.counter = counter
        self.lang = resolve_language(lang, thread)
        self.budget = Budget(context or self.profile.effective_context, reserve or 0)
        self._explicit_reserve = reserve or self.profile.output_reserve
        self.set_context(self.budget.context)
        self.cache = cache
        self.use_cache = use_cache
        self.progress = progress or (lambda _progress: None)
        self.usage = Usage()
        self.call_log: list[CallRecord] = []  # every call of this run, in order
        self.warnings: list[Text] = []
        self._calls: list[C.CallTracker] = []  # every call of this run, as it goes
        self.bounded = self.profile.kind.local
        self.options: Options = {"lang": self.lang}
        if pipeline != "single":
            self.options["pipeline"] = pipeline
        self.key = digest_key(
            thread_hash(self.thread),
            self.profile.identity,
            self.profile.model_label,
            prompt_version(),
            self.options | ({"since": since_floor} if since_floor is not None else {}),
        )
        #: partial results are cached under this and their own content (digest/cachekey.py)
        self.scope = scope_key(
            self.profile.identity, self.profile.model_label, prompt_version(), self.options
        )
        self._done = 0
        self._total = 1
        self._stage = "plan"
        self._prepared = False
        self.planned_calls = 0
        self._reused = 0  # parts whose partial result came from the cache
        #: why the run made more calls than planned, in order (shown and kept in meta)
        self.changes: list[Message] = []
        #: what the cached parts this run reused cost the runs that made them (the
        #: digest's totals), what each part of this run cost (None: unknown), and how
        #: many reused parts were cached without their cost
        self._earlier = Usage()
        self._costs: dict[str, PartialCost | None] = {}
        self._uncounted = 0
        self._claims: Claims | None = None  # claims on parts, across processes
        #: what this run waits for another run to finish: parts (1, 2, …), ARTICLE, DIGEST_STEP
        self._waiting: set[int] = set()

    @property
    def client(self) -> LLMClient:
        """The endpoint's client (only a run needs it)."""
        if self._client is None:
            raise RuntimeError("this Summarizer was made to plan: it has no client to run with")
        return self._client

    # ---- public -------------------------------------------------------------------
    def set_context(self, context: int) -> None:
        """Use this context window; unless the user set a reserve, keep the answer's
        reserve at most a quarter of a small window."""
        self.budget.context = context
        if self._explicit_reserve:
            self.budget.reserve = self._explicit_reserve
        else:
            self.budget.reserve = min(self.profile.kind.output_reserve, max(384, context // 4))

    def plan(self, **plan_options: Any) -> Plan:
        """The call plan; with the cache in use, it marks the parts whose partial results
        are cached (those calls will not be made: ``plan.calls`` leaves them out)."""
        plan = make_plan(
            self.thread, self.counter, self.budget, self.lang, hints=self._hints(), **plan_options
        )
        if self._reusing() and not plan.single and self.pipeline == "single":
            self._mark_cached(plan)
        return plan

    def _hints(self) -> list[tuple[int, int]] | None:
        """How the last run cut this thread (see :func:`~.plan.pack`), when reusing."""
        if self.cache is None or not self._reusing():
            return None
        doc = self.cache.get_partial(self.scope, parts_key(self.scope, self.thread, self.since_floor))
        chunks = doc.get("chunks") if doc else None
        if not isinstance(chunks, list):
            return None
        return [(int(start), int(end)) for start, end in chunks]

    def _record_parts(self, plan: Plan) -> None:
        if self.cache is not None:
            self.cache.put_partial(
                self.scope,
                parts_key(self.scope, self.thread, self.since_floor),
                {"chunks": [list(chunk) for chunk in plan.chunks]},
            )

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
        found = use_window(self.client, found, need)
        if found.source != WindowSource.PRESET:
            self.set_context(found.window)
        note = short_window_note(found, need)
        if note is not None:
            self.warnings.append(note)

    async def run(self) -> Digest:
        """The digest: the cached one, or one made now from the parts earlier runs left
        in the cache, those another Threadgist run makes meanwhile (digest/claims.py) and
        this run's calls."""
        try:
            return await self._run_once()
        except _Finished as other:  # another run finished this digest meanwhile
            self._emit("done", self._total, self._total)
            return other.digest
        finally:
            if self._claims is not None:
                self._claims.release_all()

    async def _run_once(self) -> Digest:
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
        self.warnings.extend(self.thread.warnings)
        if self.profile.bundled_model:
            self.warnings.append(BUNDLED_MODEL_NOTE)
        thread = self.thread
        meta = DigestMeta(
            endpoint=self.profile.name,
            preset=self.profile.preset,
            base_url=self.profile.base_url,
            model=self.profile.model_label,
            lang=self.lang,
            prompt_version=prompt_version(),
            created_at=time.time(),
            seconds=round(time.monotonic() - started, 3),
            thread=ThreadInfo(
                thread.title, thread.board or "", thread.site, thread.format, thread_hash(thread)
            ),
            encoding=self.counter.encoding,
            pipeline=self.pipeline,
            planned_calls=self.planned_calls,
            changes=[str(change) for change in self.changes],
            covered=covered(self.whole),
            reused_parts=self._reused,
            new_since=(
                NewSince(self.since_floor, len(thread.comments)) if self.since_floor is not None else None
            ),
        )
        digest = build_digest(self.thread, raw, usage=self._digest_usage(), meta=meta, warnings=self.warnings)
        if self.cache is not None:
            self.cache.put_digest(self.key, digest.to_json())
        self._emit("done", self._total, self._total)
        return digest

    # ---- stages -------------------------------------------------------------------
    async def _run_staged(self) -> Partial:
        async def call(
            msgs: list[dict[str, str]],
            schema: dict[str, Any],
            name: str,
            max_tokens: int,
            step: C.CallStep,
            covers: Message,
        ) -> dict[str, Any]:
            return await self._call(
                msgs, schema, name, None, max_tokens=max_tokens, call=self._track(step, covers)
            )

        await self._claim_digest()
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
            lambda stage: self._tick(stage),
            self.warnings,
        )
        self._total = self.planned_calls = StagedRun.calls_for(len(run.lines))
        self._emit("plan", 0, self._total)
        return await run.run()

    async def _run_plan(self, plan: Plan) -> Partial:
        self.planned_calls = plan.calls
        if plan.single:
            self._total = 1
            self._emit("plan", 0, 1)
            try:
                return await self._single(plan)
            except OutputTruncated:
                # a bigger answer reserve if the window allows it, else smaller parts
                bigger = self._bigger_reserve(plan.prompt_tokens[0])
                if bigger is not None:
                    self.budget.reserve = bigger
                    self._explicit_reserve = bigger
                    self._change(
                        msg("the answer reached its length limit: asking again with room for a longer one")
                    )
                    try:
                        return await self._single(plan)
                    except OutputTruncated:
                        pass
                plan = self.plan(force_chunked=True, min_chunks=2)
                self._change(
                    msg(
                        "the answer reached its length limit: reading the thread in {parts} parts instead",
                        parts=len(plan.chunks),
                    )
                )
            except ContextExceeded as e:
                self._learn(e)
                plan = self.plan(force_chunked=True, shrink=OVERFLOW_SHRINK)
                self._change(
                    msg(
                        "the prompt did not fit the model's context window: reading "
                        "the thread in {parts} parts instead",
                        parts=len(plan.chunks),
                    )
                )
            self.warnings.extend(warning for warning in plan.warnings if warning not in self.warnings)
        article = plan.article
        if plan.condense:  # a step of its own, counted as the estimate counts it
            self._total = self._done + 1 + len(plan.chunks) + plan.reduce_calls
            article = await self._condense(plan)
            self._tick("condense")
        self._total = self._done + len(plan.chunks) + plan.reduce_calls
        self._emit("plan", self._done, self._total)
        self._record_parts(plan)
        partials = await self._map_all(plan, article)
        await self._claim_digest()
        return await self._reduce(partials, article)

    async def _single(self, plan: Plan) -> Partial:
        await self._claim_digest()
        comments = "\n".join(line.text for line in plan.lines)
        msgs = self._messages("single", article=plan.article, comments=comments)
        self._emit("write", 0, 1)
        return Partial.from_json(
            await self._call(
                msgs,
                S.partial_schema(self._bound()),
                "digest",
                plan.prompt_tokens[0],
                stream_summary=True,
                call=self._track(C.CallStep.WHOLE, C.span(plan.lines, self.thread.site)),
            )
        )

    def _condense_request(self, plan: Plan) -> tuple[list[dict[str, str]], int, str, Message | None]:
        """The condensation's messages, its answer limit, the article's head (what the
        parts are given when the model cannot condense it) and a warning (None if none)."""
        limit_tokens = int(plan.budget.data_tokens(plan.fixed_tokens) * 0.2)
        article = plan.article
        room = plan.budget.context - plan.budget.reserve - plan.fixed_tokens - TEMPLATE_SLACK
        warning = None
        if plan.article_tokens > room:
            keep = int(len(article) * room / plan.article_tokens * 0.9)
            article = article[:keep]
            warning = msg(
                "the article is longer than this model's context window; only its "
                "first {chars} characters were condensed",
                chars=keep,
            )
        msgs = [
            {"role": "system", "content": system_prompt(self.lang)},
            {
                "role": "user",
                "content": template("condense").substitute(
                    article=article, limit=str(max(60, int(limit_tokens * 0.6)))
                ),
            },
        ]
        return msgs, limit_tokens, article[: max(200, limit_tokens)], warning

    async def _condense(self, plan: Plan) -> str:
        self._emit("condense", 0, 1)
        msgs, limit_tokens, head, warning = self._condense_request(plan)
        if warning:
            self.warnings.append(warning)
        shape = limit_tokens // 3 if self.bounded else 0
        ckey = partial_key(self.scope, msgs, ["condense", shape])
        akey = self._article_key(plan)

        def condensed(hit: dict[str, Any] | None) -> bool:
            return hit is not None and isinstance(hit.get("condensed"), str)

        key, hit = ckey, self._cached_partial(ckey)
        if not condensed(hit):
            key, hit = akey, self._cached_partial(akey)
        if not condensed(hit):
            hit = await self._claim_part(akey, ARTICLE)  # or another run's condensation
        if hit is not None and condensed(hit):
            data = hit
            self._reuse_cost(key)
        else:
            cost = Usage()
            try:
                data = await self._call(
                    msgs,
                    S.condense_schema(shape),
                    "condensed",
                    None,
                    call=self._track(C.CallStep.CONDENSE, C.article()),
                    cost=cost,
                )
            except OutputTruncated:
                self.warnings.append(
                    msg(
                        "the model could not condense the article; the calls over parts of the "
                        "thread were given its beginning only"
                    )
                )
                self._release(akey)
                return head
            if str(data.get("condensed", "")).strip():
                self._store_partial(ckey, data, cost)
                self._store_partial(akey, data, cost)
            else:
                self._release(akey)
        text = str(data.get("condensed", "")).strip()
        self.warnings.append(msg("the article was condensed once for the calls over parts of the thread"))
        return text or head

    def _article_key(self, plan: Plan) -> str:
        """Where the condensation of this article is also kept, whatever the limits of
        the request that made it: those follow from token counts, which a run that has
        learnt the server's tokenizer meanwhile counts otherwise. Another run, or a later
        one, reuses it rather than condensing the article again (and so asks for the
        same parts)."""
        return partial_key(self.scope, [{"role": "article", "content": plan.article}], ["condensed"])

    def _cached_partial(self, ckey: str) -> dict[str, Any] | None:
        if self.cache is None or not self._reusing():
            return None
        return self.cache.get_partial(self.scope, ckey)

    def _reusing(self) -> bool:
        """Whether cached partial results may be used (not for "summarize again")."""
        return self.cache is not None and self.use_cache

    def _map_request(
        self, plan: Plan, article: str, start: int, end: int
    ) -> tuple[list[dict[str, str]], str]:
        """The messages of the map call over lines [start, end) and their cache key: nothing in
        them depends on the rest of the thread (not the number of parts), so the key of a
        part stays the same when the thread grows."""
        lines = plan.lines[start:end]
        floors = [line.first for line in lines if line.first] or [0]
        last = max(line.last for line in lines) if lines else 0
        msgs = self._messages(
            "map",
            article=article,
            comments="\n".join(line.text for line in lines),
            first=str(min(floors)),
            last=str(last),
        )
        return msgs, partial_key(self.scope, msgs, ["map", self._bound()])

    def _mark_cached(self, plan: Plan) -> None:
        """Which parts of ``plan`` have a cached partial result (none when the article is
        condensed and its condensation is not cached: the parts' prompts are unknown)."""
        assert self.cache is not None
        article = plan.article
        if plan.condense:
            msgs, limit_tokens, _, _ = self._condense_request(plan)
            shape = limit_tokens // 3 if self.bounded else 0
            hit = self.cache.get_partial(
                self.scope, partial_key(self.scope, msgs, ["condense", shape])
            ) or self.cache.get_partial(self.scope, self._article_key(plan))
            text = str(hit.get("condensed", "")).strip() if hit else ""
            if not text:
                plan.cached = [False] * len(plan.chunks)
                return
            plan.condense_cached, article = True, text
        plan.cached = [
            self.cache.has_partial(self.scope, self._map_request(plan, article, start, end)[1])
            for start, end in plan.chunks
        ]

    async def _map_all(self, plan: Plan, article: str) -> list[Partial]:
        sem = asyncio.Semaphore(self.profile.effective_concurrency)
        chunks = list(plan.chunks)
        results: list[Partial | None] = [None] * len(chunks)
        deferred: list[int] = []  # parts another Threadgist run is summarizing

        async def one(i: int, start: int, end: int, defer: bool) -> None:
            try:
                results[i] = await self._map_chunk(plan, article, start, end, i, sem, defer=defer)
            except _Deferred:
                deferred.append(i)

        await asyncio.gather(*(one(i, start, end, True) for i, (start, end) in enumerate(chunks)))
        # this run's own parts are done: wait for the other run's, or take them over
        await asyncio.gather(*(one(i, *chunks[i], False) for i in sorted(deferred)))
        return [result for result in results if result is not None]

    async def _map_chunk(
        self,
        plan: Plan,
        article: str,
        start: int,
        end: int,
        index: int,
        sem: asyncio.Semaphore,
        *,
        defer: bool = False,
    ) -> Partial:
        """One part's partial result: cached, another run's, or this run's call (``defer``:
        raise _Deferred rather than wait when another run is making it)."""
        lines = plan.lines[start:end]
        msgs, ckey = self._map_request(plan, article, start, end)
        if (hit := self._cached_partial(ckey)) is not None:
            return self._reuse_part(ckey, hit)
        if (hit := await self._claim_part(ckey, index + 1, defer=defer)) is not None:
            return self._reuse_part(ckey, hit)
        cost = Usage()  # what this part costs, kept with its result
        expected = plan.prompt_tokens[index] if index < len(plan.prompt_tokens) else None
        covers = C.part(index, len(plan.chunks), lines, self.thread.site)
        call = self._track(C.CallStep.MAP, covers)  # listed while it waits for a free slot
        try:
            async with sem:
                data = Partial.from_json(
                    await self._call(
                        msgs, S.partial_schema(self._bound()), "partial", expected, call=call, cost=cost
                    )
                )
        except (ContextExceeded, OutputTruncated) as e:
            if end - start <= 1:
                one = await self._map_one_line(msgs, expected, lines[0].first, e, covers)
                self._release(ckey)  # not cached: a run waiting for it asks itself
                return one
            self._learn(e)
            mid = (start + end) // 2
            self._total += 1
            self._change(msg("part {part} was too long for one answer: split in two", part=index + 1))
            left = await self._map_chunk(plan, article, start, mid, index, sem)
            right = await self._map_chunk(plan, article, mid, end, index, sem)
            data = left + right
            # the next run reuses the whole part at once, at the cost of both halves
            self._store_partial(
                ckey,
                data.to_json(),
                cost,
                parts=(
                    self._map_request(plan, article, start, mid)[1],
                    self._map_request(plan, article, mid, end)[1],
                ),
            )
            return data
        self.usage.map_calls += 1
        self._store_partial(ckey, data.to_json(), cost)
        self._tick("map")
        return data

    async def _map_one_line(
        self,
        msgs: list[dict[str, str]],
        expected: int | None,
        floor: int,
        error: EndpointError,
        covers: Message,
    ) -> Partial:
        """A part of one comment that failed cannot be split: try once with a bigger
        answer reserve, else say which comment is too long for this model."""
        bigger = self._bigger_reserve(expected or 0)
        if isinstance(error, OutputTruncated) and bigger is not None:
            try:
                data = Partial.from_json(
                    await self._call(
                        msgs,
                        S.partial_schema(self._bound()),
                        "partial",
                        expected,
                        max_tokens=bigger,
                        call=self._track(C.CallStep.MAP, covers),
                    )
                )
            except (ContextExceeded, OutputTruncated):
                pass
            else:
                self.usage.map_calls += 1
                self._tick("map")
                return data
        raise EndpointError(
            CONTEXT,
            msg(
                "comment {floor} alone does not fit in the model's context window with room for "
                "an answer: choose a model with a larger context",
                floor=floor,
            ),
        ) from None

    async def _reduce(self, partials: list[Partial], article: str) -> Partial:
        level = partials
        #: the parts (1-based, first and last) each partial result of ``level`` covers
        spans = [(i + 1, i + 1) for i in range(len(level))]
        while len(level) > 1:
            items, blocks = _label(level)
            fixed = fixed_prompt_tokens(self.counter, self.thread, self.lang, "reduce")
            budget = self.budget.data_tokens(fixed) - self.counter.count(article)
            batches = greedy([self.counter.count(block) for block in blocks], max(budget, 200))
            if all(end - start == 1 for start, end in batches):
                self.warnings.append(
                    msg(
                        "the partial results are too large to merge in this "
                        "model's context window; they are listed side by side"
                    )
                )
                return Partial.join(level)
            top = len(batches) == 1
            merged: list[Partial] = []
            merged_spans: list[tuple[int, int]] = []
            restart = False
            for start, end in batches:
                merged_spans.append((spans[start][0], spans[end - 1][1]))
                if end - start == 1:
                    merged.append(level[start])
                    continue
                sub_items = {item_id: item for item_id, item in items.items() if start <= item.part < end}
                msgs = self._messages("reduce", article=article, partials="\n".join(blocks[start:end]))
                schema = S.reduce_schema(self._bound(), max_sources=len(sub_items))
                try:
                    data = await self._call(
                        msgs,
                        schema,
                        "merged",
                        None,
                        stream_summary=top,
                        call=self._track(C.CallStep.REDUCE, C.merge(*merged_spans[-1])),
                    )
                except (ContextExceeded, OutputTruncated) as e:
                    if self.budget.context > 1024 and not self.bounded:
                        self._learn(e)
                        self.budget.context = max(1024, int(self.budget.context * MERGE_SHRINK))
                        self._change(msg("the merge did not fit: merging in smaller batches"))
                        restart = True
                        break
                    self.warnings.append(
                        msg("the model could not merge some partial results; they are listed side by side")
                    )
                    merged.append(Partial.join(level[start:end]))
                    self._tick("reduce")
                    continue
                self.usage.reduce_calls += 1
                merged.append(_materialize(MergeAnswer.from_json(data), sub_items, self.warnings))
                self._tick("reduce")
            if restart:
                continue
            if len(merged) >= len(level):  # no progress: stop rather than loop
                return Partial.join(merged)
            level, spans = merged, merged_spans
        return level[0]

    # ---- plumbing -----------------------------------------------------------------
    def _bigger_reserve(self, prompt_tokens: int) -> int | None:
        """Twice the answer reserve, when a prompt of ``prompt_tokens`` still fits the
        window with it (an answer cut at its limit is asked again with more room)."""
        bigger = self.budget.reserve * 2
        return bigger if prompt_tokens + bigger + TEMPLATE_SLACK <= self.budget.context else None

    def _bound(self) -> S.Limits | None:
        return S.limits_for(self.budget.reserve) if self.bounded else None

    def _messages(self, kind: str, **values: str) -> list[dict[str, str]]:
        user = template(kind).substitute(header=render_header(self.thread), **values)
        return [{"role": "system", "content": system_prompt(self.lang)}, {"role": "user", "content": user}]

    async def _call(
        self,
        messages: list[dict[str, str]],
        schema: dict[str, Any],
        name: str,
        expected: int | None,
        *,
        call: C.CallTracker,
        stream_summary: bool = False,
        max_tokens: int | None = None,
        cost: Usage | None = None,
    ) -> dict[str, Any]:
        """One call (``call``: its line in the progress, from :meth:`_track`; ``cost``:
        where its requests and tokens are counted besides the run's usage)."""
        if expected is None:
            expected = sum(self.counter.count(message["content"]) for message in messages) + 8
        call.prompt_tokens = expected
        summary = SummaryStream()  # the summary so far, parsed once per character
        speed = self.client.caps.get(self.client.caps_key).get("prefill_per_second")
        reading = _Reading(expected, speed if isinstance(speed, float) and speed > 0 else None)

        def sink(piece: str) -> None:
            reading.answering = True
            if call.answer(self.counter.raw(piece)):  # the first answer piece
                self._emit(self._stage, self._done, self._total)
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
                call.repair()
                self._change(msg("the answer was not valid JSON: asked the model to correct it"))
            else:
                kind = what.partition(": ")[2]
                call.retry()
                self._change(
                    msg("the endpoint failed ({why}): trying again", why=RETRY_REASONS.get(kind) or kind)
                )
            reading.answering = False
            reading.started, reading.reported = time.monotonic(), None

        if self.limiter is not None:  # a batch's slot at the endpoint (see __init__)
            await self.limiter.acquire()
            reading.started = time.monotonic()
        call.start()
        ticker = asyncio.ensure_future(self._watch_reading(reading))
        try:
            result = await self.client.complete_json(
                messages,
                schema_name=name,
                schema=schema,
                validate=lambda doc: S.validate(doc, schema),
                max_tokens=max_tokens or self.budget.reserve,
                on_text=sink,
                on_prefill=prefill,
                on_event=event,
            )
        except (OutputTruncated, ContextExceeded) as e:  # a request made all the same
            answered = e.completion_tokens if isinstance(e, OutputTruncated) else 0
            self._spend(cost, expected, answered or 0, 1)
            self.call_log.append(CallRecord(name, expected, None, time.monotonic() - reading.started))
            call.fail()
            raise
        except EndpointError:
            call.fail()
            self._emit(self._stage, self._done, self._total)
            raise
        finally:
            ticker.cancel()
            if self.limiter is not None:
                self.limiter.release()
        if self.limiter is not None:  # the request waiting for the slot starts first
            await asyncio.sleep(0.05)
        prompt = result.prompt_tokens
        if prompt is not None:
            self._calibrate(prompt, expected)
        completion = result.completion_tokens
        if prompt is None or completion is None:
            self.usage.estimated = True
        self._spend(
            cost,
            prompt if prompt is not None else expected,
            completion if completion is not None else self.counter.count(result.text),
            result.calls,
        )
        self.call_log.append(
            CallRecord(
                name, prompt if prompt is not None else expected, result.prompt_evaluated, result.seconds
            )
        )
        call.finish(prompt, completion)
        data: dict[str, Any] = result.data
        return data

    def _calibrate(self, reported: int, expected: int) -> None:
        """Compare the server's prompt count with our estimate: learn the endpoint's
        tokenizer factor, and catch servers that silently cut prompts (Ollama)."""
        raw = expected / self.counter.factor
        if raw < MIN_CALIBRATION_TOKENS:
            return
        real = cut_window(self.profile, reported, raw)
        if real is not None:
            raise ContextExceeded(
                msg(
                    "{server} read only {reported} of about {expected} prompt tokens: it "
                    "silently cut the prompt to fit its context window",
                    server=self.profile.kind.label,
                    reported=reported,
                    expected=int(raw),
                ),
                n_ctx=real,
            )
        key = self.client.caps_key
        prev = self.client.caps.get(key).get("tokenizer_factor")
        measured = reported / raw * FACTOR_HEADROOM
        new = (
            measured
            if not isinstance(prev, float)
            else ((1 - FACTOR_WEIGHT) * prev + FACTOR_WEIGHT * measured)
        )
        self.client.caps.update(key, tokenizer_factor=round(new, 4))

    def _learn(self, error: EndpointError) -> None:
        if error.n_ctx and error.n_ctx < self.budget.context:
            self.set_context(error.n_ctx)

    def _tick(self, stage: str) -> None:
        self._done += 1
        self._emit(stage, self._done, self._total)

    # ---- what parts cost, and other runs (digest/claims.py) ---------------------------
    def _spend(self, cost: Usage | None, prompt: int, completion: int, calls: int) -> None:
        self.usage.add(prompt, completion, calls)
        if cost is not None:
            cost.add(prompt, completion, calls)

    def _reuse_part(self, ckey: str, cached: object) -> Partial:
        """A part's partial result from the cache (an earlier run's, or another run's
        made meanwhile): no call of this run, its cost counted in the digest's totals."""
        self._reused += 1
        self._reuse_cost(ckey)
        self._tick("map")
        return Partial.from_json(cached)

    def _reuse_cost(self, ckey: str) -> None:
        cost = self.cache.partial_cost(self.scope, ckey) if self.cache is not None else None
        self._costs[ckey] = cost
        if cost is None:
            self._uncounted += 1
        else:
            self._earlier.add(cost.prompt_tokens, cost.completion_tokens, cost.calls)

    def _store_partial(self, ckey: str, doc: JsonDoc, cost: Usage, *, parts: Sequence[str] = ()) -> None:
        """Cache a partial result with what it cost — its own requests, and those of the
        smaller ``parts`` it was made of — and let runs waiting for it go on."""
        spent: PartialCost | None = PartialCost(cost.calls, cost.prompt_tokens, cost.completion_tokens)
        for key in parts:
            sub = self._costs.get(key)
            spent = (
                None
                if spent is None or sub is None
                else PartialCost(
                    spent.calls + sub.calls,
                    spent.prompt_tokens + sub.prompt_tokens,
                    spent.completion_tokens + sub.completion_tokens,
                )
            )
        self._costs[ckey] = spent
        if self.cache is not None:
            self.cache.put_partial(self.scope, ckey, doc, spent)
        self._release(ckey)

    def _release(self, ckey: str) -> None:
        if self._claims is not None:
            self._claims.release(ckey)

    def _digest_usage(self) -> Usage:
        """The digest's usage: what it cost in all (this run's calls, and the reused
        parts as they cost the runs that made them) and what this run spent."""
        run, earlier = self.usage, self._earlier
        return replace(
            run,
            calls=run.calls + earlier.calls,
            prompt_tokens=run.prompt_tokens + earlier.prompt_tokens,
            completion_tokens=run.completion_tokens + earlier.completion_tokens,
            run_calls=run.calls,
            run_prompt_tokens=run.prompt_tokens,
            run_completion_tokens=run.completion_tokens,
            uncounted_parts=self._uncounted,
        )

    def _claims_now(self) -> Claims | None:
        """This run's claims (None: no cache, or a new run that reuses nothing). The
        lease follows from the deadline of a request of this run (digest/claims.py)."""
        if self.cache is None or not self._reusing():
            return None
        if self._claims is None:
            limit = self.client.request_limit(0, self.budget.reserve)
            self._claims = Claims(self.cache, self.scope, lease_for(limit))
        return self._claims

    async def _claim_part(self, ckey: str, part: int, *, defer: bool = False) -> dict[str, Any] | None:
        """Claim a partial result before asking for it: None when this run is to ask;
        the result when another run stored it meanwhile. When another live run holds the
        claim: raise _Deferred (``defer``), else wait for it (``part``: what the progress
        says this run waits for)."""
        claims = self._claims_now()
        if claims is None:
            return None
        if claims.take(ckey):
            if (hit := self._cached_partial(ckey)) is not None:  # stored meanwhile
                claims.release(ckey)
                return hit
            return None
        if defer:
            raise _Deferred
        return await self._wait_for_other(claims, ckey, part, lambda: self._cached_partial(ckey))

    async def _claim_digest(self) -> None:
        """Before the call that finishes the digest (the one call, the merge, the staged
        run): claim it; when another run finished this digest meanwhile, or finishes it
        while this one waits, that digest is the result (raised as _Finished)."""
        claims = self._claims_now()
        key = DIGEST + self.key
        if claims is None or key in claims.held:
            return
        if claims.take(key):
            done = self.cached()
        else:
            done = await self._wait_for_other(claims, key, DIGEST_STEP, self.cached)
        if done is not None:
            raise _Finished(done)

    async def _wait_for_other(
        self, claims: Claims, key: str, what: int, ready: Callable[[], T | None]
    ) -> T | None:
        self._waiting.add(what)
        self._emit(self._stage, self._done, self._total)
        try:
            return await claims.wait(
                key, ready, deadline=self.client.run_deadline, limit=self.client.run_limit
            )
        finally:
            self._waiting.discard(what)
            self._emit(self._stage, self._done, self._total)

    def _waiting_note(self) -> Message | None:
        """What this run waits for another Threadgist run to finish, in words."""
        if DIGEST_STEP in self._waiting:
            return msg("the digest is being finished by another Threadgist run: waiting for it")
        if ARTICLE in self._waiting:
            return msg("the article is being condensed by another Threadgist run: waiting for it")
        parts = sorted(self._waiting)
        if len(parts) == 1:
            return msg(
                "part {part} is being summarized by another Threadgist run: waiting for it", part=parts[0]
            )
        if parts:
            return msg(
                "parts {parts} are being summarized by another Threadgist run: waiting for them",
                parts=_ranges(parts),
            )
        return None

    def _track(self, step: C.CallStep, covers: Message) -> C.CallTracker:
        """A new call of this run, listed in the progress from now on."""
        call = C.CallTracker(len(self._calls) + 1, step, covers, 0, self.counter.factor)
        self._calls.append(call)
        return call

    @property
    def calls(self) -> list[C.CallState]:
        """Every call of this run so far, in order, as it stands."""
        return [call.snapshot() for call in self._calls]

    def _emit(self, stage: str, done: int, total: int, text: str = "") -> None:
        self._stage = stage
        self.progress(
            Progress(
                stage,
                min(done, total),
                total,
                self.usage.prompt_tokens,
                self.usage.completion_tokens,
                text,
                note=self.changes[-1] if self.changes else None,
                calls=tuple(call.snapshot() for call in self._calls),
                waiting=self._waiting_note(),
            )
        )

    def _change(self, why: Message) -> None:
        """The run makes more (or other) calls than planned: say why."""
        self.changes.append(why)
        self._emit(self._stage, self._done, self._total)

    def _emit_reading(self, reading: _Reading, exact: bool = False) -> None:
        done, estimated = reading.now(exact)
        self.progress(
            Progress(
                self._stage,
                min(self._done, self._total),
                self._total,
                self.usage.prompt_tokens,
                self.usage.completion_tokens,
                prompt_read=done,
                prompt_size=reading.size,
                read_estimated=estimated,
                waited=time.monotonic() - reading.started,
                note=self.changes[-1] if self.changes else None,
                calls=tuple(call.snapshot() for call in self._calls),
                waiting=self._waiting_note(),
            )
        )

    async def _watch_reading(self, reading: _Reading, every: float = 1.0) -> None:
        """Once a second: how far the prompt has been read (until the first answer token),
        then the answer tokens that have arrived (the calls in the progress)."""
        while True:
            await asyncio.sleep(every)
            if not reading.answering:
                self._emit_reading(reading)
            else:
                self._emit(self._stage, self._done, self._total)


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


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5 → "1–3, 5"."""
    out: list[str] = []
    start = prev = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == prev + 1:
            prev = number
            continue
        out.append(f"{start}–{prev}" if prev > start else str(start))
        if number is not None:
            start = prev = number
    return ", ".join(out)


@dataclass
class _Item:
    """A partial result's viewpoint (V…) or digression (D…), named for a merge prompt."""

    kind: Kind
    part: int  # which partial result of the level it comes from (0-based)
    group: Group


def _label(level: list[Partial]) -> tuple[dict[str, _Item], list[str]]:
    """Give every partial viewpoint (V…) and digression (D…) an id; one text block per
    partial result."""
    items: dict[str, _Item] = {}
    blocks: list[str] = []
    counters = {"viewpoint": 0, "digression": 0}
    for i, partial in enumerate(level):
        lines = [f"Part {i + 1}: {clean(partial.summary)}"]
        kinds: tuple[tuple[Kind, str, list[Group]], ...] = (
            ("viewpoint", "V", partial.viewpoints),
            ("digression", "D", partial.off_topic),
        )
        for kind, prefix, groups in kinds:
            for group in groups:
                counters[kind] += 1
                xid = f"{prefix}{counters[kind]}"
                items[xid] = _Item(kind, i, group)
                # model text goes back into a prompt: neutralised like comment text
                lines.append(f"{xid} [{len(group.floors)}] {clean(group.title)} — {clean(group.text)}")
        blocks.append("\n".join(lines))
    return items, blocks


def _materialize(answer: MergeAnswer, items: dict[str, _Item], warnings: list[Text]) -> Partial:
    """Replace ``sources`` by the union of the partial items' floors and quotes; keep
    partial items the model left out, so that nothing is dropped silently."""
    used: set[str] = set()

    def merge(group: MergeGroup, kind: Kind) -> Group:
        floors: list[int] = []
        quotes: list[Cited] = []
        seen_floors: set[int] = set()  # thousands of floors must not go quadratic
        seen_quotes: set[Cited] = set()
        for sid in group.sources:
            src = items.get(sid)
            if src is None or src.kind != kind or sid in used:
                continue
            used.add(sid)
            for floor in src.group.floors:
                if floor not in seen_floors:
                    seen_floors.add(floor)
                    floors.append(floor)
            for quote in src.group.quotes:
                if quote not in seen_quotes:
                    seen_quotes.add(quote)
                    quotes.append(quote)
        return Group(
            group.title, group.text, floors, quotes[:MAX_QUOTES_MERGED] if kind == "viewpoint" else []
        )

    viewpoints = [merge(group, "viewpoint") for group in answer.viewpoints]
    off_topic = [merge(group, "digression") for group in answer.off_topic]
    left = [item_id for item_id in items if item_id not in used]
    for item_id in left:
        src = items[item_id]
        (viewpoints if src.kind == "viewpoint" else off_topic).append(src.group)
    if left:
        warnings.append(
            msg(
                "{count} partial result(s) were not merged by the model and are listed as they are",
                count=len(left),
            )
        )
    return Partial(
        answer.summary,
        [group for group in viewpoints if group.floors],
        [group for group in off_topic if group.floors],
    )

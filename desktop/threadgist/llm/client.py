"""One client for every OpenAI-compatible endpoint: the structured-output call and its
request policy.

Structured output in three tiers (json_schema → json_object → instructions only), each
answer validated and repaired once (``repair.py``); the tiers, the max-tokens parameter
and streamed usage an endpoint supports are learnt (``learning.py``) and remembered
(``capabilities.py``). A request fails over, waits and is made again by the request
policy (``policy.py``), within one deadline, or the run's. It goes on the
OpenAI-compatible route (``openai_route.py``, read by ``stream.py``) or on another
transport (Ollama's native API, ``ollama_chat.py``); what is wrong with an answer is said
by ``wording.py``. Everything is async so that cancelling a task stops a request at once,
even while a local model is still reading the prompt.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from typing import TYPE_CHECKING, Any

from ..messages import msg
from . import learning
from .capabilities import Capabilities, EndpointCaps
from .chat import Completion, EventSink, PrefillSink, Retry, RunEnd, TextSink, Validator
from .classify import ParamRejected, TierRejected
from .errors import EndpointError, ErrorKind, redact
from .ollama_chat import OllamaChat
from .openai_route import OpenAIRoute
from .policy import LIST_MODELS_TIMEOUT, Deadline, first_token_wait, request_limit, retry_wait
from .profiles import EndpointProfile
from .repair import with_repair
from .request import Activity, Ask, Hooks, Raw, Transport, with_json_instruction
from .truncation import check_counts
from .wording import no_model_list, no_tier, still_invalid

if TYPE_CHECKING:
    import openai

    from .server_window import ServerWindow


class LLMClient:
    """One endpoint's client (a :class:`~.chat.ChatClient`)."""

    def __init__(
        self,
        profile: EndpointProfile,
        api_key: str | None,
        caps: Capabilities | None = None,
        *,
        read_timeout: float = 300.0,
        max_attempts: int = 4,
        max_wait: float = 60.0,
        activity: Activity | None = None,
        request_timeout: float | None = None,
        run_deadline: float | None = None,
    ):
        """``read_timeout``: the longest silence within a request (before the first token
        on local servers it grows with the prompt). ``request_timeout``: the longest a
        request may take, its retries included (None: the profile's, else
        DEFAULT_REQUEST_TIMEOUT, scaled for local servers). ``run_deadline``: a
        time.monotonic() time after which no request runs (None: none)."""
        self.profile = profile
        self.activity = activity
        self.read_timeout = read_timeout
        chosen = request_timeout if request_timeout is not None else profile.request_timeout
        self.request_timeout: float | None = (
            float(chosen) if isinstance(chosen, int | float) and chosen > 0 else None
        )
        #: time.monotonic() after which requests stop (the run's time limit), and
        #: ``run_limit`` (seconds) for its message: see :meth:`set_run_end`
        self.run_deadline = run_deadline
        self.run_limit: float | None = None
        self._key = api_key
        self.caps = caps or Capabilities(None)
        self.caps_key = profile.caps_key
        self.max_attempts = max_attempts
        self.max_wait = max_wait
        #: the server's real window (llm/server_window.py), once asked: prompt counts that
        #: fill it are cut prompts (llm/truncation.py); and how requests are sent when not
        #: on the OpenAI-compatible route (None: on it)
        self.window: ServerWindow | None = None
        self.transport: Transport | None = None
        self.route = OpenAIRoute(profile, api_key, read_timeout)

    @property
    def api_key(self) -> str | None:
        return self._key

    @property
    def sdk(self) -> openai.AsyncOpenAI:
        """The openai package's client, for the endpoint's other APIs (files, batches)."""
        return self.route.sdk

    async def aclose(self) -> None:
        await self.route.aclose()

    @property
    def run_end(self) -> RunEnd | None:
        return None if self.run_deadline is None else RunEnd(self.run_deadline, self.run_limit)

    def set_run_end(self, end: RunEnd | None) -> None:
        self.run_deadline = None if end is None else end.at
        self.run_limit = None if end is None else end.seconds

    def fit_window(self, found: ServerWindow, need: int) -> ServerWindow:
        """Fit ``found`` to the thread's ``need`` and set the client up for it: the window
        its prompt counts are checked against, and Ollama's native API where the window
        goes with each request."""
        fitted = found.fit(need)
        if fitted.native:
            self.transport = OllamaChat(fitted.window)
        self.window = fitted
        return fitted

    # ---- what was learnt ----------------------------------------------------------
    def learnt(self) -> EndpointCaps:
        """What this endpoint+model was found to do so far."""
        return self.caps.endpoint(self.caps_key)

    def learn(self, learnt: EndpointCaps) -> None:
        self.caps.learn(self.caps_key, learnt)

    def tiers(self) -> list[str]:
        return learning.tiers(self.profile, self.learnt())

    def max_tokens_param(self) -> str:
        """The name this endpoint takes the answer's token limit under."""
        return learning.max_tokens_param(self.profile, self.learnt())

    def prefill_speed(self) -> float | None:
        speed = self.learnt().prefill_per_second
        return speed if speed is not None and speed > 0 else None

    def tokenizer_factor(self) -> float | None:
        return self.learnt().tokenizer_factor

    def learn_tokenizer_factor(self, factor: float) -> None:
        self.learn(EndpointCaps(tokenizer_factor=factor))

    def learn_speed(self, timings: Any, prompt_tokens: int | None, chars: int) -> int | None:
        """Remember tokens per character and the prefill speed; the tokens evaluated."""
        learnt, evaluated = learning.from_speed(timings, prompt_tokens, chars)
        self.learn(learnt)
        return evaluated

    def first_token_wait(self, chars: int) -> float:
        """The longest wait for a local server's first token (``policy.first_token_wait``)."""
        return first_token_wait(self.read_timeout, self.learnt(), chars)

    def request_limit(self, chars: int, max_tokens: int) -> float:
        """How long one request of ``chars`` prompt characters may take, retries included."""
        return request_limit(self.profile, self.request_timeout, self.first_token_wait(chars), max_tokens)

    # ---- the main call ------------------------------------------------------------
    async def complete_json(
        self,
        messages: list[dict[str, str]],
        *,
        schema_name: str,
        schema: dict[str, Any],
        validate: Validator,
        max_tokens: int,
        on_text: TextSink | None = None,
        on_prefill: PrefillSink | None = None,
        on_event: EventSink | None = None,
    ) -> Completion:
        """Ask for JSON matching ``schema``; returns the parsed, validated document.
        ``on_prefill`` hears how much of the prompt the server has read (where it says),
        ``on_event`` each extra request (a retry, a repair)."""
        tiers = self.tiers()
        last: TierRejected | None = None
        hooks = Hooks(on_text, on_prefill, on_event)
        for i, tier in enumerate(tiers):
            msgs = list(messages) if tier == "json_schema" else with_json_instruction(messages, schema)
            try:
                return await self._with_tier(
                    Ask(tier, msgs, schema_name, schema, max_tokens, hooks), validate
                )
            except TierRejected as e:
                last = e
                self.learn(EndpointCaps(tiers=tuple(tiers[i + 1 :])))
        raise no_tier(last.detail if last else None)

    async def _with_tier(self, ask: Ask, validate: Validator) -> Completion:
        started = time.monotonic()

        async def send(conversation: list[dict[str, str]]) -> Raw:
            return await self._request(dataclasses.replace(ask, messages=conversation))

        repaired = await with_repair(send, validate, ask.messages, ask.hooks.on_event)
        if repaired.problems:
            raise still_invalid(self.profile, repaired.problems)
        result = repaired.answer
        return Completion(
            repaired.data,
            result.text,
            result.finish,
            ask.tier,
            result.prompt_tokens,
            result.completion_tokens,
            time.monotonic() - started,
            sum(answer.calls for answer in repaired.answers),
            result.prompt_evaluated,
        )

    async def _request(self, ask: Ask) -> Raw:
        """One request, made again (by the request policy) until it is answered or fails
        for good; a parameter the endpoint rejects is learnt and left out."""
        deadline = Deadline.first_of(self.request_limit(ask.chars, ask.max_tokens), self.run_end)
        attempt = 0
        while True:
            attempt += 1
            if deadline.left() <= 0:
                raise deadline.error(self.profile.name, answering=False)
            try:
                raw = await (self.transport or self.route).send(self, ask, deadline)
                check_counts(self.profile, self.window, raw.prompt_tokens, raw.completion_tokens)
                raw.calls = attempt
                return raw
            except ParamRejected as rejected:
                learnt = learning.without(rejected.param)
                if learnt is not None:
                    self.learn(learnt)
                if attempt >= self.max_attempts:
                    raise EndpointError(
                        ErrorKind.SERVER, msg("the endpoint rejected {param}", param=rejected.param)
                    ) from None
            except EndpointError as e:
                wait = retry_wait(e, self.profile, attempt, self.max_wait, deadline)
                if wait is None or attempt >= self.max_attempts:
                    raise
                ask.hooks.event(Retry(e.kind))
                await asyncio.sleep(wait)

    # ---- auxiliary ---------------------------------------------------------------
    async def list_models(self) -> list[str]:
        limit = min(LIST_MODELS_TIMEOUT, self.request_limit(0, 0))
        try:
            async with asyncio.timeout(limit):
                return await self.route.list_models(self.profile)
        except TimeoutError:
            raise no_model_list(self.profile, limit) from None

    def redact(self, text: str) -> str:
        return redact(text, [self._key])

"""What a run will cost before it starts: calls, prompt tokens, money (where the preset
knows the model's price); parts of the thread whose partial results are cached cost
nothing. No request is made; :func:`cached_digest` looks up the cache, and
:func:`thread_growth` says how many comments came since the last digest of a thread."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..digest.forms import DEFAULT_FORM
from ..digest.growth import Growth
from ..digest.model import Digest
from ..digest.pipeline import Summarizer
from ..digest.plan import Plan
from ..digest.tokens import TokenCounter
from ..llm.catalog_fit import Speed
from ..llm.profiles import EndpointProfile
from ..messages import Text, msg
from ..thread.model import Thread
from . import Services
from .localtime import engine_params_billion, minutes_for


@dataclass
class Estimate:
    endpoint: str
    model: str
    calls: int
    chunks: int
    prompt_tokens: int
    reserve: int
    exact: bool  # token counts from the model's own tokenizer
    cost_usd: tuple[float, float] | None  # (prompt only, prompt + every answer at its limit)
    key_missing: Text | None  # why the run cannot start for lack of a key
    lang: str
    warnings: list[Text]
    small_model: bool = False  # the bundled tiny model: too small for reliable digests
    reused_chunks: int = 0  # parts whose partial result is cached (not in ``calls``)
    #: the built-in engine's model size (billions of parameters); None for other endpoints
    params_billion: float | None = None
    #: minutes on this computer (the built-in engine, once its speed has been measured)
    minutes: float | None = None

    @property
    def answer_tokens(self) -> int:
        """The answers' room: every call's reserve (what a local model may write)."""
        return self.calls * self.reserve


def timed(estimate: Estimate, speed: Speed | None) -> Estimate:
    """``estimate`` with its minutes on this computer, from ``speed`` (measured with the
    bundled model); unchanged for endpoints other than the built-in engine."""
    if speed is None or estimate.params_billion is None:
        return estimate
    minutes = minutes_for(speed, estimate.params_billion, estimate.prompt_tokens, estimate.answer_tokens)
    return dataclasses.replace(estimate, minutes=minutes)


def price_for(profile: EndpointProfile) -> tuple[float, float] | None:
    """USD per million (input, output) tokens, when the preset knows this model."""
    model = profile.model.rsplit("/", 1)[-1] if profile.kind.vendor_prefixed else profile.model
    return profile.kind.prices.get(model) or profile.kind.prices.get(profile.model)


def planner(
    services: Services,
    thread: Thread,
    profile: EndpointProfile,
    lang: str = "auto",
    *,
    reuse: bool = True,
    since_floor: int | None = None,
    counter: TokenCounter | None = None,
    pipeline: str = "single",
    form: str = DEFAULT_FORM,
) -> Summarizer:
    """A Summarizer without a client: it plans, estimates and reads the cache (no
    request, no engine started). ``counter``: one to reuse (a batch plans many threads);
    ``pipeline`` and ``form``: the run's, so that its plan and cache keys are the run's."""
    return Summarizer(
        thread,
        None,
        counter or services.counter(profile, thread),
        profile=profile,
        lang=lang,
        cache=services.cache if reuse else None,
        use_cache=reuse,
        since_floor=since_floor,
        pipeline=pipeline,
        form=form,
    )


def figures_plan(summ: Summarizer) -> Plan:
    """``summ``'s plan, for its figures alone: its lines are only kept when the cached parts
    must be looked up with them (a big thread's lines are otherwise never all held)."""
    cache = summ.cache
    return summ.plan(keep_lines=summ.ledger.reusing and cache is not None and cache.has_partials(summ.scope))


def estimate(
    services: Services,
    thread: Thread,
    profile: EndpointProfile,
    lang: str = "auto",
    *,
    reuse: bool = True,
    since_floor: int | None = None,
    counter: TokenCounter | None = None,
    pipeline: str = "single",
    form: str = DEFAULT_FORM,
    speed: Speed | None = None,
) -> Estimate:
    """Plan the run (blocking: tiktoken, the keyring and the cache; call it off the GUI
    thread). ``reuse``: the run will use the cache (an ordinary "Summarize"), so parts
    whose partial results are cached cost no call; False for "Summarize again".
    ``since_floor``: the "what's new" digest of the comments after that floor.
    ``counter``: a token counter to reuse (a batch plans many threads). ``pipeline``: the
    strategy the run will use (its plan counts its own calls). ``form``: the answers' form
    (digest/forms.py: its cached parts are its own). ``speed``: this computer's,
    measured with the bundled model (else the one remembered, if any): the built-in
    engine's minutes."""
    summ = planner(
        services,
        thread,
        profile,
        lang,
        reuse=reuse,
        since_floor=since_floor,
        counter=counter,
        pipeline=pipeline,
        form=form,
    )
    plan = figures_plan(summ)
    prompt = sum(plan.sent_tokens) + plan.reduce_calls * plan.budget.reserve + plan.sort_prompt_tokens
    price = price_for(profile)
    cost = None
    if price:
        low = prompt * price[0] / 1e6
        cost = (low, low + plan.calls * plan.budget.reserve * price[1] / 1e6)
    missing = None
    if profile.kind.needs_key:
        found = services.keys.get(profile)
        if found.key is None:
            missing = found.keyring_error or msg("no API key is set for this endpoint")
    params = engine_params_billion(profile)
    if params is not None and speed is None:
        from ..llm.speedtest import remembered

        speed = remembered(services.caps)
    planned = Estimate(
        endpoint=profile.name,
        model=profile.model_label,
        calls=plan.calls,
        chunks=len(plan.chunks),
        prompt_tokens=prompt,
        reserve=plan.budget.reserve,
        exact=summ.counter.exact,
        cost_usd=cost,
        key_missing=missing,
        lang=summ.lang,
        warnings=list(plan.warnings),
        small_model=profile.bundled_model,
        reused_chunks=plan.reused,
        params_billion=params,
    )
    return timed(planned, speed)


def cached_digest(
    services: Services,
    thread: Thread,
    profile: EndpointProfile,
    lang: str = "auto",
    since_floor: int | None = None,
    *,
    form: str = DEFAULT_FORM,
) -> Digest | None:
    """The cached digest of this thread for this endpoint and model in the answers' form
    ``form`` (``since_floor``: of the comments after that floor only) (SQLite: off the GUI
    thread)."""
    return planner(services, thread, profile, lang, since_floor=since_floor, form=form).cached()


def previous_digest(
    services: Services,
    thread: Thread,
    profile: EndpointProfile,
    lang: str = "auto",
    *,
    form: str = DEFAULT_FORM,
) -> Digest | None:
    """The latest whole-thread digest of this thread, or of an earlier state of it with
    fewer comments, for this endpoint and model in ``form`` (SQLite: off the GUI thread)."""
    return planner(services, thread, profile, lang, form=form).previous()


def thread_growth(
    services: Services,
    thread: Thread,
    profile: EndpointProfile,
    lang: str = "auto",
    *,
    form: str = DEFAULT_FORM,
) -> Growth | None:
    """How many comments the thread gained since its latest digest for this endpoint and
    model in ``form``, and when that digest was made ("N new comments since the digest of <time>");
    None without such a digest. ``Growth.last_floor`` is the ``since_floor`` of a digest of
    the new comments alone (SQLite: off the GUI thread)."""
    return planner(services, thread, profile, lang, form=form).growth()

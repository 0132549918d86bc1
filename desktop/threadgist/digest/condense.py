"""A long article condensed once for the calls over parts of the thread (each part's
prompt then carries the condensation instead of the whole article), cached and shared with
other runs like a part's result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..llm.errors import OutputTruncated
from ..messages import Message, msg
from . import calls as C
from . import schema as S
from .cachekey import partial_key
from .caller import Caller, CallSpec
from .context import RunContext
from .ledger import ARTICLE, Ledger
from .model import Usage
from .plan import Plan
from .prompts import system_prompt, template
from .render import neutralise
from .stage import Stage

#: tokens a chat template adds around the messages that a count of their text leaves out
#: (role markers, BOS, a generation prompt): kept free when a prompt must fit the window
TEMPLATE_SLACK = 64


@dataclass(frozen=True)
class CondenseRequest:
    messages: list[dict[str, str]]
    limit_tokens: int  # the answer's room
    head: str  # what the parts are given when the model cannot condense the article
    warning: Message | None  # the article was cut to fit the condensing call


def condense_request(run: RunContext, plan: Plan) -> CondenseRequest:
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
    messages = [
        {"role": "system", "content": system_prompt(run.lang)},
        {
            "role": "user",
            "content": template("condense").substitute(
                article=article, limit=str(max(60, int(limit_tokens * 0.6)))
            ),
        },
    ]
    return CondenseRequest(messages, limit_tokens, article[: max(200, limit_tokens)], warning)


def condense_keys(run: RunContext, ledger: Ledger, plan: Plan) -> tuple[str, str]:
    """Where a condensation is cached: under its request, and under the article alone
    (whatever the limits of the request that made it: those follow from token counts,
    which a run that has learnt the server's tokenizer meanwhile counts otherwise; another
    run, or a later one, reuses it rather than condensing the article again, and so asks
    for the same parts)."""
    request = condense_request(run, plan)
    shape = request.limit_tokens // 3 if run.bounded else 0
    return (
        partial_key(ledger.scope, request.messages, ["condense", shape]),
        partial_key(ledger.scope, [{"role": "article", "content": plan.article}], ["condensed"]),
    )


def cached_condensation(run: RunContext, ledger: Ledger, plan: Plan) -> str:
    """The cached condensation of ``plan``'s article ("" when there is none)."""
    if ledger.cache is None:
        return ""
    for key in condense_keys(run, ledger, plan):
        hit = ledger.cache.get_partial(ledger.scope, key)
        if hit and str(hit.get("condensed", "")).strip():
            return str(hit["condensed"]).strip()
    return ""


async def condense(run: RunContext, caller: Caller, ledger: Ledger, plan: Plan) -> str:
    """The article condensed (cached, another run's, or this run's call)."""
    run.reporter.emit(Stage.CONDENSE, 0, 1)
    request = condense_request(run, plan)
    if request.warning:
        run.warnings.append(request.warning)
    ckey, akey = condense_keys(run, ledger, plan)

    def condensed(hit: dict[str, Any] | None) -> bool:
        return hit is not None and isinstance(hit.get("condensed"), str)

    key, hit = ckey, ledger.cached_partial(ckey)
    if not condensed(hit):
        key, hit = akey, ledger.cached_partial(akey)
    if not condensed(hit):
        hit = await ledger.claim_part(akey, ARTICLE)  # or another run's condensation
    if hit is not None and condensed(hit):
        data = hit
        ledger.reuse_cost(key)
    else:
        cost = Usage()
        shape = request.limit_tokens // 3 if run.bounded else 0
        spec = CallSpec(request.messages, S.condense_schema(shape), "condensed")
        try:
            data = await caller(spec, run.reporter.track(C.CallStep.CONDENSE, C.article()), cost)
        except OutputTruncated:
            run.warnings.append(
                msg(
                    "the model could not condense the article; the calls over parts of the "
                    "thread were given its beginning only"
                )
            )
            ledger.release(akey)
            return request.head
        if str(data.get("condensed", "")).strip():
            ledger.store(ckey, data, cost)
            ledger.store(akey, data, cost)
        else:
            ledger.release(akey)
    # the model's words go into every part's prompt: data, neutralised like the article
    text = neutralise(str(data.get("condensed", ""))).strip()
    run.warnings.append(msg("the article was condensed once for the calls over parts of the thread"))
    return text or request.head

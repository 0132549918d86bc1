"""How large a window a thread needs, so that a server that takes the window per request
(Ollama's native API) gets asked for no more than that (a larger window only costs
memory, and a model reloaded at another window costs seconds)."""

from __future__ import annotations

from ..llm.server_window import ServerWindow, WindowSource
from ..messages import Message, msg
from ..thread.model import Thread
from .budget import Budget
from .plan import PlanError, make_plan
from .tokens import TokenCounter


def window_need(
    thread: Thread, counter: TokenCounter, budget: Budget, lang: str, *, slack: int, staged: bool
) -> int:
    """The tokens one call over the whole thread takes (prompt, answer reserve and
    ``slack``) when it fits ``budget`` (planned at the largest window allowed); else the
    whole of that window, where the parts are as large as it lets them be. The staged
    pipeline's calls are sized by the window itself: it gets the whole of it."""
    if staged:
        return budget.context
    try:
        plan = make_plan(thread, counter, budget, lang)
    except (PlanError, ValueError):
        return budget.context
    if not plan.single or not plan.prompt_tokens:
        return budget.context
    return min(budget.context, plan.prompt_tokens[0] + budget.reserve + slack)


def short_window_note(window: ServerWindow, need: int) -> Message | None:
    """Why the thread is read at a smaller window than it needs, when the model itself
    could take more (None when it could not, or when nothing was cut short). Said for
    Ollama and LM Studio, whose windows are set apart from the model."""
    if window.source == WindowSource.USER:  # the window chosen is the user's to know
        return None
    if not (window.can_native or window.source == WindowSource.LMSTUDIO):
        return None
    if window.trained is None or need <= window.window or window.window >= window.trained:
        return None
    if window.allowed is not None and window.allowed <= window.window:
        return msg(
            "the thread needs a window of about {need:,} tokens and the model allows "
            "{trained:,}, but this computer's memory allows about {allowed:,}: the thread "
            "was read in parts",
            need=need,
            trained=window.trained,
            allowed=window.allowed,
        )
    return msg(
        "the thread needs a window of about {need:,} tokens and the model allows {trained:,}, "
        "but the server runs it at {window}: the thread was read in parts",
        need=need,
        trained=window.trained,
        window=window.describe(),
    )

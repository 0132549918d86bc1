"""Prompts a server cut without saying so, found from its own counts.

Ollama fits a prompt longer than its window by dropping the prompt's start (it keeps a
few tokens of the beginning and the end that fits): ``prompt_eval_count`` (natively) and
``usage.prompt_tokens`` (OpenAI-compatible route) then report the tokens kept, the
whole window. While it answers, it may also push the prompt's start out to make room
(a "context shift"), which shows as prompt + answer tokens beyond the window. Either way
the model never read the whole prompt: its answer must not become a digest, so the
request ends in :class:`~.errors.ContextExceeded` with the real window, and the pipeline
reads the thread in smaller parts.
"""

from __future__ import annotations

from ..messages import msg
from .errors import ContextExceeded
from .profiles import EndpointProfile
from .server_window import ServerWindow

#: a prompt count at or above this share of the window filled it: the prompt was cut
#: (the planner leaves the answer's reserve and a margin free, so a prompt it meant to
#: fit stays well below)
FULL_WINDOW = 0.98
#: a count below this share of the estimate (tiktoken's count, before the tokenizer
#: factor) is a cut prompt, whatever the window: no tokenizer counts half as many
HALF_ESTIMATE = 0.5
#: estimates below this many tokens are too small to judge (the chat template dominates)
MIN_JUDGED = 512


def check_counts(
    profile: EndpointProfile, window: ServerWindow | None, prompt: int | None, answer: int | None
) -> None:
    """Raise ContextExceeded when the server's counts show it cut the prompt to fit
    ``window`` (only for servers that cut silently: the others refuse such a prompt)."""
    if window is None or prompt is None or not profile.kind.truncates_silently:
        return
    size = window.window
    if prompt >= FULL_WINDOW * size or (answer is not None and prompt + answer > size):
        raise ContextExceeded(
            msg(
                "{server} read {reported} prompt tokens, its whole {window}-token window: "
                "it cut the start of the prompt to fit (the answer was not used)",
                server=profile.kind.label,
                reported=prompt,
                window=size,
            ),
            n_prompt=prompt,
            n_ctx=size,
        )


def cut_window(profile: EndpointProfile, reported: int, estimate: float) -> int | None:
    """The window a server that cuts silently really has, when its prompt count is far
    below the estimate (``estimate``: tiktoken's count of the prompt, before the
    endpoint's tokenizer factor); None when nothing shows a cut."""
    if not profile.kind.truncates_silently or estimate <= MIN_JUDGED:
        return None
    if reported >= HALF_ESTIMATE * estimate:
        return None
    return max(reported, 1024)

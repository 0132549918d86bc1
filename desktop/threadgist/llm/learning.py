"""Capability learning: what a request teaches about its endpoint+model, and what was
learnt before decides about the next request (which structured-output tiers to try, the
name of the token limit, the parameters to leave out). Kept in ``capabilities.py``."""

from __future__ import annotations

from typing import Any

from .capabilities import EndpointCaps
from .presets import is_reasoning_model
from .profiles import EndpointProfile

ALL_TIERS = ("json_schema", "json_object", "prompt")
#: what a request parameter the endpoint rejected teaches about it
_WITHOUT = {
    "max_tokens": EndpointCaps(max_tokens_param="max_completion_tokens"),
    "max_completion_tokens": EndpointCaps(max_tokens_param="max_tokens"),
    "stream_options": EndpointCaps(stream_usage=False),
    "temperature": EndpointCaps(temperature=False),
    "return_progress": EndpointCaps(return_progress=False),
}
#: prompts shorter than this (characters) teach nothing about tokens per character, and
#: prompts of fewer tokens than this evaluated teach nothing about the prefill speed
MIN_LEARNING_CHARS = 200
MIN_LEARNING_TOKENS = 64


def tiers(profile: EndpointProfile, learnt: EndpointCaps) -> list[str]:
    """The structured-output tiers to try, best first."""
    if learnt.tiers:
        return [tier for tier in ALL_TIERS if tier in learnt.tiers]
    return list(profile.kind.tiers)


def max_tokens_param(profile: EndpointProfile, learnt: EndpointCaps) -> str:
    """The name the endpoint takes the answer's token limit under."""
    if learnt.max_tokens_param is not None:
        return learnt.max_tokens_param
    if profile.kind.openai_params and is_reasoning_model(profile.model_label):
        return "max_completion_tokens"
    return "max_tokens"


def without(param: str) -> EndpointCaps | None:
    """What the endpoint's refusal of ``param`` teaches (None: nothing)."""
    return _WITHOUT.get(param)


def from_speed(timings: Any, prompt_tokens: int | None, chars: int) -> tuple[EndpointCaps, int | None]:
    """Tokens per character and the prefill speed (llama.cpp's ``timings``) a request
    teaches, and the prompt tokens the server really evaluated (None: it does not say)."""
    per_char = (
        round(prompt_tokens / chars, 4)
        if isinstance(prompt_tokens, int) and chars > MIN_LEARNING_CHARS
        else None
    )
    speed: float | None = None
    evaluated: int | None = None
    if isinstance(timings, dict):
        prompt_n, per_second = timings.get("prompt_n"), timings.get("prompt_per_second")
        if isinstance(prompt_n, int):
            evaluated = prompt_n
        if (
            isinstance(per_second, (int, float))
            and isinstance(prompt_n, int)
            and prompt_n >= MIN_LEARNING_TOKENS
        ):
            speed = round(float(per_second), 2)
    return EndpointCaps(tokens_per_char=per_char, prefill_per_second=speed), evaluated

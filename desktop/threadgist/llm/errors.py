"""Endpoint errors as user messages with a next step."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

from ..messages import Text, msg


class ErrorKind(StrEnum):
    """What went wrong; each kind has its own headline and next step in the GUI. The
    values are the strings logs and JSON have always had."""

    AUTH = "auth"
    QUOTA = "quota"
    RATE_LIMIT = "rate_limit"
    MODEL_NOT_FOUND = "model_not_found"
    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    CONTEXT = "context_exceeded"
    TRUNCATED = "truncated"
    BAD_OUTPUT = "bad_output"
    SERVER = "server"
    CONFIG = "config"
    UNSUPPORTED = "unsupported"
    #: not the endpoint's doing: a bug in Threadgist (the GUI's failure dialog)
    INTERNAL = "internal"


#: the kinds a request is made again for (after a wait)
RETRYABLE = frozenset({ErrorKind.RATE_LIMIT, ErrorKind.SERVER, ErrorKind.TIMEOUT, ErrorKind.UNREACHABLE})

_KEYLIKE_RE = re.compile(r"\b(sk-[A-Za-z0-9_\-]{8,}|[A-Za-z0-9]{32,})\b")


class EndpointError(Exception):
    """Something the endpoint did (or did not do). ``detail`` is for the user and
    already says what to do next (a Message the GUI translates; ``message`` is its English
    text); it never contains an API key."""

    def __init__(
        self,
        kind: ErrorKind,
        message: Text,
        *,
        retry_after: float | None = None,
        models: list[str] | None = None,
        n_prompt: int | None = None,
        n_ctx: int | None = None,
    ):
        super().__init__(str(message))
        self.kind = kind
        self.detail: Text = message
        self.message = str(message)
        self.retry_after = retry_after
        self.models = models or []
        self.n_prompt = n_prompt
        self.n_ctx = n_ctx

    def __str__(self) -> str:
        return self.message


class ContextExceeded(EndpointError):
    def __init__(self, message: Text, *, n_prompt: int | None = None, n_ctx: int | None = None):
        super().__init__(ErrorKind.CONTEXT, message, n_prompt=n_prompt, n_ctx=n_ctx)


class OutputTruncated(EndpointError):
    """The model stopped at the output limit (finish_reason == "length")."""

    def __init__(self, completion_tokens: int | None = None):
        super().__init__(
            ErrorKind.TRUNCATED,
            msg("the model's answer hit the output limit before it was complete"),
        )
        self.completion_tokens = completion_tokens


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Remove API keys (the given ones and anything key-shaped) from a message."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "[key removed]")
    return _KEYLIKE_RE.sub("[key removed]", text)

"""How long a request may take and when it is made again: the request policy.

Nothing an endpoint sends is trusted to end by itself: every request has a deadline (its
retries included, :class:`Deadline`), or the run's when that comes first. Local servers
read the whole prompt before their first token, which on a CPU takes minutes: their waits
grow with the prompt and the prefill speed measured on earlier requests.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .capabilities import EndpointCaps
from .chat import RunEnd
from .errors import RETRYABLE, EndpointError, ErrorKind
from .profiles import EndpointProfile
from .wording import out_of_time

#: before anything is measured: a generous guess at tokens per character of a prompt
#: (CJK text on a small model's tokenizer) and the slowest prefill worth waiting for
DEFAULT_TOKENS_PER_CHAR = 1.5
SLOWEST_PREFILL = 10.0  # tokens per second
MAX_FIRST_TOKEN_WAIT = 3600.0

#: how long one request may take, its retries included (seconds). Local servers get more
#: when the prompt is long: the first-token wait plus the answer at SLOWEST_ANSWER,
#: never more than MAX_REQUEST_TIMEOUT. A request_timeout that is set applies as it is.
DEFAULT_REQUEST_TIMEOUT = 600.0
MAX_REQUEST_TIMEOUT = 3600.0
SLOWEST_ANSWER = 4.0  # tokens per second
#: listing an endpoint's models takes at most this long
LIST_MODELS_TIMEOUT = 60.0
#: a retry is made only when this much of the deadline would be left after the wait
MIN_RETRY_TIME = 1.0
#: the connection's own timeouts (seconds); the read timeout is the client's
CONNECT_TIMEOUT = 10.0
WRITE_TIMEOUT = 60.0
POOL_TIMEOUT = 10.0


@dataclass(frozen=True)
class Deadline:
    """When a request must have ended: its own deadline, or the run's."""

    at: float  # time.monotonic()
    seconds: float | None  # the limit, for messages
    run: bool

    @classmethod
    def first_of(cls, limit: float, run: RunEnd | None, *, start: float | None = None) -> Deadline:
        """``limit`` seconds from ``start`` (default: now), or the run's end when sooner."""
        ends_at = (time.monotonic() if start is None else start) + limit
        if run is not None and run.at < ends_at:
            return cls(run.at, run.seconds, run=True)
        return cls(ends_at, limit, run=False)

    def left(self) -> float:
        return self.at - time.monotonic()

    def error(self, name: str, *, answering: bool) -> EndpointError:
        return out_of_time(name, self.seconds, run=self.run, answering=answering)


def first_token_wait(read_timeout: float, learnt: EndpointCaps, chars: int) -> float:
    """The longest silence before a local server's first token: it grows with the prompt
    and the prefill speed measured on earlier requests (llama.cpp's timings), never below
    the client's read timeout nor above an hour."""
    per_char = learnt.tokens_per_char
    tokens = chars * (per_char if per_char is not None else DEFAULT_TOKENS_PER_CHAR)
    speed = learnt.prefill_per_second
    floor = speed if speed is not None and speed > 0 else SLOWEST_PREFILL
    return min(MAX_FIRST_TOKEN_WAIT, max(read_timeout, 2 * tokens / floor + 30))


def request_limit(
    profile: EndpointProfile, request_timeout: float | None, first_token: float, max_tokens: int
) -> float:
    """How long one request may take, retries included (``first_token``: its
    :func:`first_token_wait`)."""
    if request_timeout is not None:
        return request_timeout
    if not profile.kind.local:
        return DEFAULT_REQUEST_TIMEOUT
    return min(MAX_REQUEST_TIMEOUT, max(DEFAULT_REQUEST_TIMEOUT, first_token + max_tokens / SLOWEST_ANSWER))


def retry_wait(
    error: EndpointError, profile: EndpointProfile, attempt: int, max_wait: float, deadline: Deadline
) -> float | None:
    """How long to wait before making a failed request again, or None when it is not
    made again: an error that will not pass, a local server that is not running, a wait
    longer than ``max_wait`` or past the deadline."""
    if error.kind not in RETRYABLE:
        return None
    if error.kind == ErrorKind.UNREACHABLE and profile.kind.local:
        return None
    wait = error.retry_after if error.retry_after is not None else min(8.0, 0.5 * 2**attempt)
    if wait > max_wait or deadline.left() - wait < MIN_RETRY_TIME:
        return None
    return wait

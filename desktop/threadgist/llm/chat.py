"""The one interface a run talks to an endpoint through: :class:`ChatClient`.

The plain client (``client.py`` :class:`~.client.LLMClient`), the endpoint pool
(``pool.py``) and OpenAI's Batch API (``openai_batch.py``) each implement it; the digest
package depends on this Protocol only, never on which of them it was given. What a run
needs of an endpoint is here by name: the structured-output call, the limits of a request
and of the run, what the endpoint was found to know (its prefill speed, its tokenizer),
fitting a local server's window, and the key for a local server's own endpoints.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from .errors import ErrorKind

if TYPE_CHECKING:
    from .profiles import EndpointProfile
    from .server_window import ServerWindow

Validator = Callable[[Any], list[str]]
TextSink = Callable[[str], None]
#: the prompt read so far: (tokens processed, tokens in all), from llama.cpp's
#: prompt-progress stream
PrefillSink = Callable[[int, int], None]


@dataclass(frozen=True)
class Retry:
    """A request made again (after a wait, or on another member of a pool) because the
    endpoint failed with ``kind``."""

    kind: ErrorKind


@dataclass(frozen=True)
class Repair:
    """The answer was not the JSON asked for: the model was asked once to correct it."""


#: what happened that costs another request
CallEvent = Retry | Repair
EventSink = Callable[[CallEvent], None]


@dataclass
class Completion:
    data: Any
    text: str
    finish: str
    tier: str
    prompt_tokens: int | None  # as reported by the server
    completion_tokens: int | None
    seconds: float
    calls: int  # requests made, including retries and the repair attempt
    #: prompt tokens the server really evaluated (llama.cpp's timings.prompt_n: a prompt
    #: prefix it had cached is not evaluated again); None when it does not say
    prompt_evaluated: int | None = None


@dataclass(frozen=True)
class RunEnd:
    """The run's time limit: no request runs after ``at`` (time.monotonic()); ``seconds``
    is the limit as the user gave it, for messages."""

    at: float
    seconds: float | None

    @classmethod
    def after(cls, seconds: float) -> RunEnd:
        return cls(time.monotonic() + seconds, seconds)


class ChatClient(Protocol):
    """What a run needs of an endpoint (see the module's docstring)."""

    @property
    def profile(self) -> EndpointProfile: ...

    @property
    def api_key(self) -> str | None:
        """The key, for a local server's own endpoints (llama.cpp's /props, /tokenize)."""
        ...

    @property
    def run_end(self) -> RunEnd | None: ...

    def set_run_end(self, end: RunEnd | None) -> None:
        """No request runs after ``end`` (None: no limit)."""
        ...

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
        """Ask for JSON matching ``schema``; returns the parsed, validated document."""
        ...

    def request_limit(self, chars: int, max_tokens: int) -> float:
        """How long one request of ``chars`` prompt characters may take, retries included."""
        ...

    def prefill_speed(self) -> float | None:
        """The prompt tokens per second the endpoint was measured to read (None: unknown)."""
        ...

    def tokenizer_factor(self) -> float | None:
        """The learnt ratio of the endpoint's token counts to the estimate's (None: none)."""
        ...

    def learn_tokenizer_factor(self, factor: float) -> None: ...

    def fit_window(self, found: ServerWindow, need: int) -> ServerWindow:
        """Fit a local server's window to a thread's ``need`` and send requests for it."""
        ...

    async def list_models(self) -> list[str]: ...

    def redact(self, text: str) -> str:
        """``text`` without the API keys this client knows."""
        ...

    async def aclose(self) -> None: ...

"""One structured-output request as the client sends it, and what its ways of sending it
(the OpenAI-compatible route, ``openai_route.py``; Ollama's native API,
``ollama_chat.py``) share: the request (:class:`Ask`), its raw answer (:class:`Raw`), and
what a way of sending needs of the client (:class:`Connection`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from .chat import CallEvent, EventSink, PrefillSink, TextSink

if TYPE_CHECKING:
    from .capabilities import EndpointCaps
    from .policy import Deadline
    from .profiles import EndpointProfile


class Activity(Protocol):
    """Told when a request starts and ends (the built-in engine's idle clock)."""

    def begin(self) -> None: ...

    def end(self) -> None: ...


@dataclass(frozen=True)
class Hooks:
    """Who hears about a request while it runs."""

    on_text: TextSink | None = None
    on_prefill: PrefillSink | None = None
    on_event: EventSink | None = None

    def event(self, what: CallEvent) -> None:
        if self.on_event is not None:
            self.on_event(what)


@dataclass
class Ask:
    """One structured-output request, as sent (retries and the repair reuse it)."""

    tier: str
    messages: list[dict[str, str]]
    schema_name: str
    schema: dict[str, Any]
    max_tokens: int
    hooks: Hooks

    @property
    def chars(self) -> int:
        """The prompt's length in characters."""
        return sum(len(message.get("content", "")) for message in self.messages)


@dataclass
class Raw:
    """One request's answer, before its JSON is read."""

    text: str
    finish: str
    prompt_tokens: int | None
    completion_tokens: int | None
    calls: int
    prompt_evaluated: int | None = None


class Connection(Protocol):
    """What a way of sending a request needs of the client."""

    @property
    def profile(self) -> EndpointProfile: ...

    @property
    def api_key(self) -> str | None: ...

    @property
    def activity(self) -> Activity | None: ...

    def learnt(self) -> EndpointCaps: ...

    def max_tokens_param(self) -> str: ...

    def first_token_wait(self, chars: int) -> float: ...

    def learn_speed(self, timings: Any, prompt_tokens: int | None, chars: int) -> int | None:
        """Remember what the request's counts teach; the prompt tokens evaluated."""
        ...


class Transport(Protocol):
    """A way to send a request: the OpenAI-compatible route, or another one (Ollama's
    native /api/chat)."""

    async def send(self, conn: Connection, ask: Ask, deadline: Deadline) -> Raw: ...


def with_json_instruction(messages: list[dict[str, str]], schema: dict[str, Any]) -> list[dict[str, str]]:
    """json_object and prompt-only tiers need the word JSON and the shape in the prompt."""
    note = (
        "\n\nAnswer with one JSON object only (no Markdown, no code fence, no commentary), "
        "matching this JSON Schema:\n" + json.dumps(schema, ensure_ascii=False, separators=(",", ":"))
    )
    out = [dict(message) for message in messages]
    for message in out:
        if message["role"] == "system":
            message["content"] += note
            return out
    return [{"role": "system", "content": note.strip()}, *out]

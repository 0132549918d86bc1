"""What a merge needs of the run it belongs to (:class:`MergeEnv`), and the one way it
asks the model: a :class:`MergeRequest` whose answer comes back read into typed data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from ..llm.errors import EndpointError
from ..messages import Message, Text
from . import schema as S
from .budget import Budget
from .tokens import TokenCounter

T = TypeVar("T")


@dataclass(frozen=True)
class MergeRequest(Generic[T]):
    """One merge or placement call: its messages, the JSON schema of its answer, and
    ``read``, which turns the answer's JSON into what the merge works with."""

    messages: list[dict[str, str]]
    schema: dict[str, Any]  # a JSON Schema, sent as is
    name: str
    covers: Message  # what the progress line says the call reads
    top: bool  # the last merge (its summary is shown as it is written)
    max_tokens: int
    read: Callable[[dict[str, Any]], T]


class MergeCall(Protocol):
    async def __call__(self, request: MergeRequest[T]) -> T: ...


@dataclass
class MergeEnv:
    """What a merge needs of the run it belongs to."""

    counter: TokenCounter
    budget: Budget  # the run's; its context shrinks when a prompt did not fit
    #: the messages of a prompt template, the thread's header filled in
    messages: Callable[[str, dict[str, str]], list[dict[str, str]]]
    #: the tokens of a template's text and the system prompt (no data)
    fixed: Callable[[str], int]
    call: MergeCall
    limits: Callable[[], S.Limits | None]  # grammar limits for small local models
    warnings: list[Text]
    change: Callable[[Message], None]  # the run makes other calls than planned: why
    tick: Callable[[], None]  # one planned merge call done
    #: learn from a merge that did not fit (False: the window cannot shrink further)
    learn: Callable[[EndpointError], bool]
    slack: int = 64  # tokens a chat template adds around the messages

"""One answer checked, and one repair asked for when it is not the JSON requested.

Every client asks the same way (:func:`with_repair`): the answer is parsed and validated;
when it has problems, the model gets its answer back with the problems and is asked once
for the corrected JSON object. Whoever calls it says what a second failure means (its own
message) and counts the requests.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from .chat import EventSink, Repair, Validator
from .jsonextract import extract_json

#: how much of the invalid answer is sent back, and how many of its problems
REPAIR_ANSWER_CHARS = 20000
REPAIR_PROBLEMS = 8


class Answered(Protocol):
    @property
    def text(self) -> str: ...


A = TypeVar("A", bound=Answered)


@dataclass
class Repaired(Generic[A]):
    """The last answer, its document and what is still wrong with it (empty: valid);
    ``answers`` holds every answer, the first one included."""

    data: Any
    answer: A
    problems: list[str]
    answers: list[A]


def parse_and_check(text: str, validate: Validator) -> tuple[Any, list[str]]:
    """The JSON document in ``text`` and its problems (empty: valid)."""
    data, err = extract_json(text)
    if err is not None:
        return None, [err]
    return data, validate(data)


def repair_messages(messages: list[dict[str, str]], text: str, problems: list[str]) -> list[dict[str, str]]:
    """The conversation that asks the model to correct its answer ``text``."""
    return [
        *messages,
        {"role": "assistant", "content": text[:REPAIR_ANSWER_CHARS]},
        {
            "role": "user",
            "content": (
                "That answer is not valid: "
                + "; ".join(problems[:REPAIR_PROBLEMS])
                + ". Reply again with only the corrected JSON object."
            ),
        },
    ]


async def with_repair(
    send: Callable[[list[dict[str, str]]], Awaitable[A]],
    validate: Validator,
    messages: list[dict[str, str]],
    on_event: EventSink | None,
) -> Repaired[A]:
    """Send ``messages``; when the answer is not valid, tell ``on_event`` (a
    :class:`~.chat.Repair`) and send the repair conversation once."""
    first = await send(messages)
    data, problems = parse_and_check(first.text, validate)
    if not problems:
        return Repaired(data, first, [], [first])
    if on_event is not None:
        on_event(Repair())
    again = await send(repair_messages(messages, first.text, problems))
    data, problems = parse_and_check(again.text, validate)
    return Repaired(data, again, problems, [first, again])

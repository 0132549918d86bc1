"""The staged pipeline, in the shape of Jigsaw's Sensemaker: find the topics → put every
comment in one topic → summarize from the counted topics.

Each call asks for less than the single-pass prompt: a short list of topics; then, for a
batch of comment lines, one topic number per line, where the JSON keys are the lines'
floors in order (servers with grammars, llama.cpp among them, make a model answer every
line exactly once); then a summary written from the topics and their sizes, which code
counted. Quotes are verbatim excerpts chosen by code from each topic's comments.

Calls: 1 + ⌈lines ÷ batch⌉ + 1. The article and the topic list come first in every
categorize prompt, so a server's prompt cache reuses them from one batch to the next.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from ..messages import Message, Text, msg
from ..thread.model import Thread
from . import calls as C
from .packing import greedy
from .partial import Cited, Group, Partial
from .prompts import system_prompt, template
from .render import Line, clean, render_article, render_header, render_lines
from .stage import Stage
from .tokens import TokenCounter

MAX_TOPICS = 8
#: comment lines per categorize call: small enough for a small model to keep track of
#: them, large enough that the article is not re-read too often
BATCH_LINES = 20
#: tokens of answer per line in a categorize call ("123": 4, …) with room to spare
TOKENS_PER_LABEL = 10
SAMPLES_PER_TOPIC = 3
QUOTE_CHARS = 30
TITLE_CHARS = 80

#: (messages, schema, name, max_tokens, step, what the call covers) → the answer
Call = Callable[
    [list[dict[str, str]], dict[str, Any], str, int, C.CallStep, Message], Awaitable[dict[str, Any]]
]


@dataclass(frozen=True)
class Topic:
    title: str
    description: str
    off: bool


def _obj(props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "required": list(props), "properties": props}


def topics_schema(max_topics: int = MAX_TOPICS) -> dict[str, Any]:
    return _obj(
        {
            "topics": {
                "type": "array",
                "maxItems": max_topics,
                "items": _obj(
                    {
                        "title": {"type": "string", "maxLength": TITLE_CHARS},
                        "description": {"type": "string", "maxLength": 160},
                        "kind": {"type": "string", "enum": ["on", "off"]},
                    }
                ),
            }
        }
    )


def labels_schema(keys: list[str], topics: int) -> dict[str, Any]:
    return _obj({key: {"type": "integer", "enum": list(range(topics + 1))} for key in keys})


def summary_schema(max_chars: int = 600) -> dict[str, Any]:
    return _obj({"summary": {"type": "string", "maxLength": max_chars}})


class StagedRun:
    """One staged digest; ``call(messages, schema, name, max_tokens)`` does the requests
    (the Summarizer's retrying, counting client call)."""

    def __init__(
        self,
        thread: Thread,
        lang: str,
        counter: TokenCounter,
        data_tokens: int,
        call: Call,
        tick: Callable[[Stage], None],
        warnings: list[Text],
    ):
        self.thread = thread
        self.lang = lang
        self.counter = counter
        self.data_tokens = data_tokens  # prompt room for article + comments per call
        self.call = call
        self.tick = tick
        self.warnings = warnings
        self.lines = [line for line in render_lines(thread) if line.first]  # notes are not citable
        self.article = render_article(thread)

    @staticmethod
    def calls_for(lines: int) -> int:
        return 2 + max(1, -(-lines // BATCH_LINES))

    async def run(self) -> Partial:
        topics = await self._topics()
        floors_of: list[list[int]] = [[] for _ in topics]
        batches = greedy([1] * len(self.lines), BATCH_LINES)
        for start, end in batches:
            for line, label in zip(
                self.lines[start:end], await self._categorize(topics, self.lines[start:end]), strict=True
            ):
                if label:
                    floors_of[label - 1].extend(range(line.first, line.last + 1))
            self.tick(Stage.MAP)
        summary = await self._describe(topics, floors_of)
        return self._raw(topics, floors_of, summary)

    # ---- the three stages ----------------------------------------------------------
    async def _topics(self) -> list[Topic]:
        comments = self._fit(
            [line.text for line in self.lines], self.data_tokens - self.counter.count(self.article)
        )
        msgs = self._messages("topics", comments=comments, max_topics=str(MAX_TOPICS))
        data = await self.call(
            msgs, topics_schema(), "topics", 900, C.CallStep.TOPICS, C.span(self.lines, self.thread.site)
        )
        topics: list[Topic] = []
        seen: set[str] = set()
        for item in data.get("topics", []):
            title = clean(str(item.get("title", "")))[:TITLE_CHARS]
            if not title or title in seen:
                continue
            seen.add(title)
            topics.append(
                Topic(title, clean(str(item.get("description", "")))[:160], item.get("kind") == "off")
            )
        self.tick(Stage.PLAN)
        return topics[:MAX_TOPICS]

    async def _categorize(self, topics: list[Topic], lines: list[Line]) -> list[int]:
        if not topics:
            return [0] * len(lines)
        keys = [str(line.first) for line in lines]
        listing = "\n".join(
            f"{i}. [{'off topic' if topic.off else 'on topic'}] {topic.title}: {topic.description}"
            for i, topic in enumerate(topics, 1)
        )
        msgs = self._messages("categorize", topics=listing, comments="\n".join(line.text for line in lines))
        data = await self.call(
            msgs,
            labels_schema(keys, len(topics)),
            "labels",
            16 + TOKENS_PER_LABEL * len(lines),
            C.CallStep.SORT,
            C.span(lines, self.thread.site),
        )
        out: list[int] = []
        for key in keys:
            label = data.get(key)
            out.append(
                label
                if isinstance(label, int) and not isinstance(label, bool) and 0 <= label <= len(topics)
                else 0
            )
        return out

    async def _describe(self, topics: list[Topic], floors_of: list[list[int]]) -> str:
        blocks = []
        total = len(self.thread.comments) or 1
        for topic, floors in zip(topics, floors_of, strict=True):
            if not floors:
                continue
            kind = "off topic" if topic.off else "on topic"
            samples = [
                clean(comment.text)
                for floor in floors[:SAMPLES_PER_TOPIC]
                if (comment := self.thread.comment(floor)) is not None
            ]
            blocks.append(
                f"- {topic.title} ({kind}; {len(floors)} comment lines, "
                f"{len(floors) / total:.0%}): {topic.description}\n  e.g. " + " / ".join(samples)
            )
        listing = "\n".join(blocks) or "- (no topic was found)"
        msgs = self._messages("describe", topics=listing)
        data = await self.call(
            msgs, summary_schema(), "summary", 700, C.CallStep.DESCRIBE, C.topics(len(blocks))
        )
        self.tick(Stage.REDUCE)
        return str(data.get("summary", "")).strip()

    # ---- plumbing --------------------------------------------------------------------
    def _fit(self, texts: list[str], budget: int) -> str:
        """All lines when they fit, else an even sample of them (said in a warning)."""
        sizes = self.counter.count_many(texts)
        if sum(sizes) + len(sizes) <= budget:
            return "\n".join(texts)
        step = (sum(sizes) + len(sizes)) / max(budget, 1)
        picked = [texts[int(i * step)] for i in range(int(len(texts) / step))]
        self.warnings.append(
            msg(
                "the topics were found from an even sample of {picked} of "
                "{total} comments; every comment was then sorted into them",
                picked=len(picked),
                total=len(texts),
            )
        )
        return "\n".join(picked)

    def _messages(self, kind: str, **values: str) -> list[dict[str, str]]:
        user = template(kind).substitute(header=render_header(self.thread), article=self.article, **values)
        return [{"role": "system", "content": system_prompt(self.lang)}, {"role": "user", "content": user}]

    def _raw(self, topics: list[Topic], floors_of: list[list[int]], summary: str) -> Partial:
        out = Partial(summary)
        for topic, floors in zip(topics, floors_of, strict=True):
            if not floors:
                continue
            if topic.off:
                out.off_topic.append(Group(topic.title, topic.description, floors))
            else:
                out.viewpoints.append(Group(topic.title, topic.description, floors, self._quotes(floors)))
        return out

    def _quotes(self, floors: list[int]) -> list[Cited]:
        return longest_quotes(self.thread, floors, 2, QUOTE_CHARS)


def longest_quotes(thread: Thread, floors: list[int], count: int, chars: int) -> list[Cited]:
    """The ``count`` longest comments among ``floors``, cut to ``chars``: quotes that are
    verbatim by construction (for groups whose quotes no model wrote)."""
    by_length = sorted(
        (
            comment
            for floor in floors
            if (comment := thread.comment(floor)) is not None and comment.text.strip()
        ),
        key=lambda comment: -len(comment.text),
    )
    return [Cited(comment.floor, comment.text.strip()[:chars]) for comment in by_length[:count]]

"""What the parts of one summarize run share: the thread, the endpoint and its client, the
token counter and the window, what the run has spent and noticed, and its progress."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from ..llm.chat import ChatClient
from ..llm.errors import EndpointError
from ..llm.profiles import EndpointProfile
from ..messages import Text
from ..thread.model import Thread
from . import schema as S
from .budget import Budget
from .forms import summary_sentences, template_name
from .model import Usage
from .progress import CallRecord, Reporter
from .prompts import system_prompt, template
from .render import render_header
from .tokens import TokenCounter


@dataclass
class RunContext:
    thread: Thread  # what the run digests (the new comments alone, for "what's new")
    profile: EndpointProfile
    counter: TokenCounter  # replaced once a llama.cpp server's own counts are learnt
    budget: Budget
    lang: str
    reporter: Reporter
    usage: Usage
    client_or_none: ChatClient | None = None  # None: a run that only plans
    #: a semaphore every request of this run holds while it runs (a batch's shared slots)
    limiter: asyncio.Semaphore | None = None
    warnings: list[Text] = field(default_factory=list)
    call_log: list[CallRecord] = field(default_factory=list)  # every call, in order
    #: the answer reserve the user (or a retry that needed more) set; 0: chosen per window
    explicit_reserve: int = 0
    form: str = "rich"  # the answers' form (digest/forms.py)
    #: read in parts: sort every comment into the merged groups (digest/resort.py)
    sort: bool = False

    @property
    def client(self) -> ChatClient:
        """The endpoint's client (only a run needs it)."""
        if self.client_or_none is None:
            raise RuntimeError("this Summarizer was made to plan: it has no client to run with")
        return self.client_or_none

    @property
    def bounded(self) -> bool:
        """Answers are bounded by grammar limits (small local models)."""
        return self.profile.kind.local

    def set_context(self, context: int) -> None:
        """Use this context window; unless a reserve was set, keep the answer's reserve
        at most a quarter of a small window."""
        self.budget.context = context
        if self.explicit_reserve:
            self.budget.reserve = self.explicit_reserve
        else:
            self.budget.reserve = min(self.profile.kind.output_reserve, max(384, context // 4))

    def learn(self, error: EndpointError) -> None:
        """A prompt did not fit: use the window the server reported, when smaller."""
        if error.n_ctx and error.n_ctx < self.budget.context:
            self.set_context(error.n_ctx)

    def limits(self) -> S.Limits | None:
        return S.limits_for(self.budget.reserve) if self.bounded else None

    def answer_schema(self) -> dict[str, Any]:
        """The schema of a single or map call's answer, in this run's form."""
        limits = self.limits()
        return S.compact_schema(limits) if self.form == "compact" else S.partial_schema(limits)

    def messages(self, kind: str, **values: str) -> list[dict[str, str]]:
        values.setdefault("sentences", summary_sentences(len(self.thread.comments)))
        name = template_name(kind, self.form)
        user = template(name).substitute(header=render_header(self.thread), **values)
        return [
            {"role": "system", "content": system_prompt(self.lang, kind)},
            {"role": "user", "content": user},
        ]

    def spend(self, cost: Usage | None, prompt: int, completion: int, calls: int) -> None:
        """Count a request's tokens in the run's usage, and in ``cost`` (a part's own)."""
        self.usage.add(prompt, completion, calls)
        if cost is not None:
            cost.add(prompt, completion, calls)

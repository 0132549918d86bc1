"""OpenAI's Batch API as a client: requests wait for a batch instead of being sent one by
one (half the price, answers within 24 hours).

:class:`BatchAPIClient` is a :class:`~.chat.ChatClient` around an endpoint's client, so a
:class:`~threadgist.digest.pipeline.Summarizer` takes it as it takes a client. Each
``complete_json`` call becomes one line of a JSONL file; when no new request has come for
``quiet`` seconds (every run of a batch has asked what it can ask before an answer), the
lines waiting are uploaded (files API, purpose ``batch``), a batch is created, polled
every ``poll`` seconds, and its output downloaded; each answer goes back to the request
that asked for it, which goes on (a map result's reduce call is asked in the next batch).

Resumable across restarts: a request's ``custom_id`` is the hash of its body, so the same
run asks the same requests; every batch created is recorded in ``journal`` (a folder:
one JSON file per batch with the ids it holds, the endpoint and model it was sent to, its
output once downloaded). A request found in a recorded batch of this endpoint and model
waits for that batch (or takes its answer at once) instead of being sent again; a request
whose recorded answer is an error, or whose batch ended (expired, cancelled, failed)
before answering it, is sent again. A batch is announced in the journal before it is
created (``pending-<token>.json``) and created with that token in its metadata: a run
killed between the creation and the record finds the batch again by its token on the
server instead of creating (and paying for) a second one.

The requests wait in ``batch_queue.py``; the journal's files are ``batch_journal.py``'s;
the Files and Batches APIs are spoken by
``batch_server.py``.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..messages import msg
from .batch_journal import Journal
from .batch_queue import MAX_REQUESTS, BatchQueue
from .batch_server import BatchServer
from .chat import Completion, EventSink, PrefillSink, RunEnd, TextSink, Validator
from .client import LLMClient
from .errors import EndpointError, ErrorKind, OutputTruncated
from .repair import with_repair

if TYPE_CHECKING:
    from .server_window import ServerWindow


class BatchAPIClient:
    """An endpoint's client whose requests go in batches (see the module's docstring)."""

    def __init__(self, client: LLMClient, journal: Path, *, poll: float = 30.0, quiet: float = 1.0):
        """``client``: the OpenAI endpoint's (its key, base URL, model); ``journal``: the
        folder that records the batches; ``poll``: seconds between looks at a batch;
        ``quiet``: seconds without a new request before the waiting ones are sent."""
        self.profile = dataclasses.replace(client.profile, concurrency=MAX_REQUESTS)
        self.inner = client
        self._run_end: RunEnd | None = None
        self.queue = BatchQueue(
            Journal(journal, self.profile),
            BatchServer(client.sdk, self.profile, client.api_key, poll),
            self.profile.name,
            quiet,
        )

    @property
    def created(self) -> list[str]:
        """The batches created by this client."""
        return self.queue.created

    @property
    def reused(self) -> int:
        """The answers taken from batches recorded before."""
        return self.queue.reused

    @property
    def adopted(self) -> list[str]:
        """The batches an earlier run created but did not record."""
        return self.queue.adopted

    # ---- what a run asks of any client ------------------------------------------------
    @property
    def api_key(self) -> str | None:
        return self.inner.api_key

    @property
    def run_end(self) -> RunEnd | None:
        return self._run_end

    def set_run_end(self, end: RunEnd | None) -> None:
        """Kept for the run (a batch's answers come when the batch ends)."""
        self._run_end = end

    def request_limit(self, chars: int, max_tokens: int) -> float:
        return self.inner.request_limit(chars, max_tokens)

    def prefill_speed(self) -> float | None:
        return self.inner.prefill_speed()

    def tokenizer_factor(self) -> float | None:
        return self.inner.tokenizer_factor()

    def learn_tokenizer_factor(self, factor: float) -> None:
        self.inner.learn_tokenizer_factor(factor)

    def fit_window(self, found: ServerWindow, need: int) -> ServerWindow:
        """Batches go through the OpenAI-compatible API only."""
        return dataclasses.replace(found, can_native=False, native=False).fit(need)

    async def list_models(self) -> list[str]:
        return await self.inner.list_models()

    def redact(self, text: str) -> str:
        return self.inner.redact(text)

    # ---- the main call ------------------------------------------------------------
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
        started = time.monotonic()

        async def send(conversation: list[dict[str, str]]) -> _Answer:
            answer = _answer(
                await self.queue.ask(self._body(conversation, schema_name, schema, max_tokens)),
                self.profile.name,
            )
            if answer.finish == "length":  # not repaired: a longer answer would not fit either
                raise OutputTruncated(answer.usage.get("completion_tokens"))
            return answer

        # the repair, when one is needed, goes in a later batch
        repaired = await with_repair(send, validate, messages, on_event)
        if repaired.problems:
            raise EndpointError(
                ErrorKind.BAD_OUTPUT,
                msg(
                    "the model ({model}) did not return the "
                    "requested JSON even after one correction "
                    "({problems})",
                    model=self.profile.model_label,
                    problems="; ".join(repaired.problems[:3]),
                ),
            )
        answer = repaired.answer
        if on_text is not None:
            on_text(answer.text)
        return Completion(
            repaired.data,
            answer.text,
            answer.finish,
            "json_schema",
            answer.usage.get("prompt_tokens"),
            answer.usage.get("completion_tokens"),
            time.monotonic() - started,
            len(repaired.answers),
        )

    def _body(
        self, messages: list[dict[str, str]], schema_name: str, schema: dict[str, Any], max_tokens: int
    ) -> dict[str, Any]:
        return {
            "model": self.profile.model,
            "messages": messages,
            self.inner.max_tokens_param(): max_tokens,
            "temperature": 0,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": schema_name, "schema": schema, "strict": True},
            },
        }

    async def aclose(self) -> None:
        await self.queue.aclose()
        await self.inner.aclose()


@dataclass(frozen=True)
class _Answer:
    """One output line's answer."""

    text: str
    finish: str
    usage: dict[str, Any]


def _answer(line: dict[str, Any], name: str) -> _Answer:
    """The answer of one output line; errors as EndpointError."""
    response = line.get("response") or {}
    body = response.get("body") if isinstance(response, dict) else None
    status = response.get("status_code") if isinstance(response, dict) else None
    if line.get("error") or status != 200 or not isinstance(body, dict):
        err = line.get("error") or (body or {}).get("error") or {}
        what = err.get("message") if isinstance(err, dict) else str(err)
        raise EndpointError(
            ErrorKind.SERVER,
            msg(
                "“{name}” answered a request of the batch with an error ({status}): {server}",
                name=name,
                status=str(status),
                server=str(what)[:300],
            ),
        )
    try:
        choice = body["choices"][0]
        text = choice["message"]["content"] or ""
        finish = choice.get("finish_reason") or "stop"
    except (KeyError, IndexError, TypeError):
        raise EndpointError(
            ErrorKind.BAD_OUTPUT, msg("“{name}” sent a batch answer without a message", name=name)
        ) from None
    usage = body.get("usage")
    return _Answer(str(text), str(finish), usage if isinstance(usage, dict) else {})

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
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import json
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..fsutil import atomic_write
from ..messages import msg
from .chat import Completion, EventSink, PrefillSink, RunEnd, TextSink, Validator
from .client import LLMClient
from .errors import RETRYABLE, EndpointError, ErrorKind, OutputTruncated
from .repair import with_repair

if TYPE_CHECKING:
    from .server_window import ServerWindow

#: batches that ended without answers for all their requests (OpenAI still gives the
#: output of those it answered; "cancelling" is not an end: the output comes with
#: "cancelled")
_ENDED = ("failed", "expired", "cancelled")
#: the statuses after which a batch does not change
_FINAL = ("completed", *_ENDED)
#: the most requests in one batch (OpenAI's limit is 50,000)
MAX_REQUESTS = 50_000
#: a batch announced, not yet recorded: ``pending-<token>.json``; the token is the batch's
#: metadata under ``METADATA_KEY``
PENDING = "pending-"
METADATA_KEY = "threadgist_batch"
#: how far back, before an announcement, the server's batch list is read for its batch
PENDING_SLACK = 3600.0


@dataclass
class _Pending:
    """A batch an earlier run announced and may have created (it stopped before its
    record): found again on the server by ``token``."""

    path: Path
    token: str
    custom_ids: list[str]
    announced: float  # time.time()


@dataclass
class _Waiting:
    custom_id: str
    body: dict[str, Any]
    future: asyncio.Future[dict[str, Any]]
    #: sent again already because the server did not know its batch: a second time would
    #: go round for ever with a server that forgets every batch
    resent: bool = False


@dataclass
class _Batch:
    id: str
    custom_ids: list[str]
    status: str = "validating"
    output: dict[str, dict[str, Any]] | None = None  # custom_id → the output line
    waiters: list[_Waiting] = field(default_factory=list)
    #: recorded by an earlier run: its answers count as reused
    earlier: bool = False


class BatchAPIClient:
    """An endpoint's client whose requests go in batches (see the module's docstring)."""

    def __init__(self, client: LLMClient, journal: Path, *, poll: float = 30.0, quiet: float = 1.0):
        """``client``: the OpenAI endpoint's (its key, base URL, model); ``journal``: the
        folder that records the batches; ``poll``: seconds between looks at a batch;
        ``quiet``: seconds without a new request before the waiting ones are sent."""
        self.profile = dataclasses.replace(client.profile, concurrency=MAX_REQUESTS)
        self.inner = client
        self._client = client.sdk
        self._run_end: RunEnd | None = None
        self.journal = journal
        self.poll = poll
        self.quiet = quiet
        self._queue: list[_Waiting] = []
        self._last_request = 0.0
        self._sender: asyncio.Task[None] | None = None
        self._batches: dict[str, _Batch] = {}
        self._batch_of: dict[str, str] = {}  # custom_id → the batch holding it
        self._pollers: dict[str, asyncio.Task[None]] = {}
        self.created: list[str] = []  # batches created by this client
        self.reused = 0  # answers taken from batches recorded before
        self.adopted: list[str] = []  # batches an earlier run created but did not record
        self._pending: list[_Pending] = []
        self._pending_lock: asyncio.Lock | None = None
        self._load_journal()

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

    # ---- the journal ------------------------------------------------------------------
    def _load_journal(self) -> None:
        """Take up the batches earlier runs recorded. A request is tied to a batch only
        if that batch answered it or may still: one that failed in an earlier batch and
        was answered by a later one takes that answer, whichever file is read first."""
        if not self.journal.is_dir():
            return
        for path in sorted(self.journal.glob("*.json")):
            if path.name.startswith(PENDING):
                pending = self._read_pending(path)
                if pending is not None:
                    self._pending.append(pending)
                continue
            batch = self._read_entry(path)
            if batch is None:
                continue
            self._batches[batch.id] = batch
            for cid in batch.custom_ids:
                if batch.output is None or cid in batch.output:
                    self._batch_of[cid] = batch.id

    def _read_entry(self, path: Path) -> _Batch | None:
        """The batch a journal file records, with only its successful answers (a request
        answered with an error is sent again: the error may have passed). None for an
        unreadable file, a batch sent to another base URL or model (the folder is shared
        by every endpoint; another server does not know the batch), or one that ended with
        nothing saved (its requests are sent again)."""
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            batch = _Batch(
                str(doc["id"]),
                [str(custom_id) for custom_id in doc["custom_ids"]],
                str(doc.get("status", "validating")),
                earlier=True,
            )
            if not self._same_endpoint(doc):
                return None
            out = path.with_suffix(".out.jsonl")
            if out.is_file():
                batch.output = _answers(_read_output(out.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if batch.status in _ENDED and batch.output is None:
            return None
        return batch

    def _same_endpoint(self, doc: dict[str, Any]) -> bool:
        """Whether a journal entry was sent to this client's base URL and model."""
        if str(doc.get("base_url") or "").rstrip("/") != self.profile.base_url.rstrip("/"):
            return False
        return str(doc.get("model") or self.profile.model_label) == self.profile.model_label

    def _read_pending(self, path: Path) -> _Pending | None:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            if not self._same_endpoint(doc):
                return None
            return _Pending(
                path, str(doc["token"]), [str(cid) for cid in doc["custom_ids"]], float(doc["announced"])
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _announce(self, custom_ids: list[str]) -> _Pending:
        """Write that a batch of ``custom_ids`` is about to be created, under a new token."""
        token = secrets.token_hex(12)
        self.journal.mkdir(parents=True, exist_ok=True)
        path = self.journal / f"{PENDING}{token}.json"
        announced = time.time()
        atomic_write(
            path,
            json.dumps(
                {
                    "token": token,
                    "custom_ids": custom_ids,
                    "announced": announced,
                    "model": self.profile.model_label,
                    "base_url": self.profile.base_url,
                }
            ),
        )
        return _Pending(path, token, custom_ids, announced)

    async def _find_pending(self) -> None:
        """Look on the server, once, for the batches earlier runs announced and did not
        record (stopped between the two): a batch found by its token is recorded and
        followed as if that run had recorded it; an announcement with no batch is
        dropped (the creation never happened, or the server keeps no metadata: its
        requests are sent again)."""
        if self._pending_lock is None:
            self._pending_lock = asyncio.Lock()
        async with self._pending_lock:
            if not self._pending:
                return
            by_token = {pending.token: pending for pending in self._pending}
            oldest = min(pending.announced for pending in self._pending) - PENDING_SLACK
            try:
                async for found in self._client.batches.list(limit=100):
                    token = (found.metadata or {}).get(METADATA_KEY)
                    pending = by_token.pop(token, None) if isinstance(token, str) else None
                    if pending is not None:
                        self._adopt(found.id, found.status, pending)
                    if not by_token or found.created_at < oldest:
                        break
            except Exception:  # no list on this server, a network error: sent again
                pass
            for pending in self._pending:
                pending.path.unlink(missing_ok=True)
            self._pending = []

    def _adopt(self, batch_id: str, status: str, pending: _Pending) -> None:
        batch = _Batch(batch_id, pending.custom_ids, status, earlier=True)
        self._batches[batch.id] = batch
        for cid in batch.custom_ids:
            self._batch_of.setdefault(cid, batch.id)
        self._record(batch)
        self.adopted.append(batch.id)

    def _record(self, batch: _Batch) -> None:
        self.journal.mkdir(parents=True, exist_ok=True)
        atomic_write(
            self.journal / f"{_safe(batch.id)}.json",
            json.dumps(
                {
                    "id": batch.id,
                    "custom_ids": batch.custom_ids,
                    "status": batch.status,
                    "model": self.profile.model_label,
                    "base_url": self.profile.base_url,
                    "created": time.time(),
                }
            ),
        )

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
                await self._ask(self._body(conversation, schema_name, schema, max_tokens)), self.profile.name
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

    async def _ask(self, body: dict[str, Any]) -> dict[str, Any]:
        """The output line of this request: from a batch recorded before, or from the
        next batch sent."""
        cid = (
            "tg-"
            + hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:40]
        )
        if self._pending and cid not in self._batch_of:
            await self._find_pending()
        known = self._batches.get(self._batch_of.get(cid, ""))
        if known is not None and known.output is not None and cid in known.output:
            if known.earlier:
                self.reused += 1
            return known.output[cid]
        waiter = _Waiting(cid, body, asyncio.get_running_loop().create_future())
        if known is not None and known.output is None:
            known.waiters.append(waiter)
            self._watch(known)
        else:
            self._enqueue(waiter)
        return await waiter.future

    def _enqueue(self, waiter: _Waiting) -> None:
        """Put the request in the next batch, sent once no request has come for ``quiet``
        seconds."""
        self._queue.append(waiter)
        self._last_request = time.monotonic()
        if self._sender is None or self._sender.done():
            self._sender = asyncio.ensure_future(self._send_when_quiet())

    async def _send_when_quiet(self) -> None:
        """Send the waiting requests as batches. Whatever keeps a batch from being
        created (a refusal, a full disk, a bug) fails its requests: an exception ending
        this task would go unseen and leave them waiting for good."""
        while self._queue:
            wait = self._last_request + self.quiet - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            waiting, self._queue = self._queue[:MAX_REQUESTS], self._queue[MAX_REQUESTS:]
            try:
                batch = await self._create(waiting)
                batch.waiters.extend(waiting)
                self._watch(batch)
            except Exception as e:  # not CancelledError: closing the client stops this task
                _fail(waiting, e)

    async def _create(self, waiting: list[_Waiting]) -> _Batch:
        unique: dict[str, dict[str, Any]] = {}
        for waiter in waiting:
            unique.setdefault(waiter.custom_id, waiter.body)
        jsonl = "".join(
            json.dumps(
                {"custom_id": cid, "method": "POST", "url": "/v1/chat/completions", "body": body},
                ensure_ascii=False,
            )
            + "\n"
            for cid, body in unique.items()
        )
        try:
            uploaded = await self._client.files.create(
                file=("threadgist-batch.jsonl", jsonl.encode(), "application/jsonl"), purpose="batch"
            )
        except Exception as e:
            raise self._error(e) from None
        # announced first: a run stopped between the creation and the record leaves the
        # announcement, by which the next run finds the batch (and does not pay twice)
        pending = self._announce(list(unique))
        try:
            created = await self._client.batches.create(
                input_file_id=uploaded.id,
                endpoint="/v1/chat/completions",
                completion_window="24h",
                metadata={METADATA_KEY: pending.token},
            )
        except Exception as e:  # the announcement stays: a timeout may hide a creation
            raise self._error(e) from None
        batch = _Batch(created.id, list(unique), created.status)
        self._batches[batch.id] = batch
        for cid in unique:
            self._batch_of[cid] = batch.id
        self.created.append(batch.id)
        self._record(batch)
        pending.path.unlink(missing_ok=True)
        return batch

    def _watch(self, batch: _Batch) -> None:
        task = self._pollers.get(batch.id)
        if task is None or task.done():
            self._pollers[batch.id] = asyncio.ensure_future(self._follow(batch))

    async def _follow(self, batch: _Batch) -> None:
        """Poll the batch until it ends; hand each waiting request its output line.
        Whatever goes wrong (a refusal, a full disk, a bug) fails the requests waiting:
        an exception ending this task would go unseen and leave them waiting for good."""
        try:
            text = await self._outcome(batch)
            if text is None:
                self._forget(batch)
            else:
                self._finish(batch, text)
        except Exception as e:  # not CancelledError: closing the client stops this task
            _fail(batch.waiters, e)
            batch.waiters.clear()

    async def _outcome(self, batch: _Batch) -> str | None:
        """The lines of the batch's output and error files once its status is final
        (errors that may pass are waited out); None if the server does not know the
        batch or its files (404)."""
        while True:
            try:
                info = await self._client.batches.retrieve(batch.id)
                final = info.status in _FINAL
                text = await self._download(info.output_file_id, info.error_file_id) if final else ""
            except Exception as e:
                if _not_found(e):
                    return None
                error = self._error(e)
                if error.kind not in RETRYABLE:
                    raise error from None
                await asyncio.sleep(self.poll)
                continue
            batch.status = info.status
            if final:
                return text
            await asyncio.sleep(self.poll)

    async def _download(self, *file_ids: str | None) -> str:
        """The lines of the files a final batch has (an expired or cancelled batch has
        the output of the requests it answered in time)."""
        text = ""
        for file_id in file_ids:
            if file_id:
                content = await self._client.files.content(file_id)
                text += content.text.rstrip("\n") + "\n"
        return text

    def _finish(self, batch: _Batch, text: str) -> None:
        """Save the final batch's output, then hand each waiting request its line. A
        completed batch's error line is this run's answer (the next run sends it again);
        a batch that ended early hands out its answers and fails its other requests, which
        the next run sends again."""
        atomic_write(self.journal / f"{_safe(batch.id)}.out.jsonl", text)
        self._record(batch)
        lines = _read_output(text)
        batch.output = lines if batch.status == "completed" else _answers(lines)
        if batch.status == "completed":
            unanswered = msg(
                "the batch {batch} at “{name}” has no answer for a request: run the same command again",
                batch=batch.id,
                name=self.profile.name,
            )
        else:
            unanswered = msg(
                "the batch {batch} at “{name}” ended as “{status}”: run the same command again to "
                "send its requests again",
                batch=batch.id,
                name=self.profile.name,
                status=batch.status,
            )
        for waiter in batch.waiters:
            if waiter.future.done():
                continue
            line = batch.output.get(waiter.custom_id)
            if line is None:
                waiter.future.set_exception(EndpointError(ErrorKind.SERVER, unanswered))
                continue
            if batch.earlier:
                self.reused += 1
            waiter.future.set_result(line)
        batch.waiters.clear()

    def _forget(self, batch: _Batch) -> None:
        """The server does not know the batch (sent with another key or organisation, or
        deleted): drop it from the journal and send its waiting requests again, once; a
        request whose new batch is unknown too fails, rather than going round for ever."""
        for path in (self.journal / f"{_safe(batch.id)}.json", self.journal / f"{_safe(batch.id)}.out.jsonl"):
            with contextlib.suppress(OSError):  # left behind, it is only dropped again
                path.unlink(missing_ok=True)
        self._batches.pop(batch.id, None)
        for cid in batch.custom_ids:
            if self._batch_of.get(cid) == batch.id:
                del self._batch_of[cid]
        unknown = EndpointError(
            ErrorKind.CONFIG,
            msg(
                "“{name}” does not know the batch {batch} (404), though it was sent again: "
                "check that the base URL offers OpenAI's Batch API",
                name=self.profile.name,
                batch=batch.id,
            ),
        )
        waiters, batch.waiters = batch.waiters, []
        for waiter in waiters:
            if waiter.future.done():
                continue
            if waiter.resent:
                waiter.future.set_exception(unknown)
            else:
                waiter.resent = True
                self._enqueue(waiter)

    def _error(self, error: Exception) -> EndpointError:
        if isinstance(error, EndpointError):
            return error
        import openai

        from .classify import classify

        if isinstance(error, openai.OpenAIError):
            found = classify(error, self.profile, None, secrets=[self.api_key])
            if isinstance(found, EndpointError):
                return found
            return EndpointError(
                ErrorKind.SERVER,
                msg(
                    "“{name}” refused a request of the batch: {server}",
                    name=self.profile.name,
                    server=str(found),
                ),
            )
        raise error

    async def aclose(self) -> None:
        for task in [*self._pollers.values(), *([self._sender] if self._sender else [])]:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.inner.aclose()


def _read_output(text: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for raw in text.splitlines():
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if isinstance(line, dict) and isinstance(line.get("custom_id"), str):
            out[line["custom_id"]] = line
    return out


def _answers(lines: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The successful lines (status 200, no error): the answers worth keeping past this
    run; a request answered with an error is sent again."""
    return {
        cid: line
        for cid, line in lines.items()
        if not line.get("error")
        and isinstance(line.get("response"), dict)
        and line["response"].get("status_code") == 200
    }


def _not_found(error: Exception) -> bool:
    """A 404 from the Batch API: the server does not know the batch or its file (another
    key or organisation, or deleted); not the missing model ``classify`` would say."""
    import openai

    return isinstance(error, openai.NotFoundError)


def _fail(waiters: Iterable[_Waiting], error: Exception) -> None:
    for waiter in waiters:
        if not waiter.future.done():
            waiter.future.set_exception(error)


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


def _safe(batch_id: str) -> str:
    return "".join(char if char.isalnum() or char in "-_" else "_" for char in batch_id)[:100]

"""OpenAI's Batch API as a client: requests wait for a batch instead of being sent one by
one (half the price, answers within 24 hours).

:class:`BatchAPIClient` has the interface of :class:`~.client.LLMClient` a run uses, so a
:class:`~threadgist.digest.pipeline.Summarizer` takes it as it takes a client. Each
``complete_json`` call becomes one line of a JSONL file; when no new request has come for
``quiet`` seconds (every run of a batch has asked what it can ask before an answer), the
lines waiting are uploaded (files API, purpose ``batch``), a batch is created, polled
every ``poll`` seconds, and its output downloaded; each answer goes back to the request
that asked for it, which goes on (a map result's reduce call is asked in the next batch).

Resumable across restarts: a request's ``custom_id`` is the hash of its body, so the same
run asks the same requests; every batch created is recorded in ``journal`` (a folder:
one JSON file per batch with the ids it holds, its output once downloaded). A request
found in a recorded batch waits for that batch (or takes its answer at once) instead of
being sent again.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..messages import msg
from .client import Completion, EventSink, LLMClient, PrefillSink, TextSink, Validator
from .errors import BAD_OUTPUT, RETRYABLE, SERVER, EndpointError, OutputTruncated
from .jsonextract import extract_json

#: batches that ended without answers for all their requests
_ENDED = ("failed", "expired", "cancelled", "cancelling")
#: the most requests in one batch (OpenAI's limit is 50,000)
MAX_REQUESTS = 50_000


@dataclass
class _Waiting:
    custom_id: str
    body: dict[str, Any]
    future: asyncio.Future[dict[str, Any]]


@dataclass
class _Batch:
    id: str
    custom_ids: list[str]
    status: str = "validating"
    output: dict[str, dict[str, Any]] | None = None  # custom_id → the output line
    waiters: dict[str, list[asyncio.Future[dict[str, Any]]]] = field(default_factory=dict)


class BatchAPIClient(LLMClient):
    def __init__(self, client: LLMClient, journal: Path, *, poll: float = 30.0, quiet: float = 1.0):
        """``client``: the OpenAI endpoint's (its key, base URL, model); ``journal``: the
        folder that records the batches; ``poll``: seconds between looks at a batch;
        ``quiet``: seconds without a new request before the waiting ones are sent."""
        profile = dataclasses.replace(client.profile, concurrency=MAX_REQUESTS)
        super().__init__(profile, client.api_key, client.caps, max_attempts=1)
        self.inner = client
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
        self._load_journal()

    # ---- the journal ------------------------------------------------------------------
    def _load_journal(self) -> None:
        if not self.journal.is_dir():
            return
        for path in sorted(self.journal.glob("*.json")):
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
                batch = _Batch(
                    str(doc["id"]),
                    [str(custom_id) for custom_id in doc["custom_ids"]],
                    str(doc.get("status", "validating")),
                )
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if batch.status in _ENDED:
                continue  # its requests are asked again
            out = path.with_suffix(".out.jsonl")
            if out.is_file():
                batch.output = _read_output(out.read_text(encoding="utf-8"))
            self._batches[batch.id] = batch
            for cid in batch.custom_ids:
                self._batch_of[cid] = batch.id

    def _record(self, batch: _Batch) -> None:
        self.journal.mkdir(parents=True, exist_ok=True)
        _write_atomic(
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
        body = self._body(messages, schema_name, schema, max_tokens)
        line = await self._ask(body)
        calls = 1
        text, finish, usage = _answer(line, self.profile.name)
        data, problems = _parse(text, validate)
        if problems and finish != "length":  # one repair, in a later batch
            if on_event is not None:
                on_event("repair")
            repair = [
                *messages,
                {"role": "assistant", "content": text[:20000]},
                {
                    "role": "user",
                    "content": "That answer is not valid: "
                    + "; ".join(problems[:8])
                    + ". Reply again with only the corrected JSON object.",
                },
            ]
            line = await self._ask(self._body(repair, schema_name, schema, max_tokens))
            calls += 1
            text, finish, usage = _answer(line, self.profile.name)
            data, problems = _parse(text, validate)
        if finish == "length":
            raise OutputTruncated(usage.get("completion_tokens"))
        if problems:
            raise EndpointError(
                BAD_OUTPUT,
                msg(
                    "the model ({model}) did not return the "
                    "requested JSON even after one correction "
                    "({problems})",
                    model=self.profile.model_label,
                    problems="; ".join(problems[:3]),
                ),
            )
        if on_text is not None:
            on_text(text)
        return Completion(
            data,
            text,
            finish,
            "json_schema",
            usage.get("prompt_tokens"),
            usage.get("completion_tokens"),
            time.monotonic() - started,
            calls,
        )

    def _body(
        self, messages: list[dict[str, str]], schema_name: str, schema: dict[str, Any], max_tokens: int
    ) -> dict[str, Any]:
        return {
            "model": self.profile.model,
            "messages": messages,
            self._max_tokens_param(): max_tokens,
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
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        known = self._batches.get(self._batch_of.get(cid, ""))
        if known is not None:
            if known.output is not None and cid in known.output:
                self.reused += 1
                return known.output[cid]
            if known.output is None:
                known.waiters.setdefault(cid, []).append(future)
                self._watch(known)
                self.reused += 1
                return await future
        self._queue.append(_Waiting(cid, body, future))
        self._last_request = time.monotonic()
        if self._sender is None or self._sender.done():
            self._sender = asyncio.ensure_future(self._send_when_quiet())
        return await future

    async def _send_when_quiet(self) -> None:
        while self._queue:
            wait = self._last_request + self.quiet - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            waiting, self._queue = self._queue[:MAX_REQUESTS], self._queue[MAX_REQUESTS:]
            try:
                batch = await self._create(waiting)
            except EndpointError as e:
                for waiter in waiting:
                    if not waiter.future.done():
                        waiter.future.set_exception(e)
                continue
            for waiter in waiting:
                batch.waiters.setdefault(waiter.custom_id, []).append(waiter.future)
            self._watch(batch)

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
            created = await self._client.batches.create(
                input_file_id=uploaded.id, endpoint="/v1/chat/completions", completion_window="24h"
            )
        except Exception as e:
            raise self._error(e) from None
        batch = _Batch(created.id, list(unique), created.status)
        self._batches[batch.id] = batch
        for cid in unique:
            self._batch_of[cid] = batch.id
        self.created.append(batch.id)
        self._record(batch)
        return batch

    def _watch(self, batch: _Batch) -> None:
        task = self._pollers.get(batch.id)
        if task is None or task.done():
            self._pollers[batch.id] = asyncio.ensure_future(self._follow(batch))

    async def _follow(self, batch: _Batch) -> None:
        """Poll the batch until it ends; hand each waiting request its output line."""
        try:
            while True:
                try:
                    info = await self._client.batches.retrieve(batch.id)
                except Exception as e:
                    error = self._error(e)
                    if error.kind in RETRYABLE:
                        await asyncio.sleep(self.poll)
                        continue
                    raise error from None
                batch.status = info.status
                if info.status == "completed":
                    text = ""
                    for file_id in (info.output_file_id, info.error_file_id):
                        if file_id:
                            content = await self._client.files.content(file_id)
                            text += content.text.rstrip("\n") + "\n"
                    _write_atomic(self.journal / f"{_safe(batch.id)}.out.jsonl", text)
                    self._record(batch)
                    batch.output = _read_output(text)
                    break
                if info.status in _ENDED:
                    self._record(batch)
                    raise EndpointError(
                        SERVER,
                        msg(
                            "the batch {batch} at “{name}” ended as "
                            "“{status}”: run the same command again to "
                            "send its requests again",
                            batch=batch.id,
                            name=self.profile.name,
                            status=str(info.status),
                        ),
                    )
                await asyncio.sleep(self.poll)
        except EndpointError as e:
            for futures in batch.waiters.values():
                for future in futures:
                    if not future.done():
                        future.set_exception(e)
            batch.waiters.clear()
            return
        missing = EndpointError(
            SERVER,
            msg(
                "the batch {batch} at “{name}” has no answer for a request: run the same command again",
                batch=batch.id,
                name=self.profile.name,
            ),
        )
        assert batch.output is not None
        for cid, futures in batch.waiters.items():
            line = batch.output.get(cid)
            for future in futures:
                if not future.done():
                    if line is None:
                        future.set_exception(missing)
                    else:
                        future.set_result(line)
        batch.waiters.clear()

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
                SERVER,
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
        await super().aclose()


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


def _answer(line: dict[str, Any], name: str) -> tuple[str, str, dict[str, Any]]:
    """(text, finish reason, usage) of one output line; errors as EndpointError."""
    response = line.get("response") or {}
    body = response.get("body") if isinstance(response, dict) else None
    status = response.get("status_code") if isinstance(response, dict) else None
    if line.get("error") or status != 200 or not isinstance(body, dict):
        err = line.get("error") or (body or {}).get("error") or {}
        what = err.get("message") if isinstance(err, dict) else str(err)
        raise EndpointError(
            SERVER,
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
            BAD_OUTPUT, msg("“{name}” sent a batch answer without a message", name=name)
        ) from None
    usage = body.get("usage")
    return str(text), str(finish), usage if isinstance(usage, dict) else {}


def _parse(text: str, validate: Validator) -> tuple[Any, list[str]]:
    data, err = extract_json(text)
    if err is not None:
        return None, [err]
    return data, validate(data)


def _safe(batch_id: str) -> str:
    return "".join(char if char.isalnum() or char in "-_" else "_" for char in batch_id)[:100]


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out_file:
            out_file.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise

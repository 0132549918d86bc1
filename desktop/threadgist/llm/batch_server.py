"""OpenAI's Files and Batches APIs, as the Batch API client uses them: a batch uploaded
and created (announced in the journal in between), polled until it ends and its files
downloaded, and the batches an earlier run announced found again by their token. Errors
come back as :class:`~.errors.EndpointError`."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any

from ..messages import msg
from .batch_journal import FINAL, Batch, Journal, Pending
from .errors import RETRYABLE, EndpointError, ErrorKind
from .profiles import EndpointProfile

if TYPE_CHECKING:
    import openai

#: the token of a batch's announcement, in the batch's metadata under this key
METADATA_KEY = "threadgist_batch"
#: how far back, before an announcement, the server's batch list is read for its batch
PENDING_SLACK = 3600.0


class BatchServer:
    """One endpoint's Batch API (``sdk``: the openai package's client)."""

    def __init__(self, sdk: openai.AsyncOpenAI, profile: EndpointProfile, api_key: str | None, poll: float):
        self.sdk = sdk
        self.profile = profile
        self.api_key = api_key
        self.poll = poll

    async def find(self, pending: list[Pending]) -> list[tuple[str, str, Pending]]:
        """The batches (id, status, announcement) the server holds for ``pending``; none
        when it cannot list them (no list on this server, a network error)."""
        by_token = {announced.token: announced for announced in pending}
        oldest = min(announced.announced for announced in pending) - PENDING_SLACK
        found: list[tuple[str, str, Pending]] = []
        try:
            async for batch in self.sdk.batches.list(limit=100):
                token = (batch.metadata or {}).get(METADATA_KEY)
                announced = by_token.pop(token, None) if isinstance(token, str) else None
                if announced is not None:
                    found.append((batch.id, batch.status, announced))
                if not by_token or batch.created_at < oldest:
                    break
        except Exception:  # no list on this server, a network error: sent again
            pass
        return found

    async def create(self, bodies: dict[str, dict[str, Any]], journal: Journal) -> tuple[Batch, Pending]:
        """Upload the requests (``bodies`` by custom_id) and create their batch."""
        jsonl = "".join(
            json.dumps(
                {"custom_id": cid, "method": "POST", "url": "/v1/chat/completions", "body": body},
                ensure_ascii=False,
            )
            + "\n"
            for cid, body in bodies.items()
        )
        try:
            uploaded = await self.sdk.files.create(
                file=("threadgist-batch.jsonl", jsonl.encode(), "application/jsonl"), purpose="batch"
            )
        except Exception as e:
            raise self.error(e) from None
        # announced first: a run stopped between the creation and the record leaves the
        # announcement, by which the next run finds the batch (and does not pay twice)
        pending = journal.announce(list(bodies))
        try:
            created = await self.sdk.batches.create(
                input_file_id=uploaded.id,
                endpoint="/v1/chat/completions",
                completion_window="24h",
                metadata={METADATA_KEY: pending.token},
            )
        except Exception as e:  # the announcement stays: a timeout may hide a creation
            raise self.error(e) from None
        return Batch(created.id, list(bodies), created.status), pending

    async def outcome(self, batch: Batch) -> str | None:
        """The lines of the batch's output and error files once its status is final
        (errors that may pass are waited out); None if the server does not know the
        batch or its files (404)."""
        while True:
            try:
                info = await self.sdk.batches.retrieve(batch.id)
                final = info.status in FINAL
                text = await self._download(info.output_file_id, info.error_file_id) if final else ""
            except Exception as e:
                if _not_found(e):
                    return None
                error = self.error(e)
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
                content = await self.sdk.files.content(file_id)
                text += content.text.rstrip("\n") + "\n"
        return text

    def error(self, error: Exception) -> EndpointError:
        """An error of the openai package as the endpoint's error; others are raised."""
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


def _not_found(error: Exception) -> bool:
    """A 404 from the Batch API: the server does not know the batch or its file (another
    key or organisation, or deleted); not the missing model ``classify`` would say."""
    import openai

    return isinstance(error, openai.NotFoundError)

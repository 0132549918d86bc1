"""The Batch API client's journal: a folder with one JSON file per batch created (the ids
of the requests it holds, the endpoint and model it was sent to, its status), its output
once downloaded (``<id>.out.jsonl``), and the announcements of batches about to be created
(``pending-<token>.json``). The folder is shared by every endpoint: entries of another
base URL or model are passed over. See ``openai_batch.py`` for how a run uses it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..fsutil import atomic_write
from .profiles import EndpointProfile

#: batches that ended without answers for all their requests (OpenAI still gives the
#: output of those it answered; "cancelling" is not an end: the output comes with
#: "cancelled")
ENDED = ("failed", "expired", "cancelled")
#: the statuses after which a batch does not change
FINAL = ("completed", *ENDED)
#: a batch announced, not yet recorded: ``pending-<token>.json``
PENDING = "pending-"


@dataclass
class Pending:
    """A batch an earlier run announced and may have created (it stopped before its
    record): found again on the server by ``token``."""

    path: Path
    token: str
    custom_ids: list[str]
    announced: float  # time.time()


@dataclass
class Waiting:
    """A request waiting for its batch's answer."""

    custom_id: str
    body: dict[str, Any]
    future: asyncio.Future[dict[str, Any]]
    #: sent again already because the server did not know its batch: a second time would
    #: go round for ever with a server that forgets every batch
    resent: bool = False


@dataclass
class Batch:
    id: str
    custom_ids: list[str]
    status: str = "validating"
    output: dict[str, dict[str, Any]] | None = None  # custom_id → the output line
    waiters: list[Waiting] = field(default_factory=list)
    #: recorded by an earlier run: its answers count as reused
    earlier: bool = False


class Journal:
    """The journal folder, as one endpoint+model sees it."""

    def __init__(self, folder: Path, profile: EndpointProfile):
        self.folder = folder
        self.base_url = profile.base_url
        self.model = profile.model_label

    def load(self) -> tuple[list[Batch], list[Pending]]:
        """The batches earlier runs recorded, and the announcements they left."""
        batches: list[Batch] = []
        pending: list[Pending] = []
        if not self.folder.is_dir():
            return batches, pending
        for path in sorted(self.folder.glob("*.json")):
            if path.name.startswith(PENDING):
                announced = self._read_pending(path)
                if announced is not None:
                    pending.append(announced)
                continue
            batch = self._read_entry(path)
            if batch is not None:
                batches.append(batch)
        return batches, pending

    def _read_entry(self, path: Path) -> Batch | None:
        """The batch a journal file records, with only its successful answers (a request
        answered with an error is sent again: the error may have passed). None for an
        unreadable file, a batch sent to another base URL or model (the folder is shared
        by every endpoint; another server does not know the batch), or one that ended with
        nothing saved (its requests are sent again)."""
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            batch = Batch(
                str(doc["id"]),
                [str(custom_id) for custom_id in doc["custom_ids"]],
                str(doc.get("status", "validating")),
                earlier=True,
            )
            if not self._same_endpoint(doc):
                return None
            out = path.with_suffix(".out.jsonl")
            if out.is_file():
                batch.output = answers(read_output(out.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if batch.status in ENDED and batch.output is None:
            return None
        return batch

    def _same_endpoint(self, doc: dict[str, Any]) -> bool:
        """Whether a journal entry was sent to this base URL and model."""
        if str(doc.get("base_url") or "").rstrip("/") != self.base_url.rstrip("/"):
            return False
        return str(doc.get("model") or self.model) == self.model

    def _read_pending(self, path: Path) -> Pending | None:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            if not self._same_endpoint(doc):
                return None
            return Pending(
                path, str(doc["token"]), [str(cid) for cid in doc["custom_ids"]], float(doc["announced"])
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def announce(self, custom_ids: list[str]) -> Pending:
        """Write that a batch of ``custom_ids`` is about to be created, under a new token."""
        token = secrets.token_hex(12)
        announced = time.time()
        path = self.folder / f"{PENDING}{token}.json"
        self._write(
            path.name,
            {
                "token": token,
                "custom_ids": custom_ids,
                "announced": announced,
                "model": self.model,
                "base_url": self.base_url,
            },
        )
        return Pending(path, token, custom_ids, announced)

    def record(self, batch: Batch) -> None:
        self._write(
            f"{_safe(batch.id)}.json",
            {
                "id": batch.id,
                "custom_ids": batch.custom_ids,
                "status": batch.status,
                "model": self.model,
                "base_url": self.base_url,
                "created": time.time(),
            },
        )

    def save_output(self, batch: Batch, text: str) -> None:
        atomic_write(self.folder / f"{_safe(batch.id)}.out.jsonl", text)

    def forget(self, batch: Batch) -> None:
        """Drop a batch's files (left behind, they are only dropped again)."""
        for path in (self.folder / f"{_safe(batch.id)}.json", self.folder / f"{_safe(batch.id)}.out.jsonl"):
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)

    def _write(self, name: str, doc: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write(self.folder / name, json.dumps(doc))


def read_output(text: str) -> dict[str, dict[str, Any]]:
    """A batch's output lines by their custom_id (lines that are not one are passed over)."""
    out: dict[str, dict[str, Any]] = {}
    for raw in text.splitlines():
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if isinstance(line, dict) and isinstance(line.get("custom_id"), str):
            out[line["custom_id"]] = line
    return out


def answers(lines: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The successful lines (status 200, no error): the answers worth keeping past this
    run; a request answered with an error is sent again."""
    return {
        cid: line
        for cid, line in lines.items()
        if not line.get("error")
        and isinstance(line.get("response"), dict)
        and line["response"].get("status_code") == 200
    }


def _safe(batch_id: str) -> str:
    return "".join(char if char.isalnum() or char in "-_" else "_" for char in batch_id)[:100]

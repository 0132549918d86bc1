"""The Batch API client of ``threadgist batch --openai-batch``, against the Batch API of
tests/fakebatch.py over HTTP: the next run sends again what got no answer (an error line,
a batch the server does not know, a batch that ended early) and keeps the answers it has;
a disk error or a bug fails the requests instead of leaving them waiting; a run stopped
while it waits stops polling."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from threadgist.llm.batch_journal import Journal
from threadgist.llm.chat import Completion
from threadgist.llm.client import LLMClient
from threadgist.llm.errors import EndpointError, ErrorKind
from threadgist.llm.openai_batch import BatchAPIClient
from threadgist.llm.profiles import EndpointProfile

from .fakebatch import FakeBatchAPI

Outcome = Completion | BaseException


def batch_client(api: FakeBatchAPI, journal: Path) -> BatchAPIClient:
    profile = EndpointProfile("oa", "openai", api.base_url, "gpt-4o-mini")
    return BatchAPIClient(LLMClient(profile, "sk-test-batch-0123456789"), journal, poll=0.05, quiet=0.05)


async def ask(client: BatchAPIClient, question: str) -> Completion:
    return await client.complete_json(
        [{"role": "user", "content": question}],
        schema_name="answer",
        schema={"type": "object"},
        validate=lambda data: [],
        max_tokens=50,
    )


def run(api: FakeBatchAPI, journal: Path, *questions: str) -> tuple[list[Outcome], BatchAPIClient]:
    """One run of the app (a new client on the journal) asking the questions at once:
    each one's Completion or exception, and the client (its counts). A request that
    waits for ever fails the test with TimeoutError."""

    async def main() -> tuple[list[Outcome], BatchAPIClient]:
        client = batch_client(api, journal)
        try:
            asked = asyncio.gather(*(ask(client, q) for q in questions), return_exceptions=True)
            return list(await asyncio.wait_for(asked, 20)), client
        finally:
            await client.aclose()

    return asyncio.run(main())


def killed(api: FakeBatchAPI, journal: Path, *questions: str) -> None:
    """A run stopped while its batch runs: only its journal is left."""

    async def main() -> None:
        client = batch_client(api, journal)
        api.hold, polls = True, api.polls
        tasks = [asyncio.ensure_future(ask(client, q)) for q in questions]
        for _ in range(400):
            if api.polls > polls:
                break
            await asyncio.sleep(0.02)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await client.aclose()
        api.hold = False

    asyncio.run(main())


def sent(api: FakeBatchAPI) -> list[set[str]]:
    """The custom_ids of each batch uploaded, in order."""
    return [
        {json.loads(line)["custom_id"] for line in data.decode().splitlines()}
        for fid, data in api.files.items()
        if fid.startswith("file-in-")
    ]


def answered(outcomes: list[Outcome]) -> bool:
    return all(isinstance(o, Completion) and o.data == {"answer": "ok"} for o in outcomes)


def test_a_request_answered_with_an_error_is_sent_again_by_the_next_run(home: Path, tmp_path: Path) -> None:
    """An error line fails its request in its run; the next run sends it again (it
    waited for the saved error line for ever), and the run after takes up the answer,
    whichever of the two batches' records is read first."""
    journal = tmp_path / "journal"
    with FakeBatchAPI() as api:
        api.fail_lines = True
        outcomes, _ = run(api, journal, "a", "b")
        assert all(
            isinstance(o, EndpointError) and o.kind == ErrorKind.SERVER and "(500)" in str(o)
            for o in outcomes
        )

        api.fail_lines = False
        outcomes, client = run(api, journal, "a", "b")
        assert answered(outcomes) and client.reused == 0
        first, again = sent(api)
        assert again == first and len(first) == 2

        for suffix in (".json", ".out.jsonl"):  # OpenAI's batch ids sort in no order
            (journal / f"batch_1{suffix}").rename(journal / f"batch_9{suffix}")
        outcomes, client = run(api, journal, "a", "b")
        assert answered(outcomes) and client.reused == 2 and len(sent(api)) == 2


def test_a_batch_the_server_does_not_know_is_dropped_and_its_requests_sent_again(
    home: Path, tmp_path: Path
) -> None:
    """A recorded batch the server answers 404 for (deleted, or created with another
    organisation's key) is dropped from the journal and its requests sent again (it
    failed them as a missing model on every run)."""
    journal = tmp_path / "journal"
    with FakeBatchAPI() as api:
        killed(api, journal, "a")
        assert sorted(p.name for p in journal.iterdir()) == ["batch_1.json"]
        del api.batches["batch_1"]
        outcomes, client = run(api, journal, "a")
        assert answered(outcomes) and client.reused == 0
        first, again = sent(api)
        assert again == first
        assert sorted(p.name for p in journal.iterdir()) == ["batch_2.json", "batch_2.out.jsonl"]


def test_requests_are_sent_again_once_only_to_a_server_that_never_knows_its_batches(
    home: Path, tmp_path: Path
) -> None:
    """A server that answers 404 for every batch: the request is sent again once, then
    fails with a 404 that names the batch, not a missing model."""
    journal = tmp_path / "journal"
    with FakeBatchAPI() as api:
        api.lost = True
        (outcome,), _ = run(api, journal, "a")
        assert isinstance(outcome, EndpointError) and outcome.kind == ErrorKind.CONFIG
        assert "does not know the batch batch_2 (404)" in str(outcome)
        assert len(sent(api)) == 2 and list(journal.glob("*.json")) == []


@pytest.mark.parametrize(
    ("field", "value", "reused"),
    [("base_url", "http://127.0.0.1:9/v1", 0), ("model", "gpt-4o", 0), ("model", None, 1)],
)
def test_a_recorded_batch_is_taken_up_by_its_endpoint_and_model_only(
    home: Path, tmp_path: Path, field: str, value: str | None, reused: int
) -> None:
    """The journal is shared by every endpoint: a batch recorded for another base URL or
    model is left alone (the request is sent here); one without a model (recorded before
    models were) is taken up."""
    journal = tmp_path / "journal"
    with FakeBatchAPI() as api:
        killed(api, journal, "a")
        entry = journal / "batch_1.json"
        doc = json.loads(entry.read_text(encoding="utf-8"))
        if value is None:
            del doc[field]
        else:
            doc[field] = value
        entry.write_text(json.dumps(doc), encoding="utf-8")
        outcomes, client = run(api, journal, "a")
        assert answered(outcomes) and client.reused == reused
        assert len(sent(api)) == 2 - reused and entry.is_file()


@pytest.mark.parametrize("blocked", ["batch_1.out.jsonl", "batch_1.json"])
def test_a_disk_error_fails_the_requests_instead_of_leaving_them_waiting(
    home: Path, tmp_path: Path, blocked: str
) -> None:
    """The batch's output (by the poller) or its record (by the sender) cannot be saved
    (a folder in the way, as a full disk): the requests fail with the error (they waited
    for ever); the next run, the disk fixed, gets the answers."""
    journal = tmp_path / "journal"
    (journal / blocked).mkdir(parents=True)
    with FakeBatchAPI() as api:
        (outcome,), _ = run(api, journal, "a")
        assert isinstance(outcome, IsADirectoryError)
        (journal / blocked).rmdir()
        outcomes, _ = run(api, journal, "a")
        assert answered(outcomes)


def test_an_unexpected_error_fails_the_requests_instead_of_leaving_them_waiting(
    home: Path, tmp_path: Path
) -> None:
    """A batch's status that is not JSON: not an error of the openai client (it is the
    decoder's), so not one the client knows; the request fails with it (it waited for
    ever)."""
    with FakeBatchAPI() as api:
        api.garbled = True
        (outcome,), _ = run(api, tmp_path / "journal", "a")
        assert isinstance(outcome, ValueError) and api.uploads == 1


def test_a_run_stopped_while_it_waits_stops_polling_and_sending(home: Path, tmp_path: Path) -> None:
    """Cancelled requests and a closed client: no more polls, no batch sent later (the
    background tasks end on cancellation; only their other errors go to the requests)."""
    with FakeBatchAPI() as api:

        async def main() -> None:
            client = batch_client(api, tmp_path / "journal")
            api.hold = True
            task = asyncio.ensure_future(ask(client, "a"))
            while api.polls == 0:
                await asyncio.sleep(0.02)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            queued = asyncio.ensure_future(ask(client, "b"))  # in the queue, not sent yet
            await asyncio.sleep(0)
            queued.cancel()
            await asyncio.wait_for(client.aclose(), 5)
            polls = api.polls
            await asyncio.sleep(0.3)
            assert api.polls == polls and api.uploads == 1 and queued.cancelled()

        asyncio.run(asyncio.wait_for(main(), 20))


@pytest.mark.parametrize("status", ["expired", "cancelled"])
def test_a_batch_that_ended_early_keeps_its_answers_and_the_next_run_sends_the_rest(
    home: Path, tmp_path: Path, status: str
) -> None:
    """A batch that expired or was cancelled after answering some requests: those get
    their answers (they were all failed), the others fail; the next run sends only them."""
    journal = tmp_path / "journal"
    with FakeBatchAPI() as api:
        api.end = (status, 1)
        outcomes, _ = run(api, journal, "a", "b", "c")
        failed = [o for o in outcomes if not isinstance(o, Completion)]
        assert answered([o for o in outcomes if isinstance(o, Completion)]) and len(failed) == 2
        assert all(isinstance(o, EndpointError) and f"ended as “{status}”" in str(o) for o in failed)

        api.end = None
        outcomes, client = run(api, journal, "a", "b", "c")
        assert answered(outcomes) and client.reused == 1
        first, rest = sent(api)
        assert len(first) == 3 and len(rest) == 2 and rest < first


def test_a_run_stopped_between_creating_and_recording_a_batch_does_not_pay_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process ends after the server created the batch and before the journal has it
    (here the record fails): the next run finds that batch by the token it was announced
    under, and takes its answers instead of creating a second batch."""
    journal = tmp_path / "journal"
    with FakeBatchAPI() as api:
        record = Journal.record

        def dies(self: Journal, batch: Any) -> None:
            raise OSError("the process ended here")

        monkeypatch.setattr(Journal, "record", dies)
        first, _ = run(api, journal, "q1", "q2")
        assert all(isinstance(outcome, OSError) for outcome in first)
        assert len(api.batches) == 1 and len(list(journal.glob("pending-*.json"))) == 1
        monkeypatch.setattr(Journal, "record", record)
        again, client = run(api, journal, "q1", "q2")
        assert all(isinstance(outcome, Completion) for outcome in again), again
        assert len(api.batches) == 1 and client.created == [] and client.adopted == list(api.batches)
        assert list(journal.glob("pending-*.json")) == []
        # the third run takes the answers from the journal, as for any recorded batch
        third, client = run(api, journal, "q1", "q2")
        assert all(isinstance(outcome, Completion) for outcome in third) and client.reused == 2
        assert len(api.batches) == 1


def test_an_announced_batch_the_server_never_created_is_sent(tmp_path: Path) -> None:
    """An announcement with no batch behind it (the creation failed, or the run stopped
    before it): dropped, and its requests sent in a new batch."""
    journal = tmp_path / "journal"
    journal.mkdir()
    with FakeBatchAPI() as api:
        (journal / "pending-abc.json").write_text(
            json.dumps(
                {
                    "token": "abc",
                    "custom_ids": ["tg-whatever"],
                    "announced": 0.0,
                    "model": "gpt-4o-mini",
                    "base_url": api.base_url,
                }
            ),
            encoding="utf-8",
        )
        outcomes, client = run(api, journal, "q1")
        assert isinstance(outcomes[0], Completion) and len(client.created) == 1 and client.adopted == []
        assert list(journal.glob("pending-*.json")) == []

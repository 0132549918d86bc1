"""threadgist batch: many threads, one index; resumable after kill -9; an endpoint pool."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from threadgist.services.batch_index import INDEX_CSV, read_index, read_index_csv
from threadgist.services.batch_items import Namer, Source, slug
from threadgist.thread import load_path
from threadgist.thread.serialize import thread_to_dict
from threadgist.thread.stream import iter_threads

from .batchdata import crawler_dump
from .clihelpers import add_fake, run
from .conftest import REPO, SAMPLE
from .fakeserver import Behavior, FakeServer

TITLE_RE = re.compile(r"^title: (.*)$", re.M)


def titles_asked(fake: FakeServer, start: int = 0) -> list[str]:
    """The thread title of each chat request from ``start`` on (the prompt's header)."""
    out = []
    for seen in fake.chat_requests[start:]:
        user = seen.body["messages"][-1]["content"]
        m = TITLE_RE.search(user)
        out.append(m.group(1) if m else "")
    return out


def parsed(path: Path) -> list[dict[str, Any]]:
    """`threadgist parse --json` of a file, in a process of its own."""
    p = subprocess.run(
        [sys.executable, "-m", "threadgist", "parse", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert p.returncode == 0, p.stderr
    threads: list[dict[str, Any]] = json.loads(p.stdout)["threads"]
    return threads


def check_against_parse(rows: list[dict[str, Any]], threads: list[dict[str, Any]]) -> None:
    """Every row's thread counts are those of `parse --json`, article by article."""
    assert len(rows) == len(threads)
    for row, t in zip(rows, threads, strict=True):
        assert row["title"] == t["title"] and row["board"] == t["board"]
        for key in ("comments", "users", "push", "boo", "arrow"):
            assert row[key] == t["stats"][key], (row["seq"], key)
        assert row["time"] == t["posted_at"]
        assert row["source"] == t["url"]


# ---- the streaming reader -----------------------------------------------------------------
def test_streamed_articles_are_those_load_path_gives(tmp_path: Path, corpus: Path) -> None:
    files = sorted((corpus / "ptt" / "json").glob("*.json"))
    dump = crawler_dump(7)
    variants = {
        "dump.json": dump,
        "bom.json": "\ufeff" + dump,
        "list.json": json.dumps(json.loads(dump)["articles"], ensure_ascii=False),
        # old crawlers: a trailing comma in the array, and one inside an entry (the
        # streaming reader cannot follow that: the file is read whole from there on)
        "trailing.json": dump[: dump.rindex("]")].rstrip() + ",\n]}",
        "inner-comma.json": dump.replace(
            '"message_count": {\n  "all"', '"message_count": {"x": 1,}, "y": {\n  "all"', 3
        ),
    }
    for name, text in variants.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(tmp_path / name)
    files.append(SAMPLE)
    for f in files:
        streamed = [thread_to_dict(t) for t in iter_threads(str(f))]
        whole = [thread_to_dict(t) for t in load_path(str(f)).threads]
        assert streamed == whole, f.name
        assert streamed


def test_file_names_are_stable_distinct_and_safe() -> None:
    t = load_path(str(SAMPLE)).threads[0]
    namer = Namer()
    a = namer(t, Source("x", str(SAMPLE)), 1)
    b = namer(t, Source("y", str(SAMPLE)), 1)  # the same thread twice
    c = Namer()(t, Source("x", str(SAMPLE)), 1)
    assert a == c and b == f"{a}-2"
    assert a.startswith("Tech_Job_") and re.fullmatch(r"[\w.-]+", a)
    assert slug('[新聞] a/b\\c:d*e?"f"<g>|h\x00 . ', 40) == "新聞-a-b-c-d-e-f-g-h"


# ---- the command ----------------------------------------------------------------------------
def test_batch_digests_every_article_and_writes_the_index(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer, tmp_path: Path
) -> None:
    add_fake(capsys, fake, "fake", "--concurrency", "3")
    dump = tmp_path / "board.json"
    dump.write_text(crawler_dump(10, big_every=5, big=400), encoding="utf-8")
    folder = tmp_path / "more"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "sample.txt")
    (folder / ".hidden.txt").write_text("not read")
    out = tmp_path / "out"

    code, out_text, err = run(capsys, "batch", str(dump), str(folder), "--out", str(out), "--dry-run")
    assert code == 0 and not fake.chat_requests
    assert "batch:    11 thread(s)" in err and "estimate: " in err

    # stdin is not a terminal here: no question, a clear message, nothing done
    code, _, err = run(capsys, "batch", str(dump), str(folder), "--out", str(out))
    assert code == 2 and "--yes" in err and not fake.chat_requests

    code, out_text, err = run(capsys, "batch", str(dump), str(folder), "--out", str(out), "--yes")
    assert code == 0, err
    assert "11 threads: 11 summarized, 0 cached, 0 failed" in out_text
    assert fake.max_concurrent <= 3  # one limit shared by every thread of the batch
    rows = read_index(out)
    assert [r["seq"] for r in rows] == list(range(1, 12))  # input order
    assert all(r["status"] == "ok" and r["reason"] == "" for r in rows)
    check_against_parse(rows[:10], parsed(dump))
    assert rows[10]["title"] == load_path(str(SAMPLE)).threads[0].title
    for r in rows:
        doc = json.loads((out / r["json"]).read_text(encoding="utf-8"))
        assert doc["meta"]["thread"]["title"] == r["title"]
        assert (out / r["markdown"]).read_text(encoding="utf-8").startswith("# ")
        assert r["endpoint"] == "fake" and r["model"] == "fake-model"
        assert r["calls"] >= 1 and r["prompt_tokens"] > 0 and r["completion_tokens"] > 0
        assert abs(r["on_topic"] + r["off_topic"] + r["unassigned"] - 1) < 1e-3
        assert r["viewpoints"] and all(g["comments"] > 0 for g in r["viewpoints"])
        assert [g["comments"] for g in r["viewpoints"]] == sorted(
            (g["comments"] for g in r["viewpoints"]), reverse=True
        )
    assert max(r["calls"] for r in rows) > 1  # the long articles were read in parts
    assert len(fake.chat_requests) == sum(r["calls"] for r in rows)
    table = read_index_csv(out)
    assert [int(r["seq"]) for r in table] == list(range(1, 12))
    assert table[0]["title"] == rows[0]["title"] and table[0]["status"] == "ok"
    assert table[0]["viewpoints"].startswith(rows[0]["viewpoints"][0]["title"] + " (")
    assert (out / INDEX_CSV).read_bytes().startswith(b"\xef\xbb\xbf")  # for spreadsheets

    # again: everything is cached, nothing is asked, the same files and a complete index
    n = len(fake.chat_requests)
    names = sorted(p.name for p in out.iterdir())
    code, out_text, err = run(capsys, "batch", str(dump), str(folder), "--out", str(out), "--yes")
    assert code == 0, err
    assert len(fake.chat_requests) == n
    assert "11 threads: 0 summarized, 11 cached, 0 failed · 0 calls" in out_text
    assert sorted(p.name for p in out.iterdir()) == names
    again = read_index(out)
    assert [r["status"] for r in again] == ["cached"] * 11
    assert [(r["json"], r["comments"], r["calls"]) for r in again] == [
        (r["json"], r["comments"], r["calls"]) for r in rows
    ]


def test_failures_are_listed_not_fatal(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer, tmp_path: Path
) -> None:
    add_fake(capsys, fake, "fake", "--concurrency", "1")
    dump = tmp_path / "board.json"
    dump.write_text(crawler_dump(4), encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02 not a thread")
    out = tmp_path / "out"
    # one thread's request fails for good (a 404 is not retried)
    fake.script.extend([Behavior(), Behavior("status", 404, body={"error": {"message": "no such model"}})])
    code, out_text, err = run(
        capsys, "batch", str(dump), str(bad), "https://example.org/x", "--out", str(out), "--yes"
    )
    assert code == 4, err
    assert "4 threads: 3 summarized, 0 cached, 1 failed, 2 unreadable input(s)" in out_text
    rows = read_index(out)
    assert sorted(r["status"] for r in rows[:4]) == ["failed", "ok", "ok", "ok"]
    failed = next(r for r in rows if r["status"] == "failed")
    assert "has no model" in failed["reason"] and failed["json"] is None
    assert failed["comments"] > 0  # what the thread is, even without a digest
    assert rows[4]["status"] == "failed" and rows[4]["input"] == str(bad)
    assert "binary" in rows[4]["reason"] and rows[4]["article"] is None
    assert rows[5]["status"] == "failed" and rows[5]["reason"] and rows[5]["article"] is None
    assert "failed: " in err and "has no model" in err
    # the rerun asks again only for the failed thread
    n = len(fake.chat_requests)
    code, out_text, _ = run(capsys, "batch", str(dump), "--out", str(out), "--yes")
    assert code == 0 and len(fake.chat_requests) == n + 1
    assert titles_asked(fake, n) == [failed["title"]]
    assert [r["status"] for r in read_index(out)] == ["ok" if r is failed else "cached" for r in rows[:4]]


def test_a_thread_that_cannot_be_planned_is_named_in_the_estimate(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer, tmp_path: Path
) -> None:
    """One article whose title alone overflows a small context: the estimate names it and
    goes on (it crashed the estimate); the run fails that thread only."""
    add_fake(capsys, fake, "fake", "--context", "2048")
    doc = json.loads(crawler_dump(6))
    doc["articles"][3]["article_title"] = "很長的標題 " * 400
    dump = tmp_path / "board.json"
    dump.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    code, _out, err = run(capsys, "batch", str(dump), "--out", str(out), "--dry-run")
    assert code == 0, err
    assert "cannot be planned for this model, so they will fail: 1 thread(s)" in err
    assert "the context window (2048 tokens) is too small" in err and "Traceback" not in err
    assert fake.chat_requests == []
    code, out_text, err = run(capsys, "batch", str(dump), "--out", str(out), "--yes")
    assert code == 4 and "6 threads: 5 summarized, 0 cached, 1 failed" in out_text, err
    assert [r["status"] for r in read_index(out)] == ["ok", "ok", "ok", "failed", "ok", "ok"]


def test_an_output_that_cannot_be_written_is_one_line_and_exit_6(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer, tmp_path: Path
) -> None:
    add_fake(capsys, fake)
    dump = tmp_path / "board.json"
    dump.write_text(crawler_dump(2), encoding="utf-8")
    (tmp_path / "afile").write_text("x")
    code, _out, err = run(capsys, "batch", str(dump), "--out", str(tmp_path / "afile" / "sub"), "--yes")
    assert code == 6 and "Traceback" not in err
    assert err.strip() == f"threadgist: {tmp_path / 'afile' / 'sub'}: cannot be written: Not a directory"


def test_a_bug_in_one_thread_is_logged_not_printed_raw(
    capsys: pytest.CaptureFixture[str],
    home: Path,
    fake: FakeServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An exception no code expects (here raised on purpose, with control characters in
    its text): the thread fails with one escaped line, the traceback goes to the log file,
    the other threads finish."""
    from threadgist.digest.pipeline import Summarizer

    real = Summarizer.run

    async def buggy(self: Summarizer) -> Any:
        if "002" in self.thread.title:
            raise RuntimeError("\x1b]0;owned\x07\x1b[2J" + self.thread.title)
        return await real(self)

    monkeypatch.setattr(Summarizer, "run", buggy)
    add_fake(capsys, fake)
    dump = tmp_path / "board.json"
    dump.write_text(crawler_dump(3), encoding="utf-8")
    code, out_text, err = run(capsys, "batch", str(dump), "--out", str(tmp_path / "out"), "--yes")
    assert code == 4 and "3 threads: 2 summarized, 0 cached, 1 failed" in out_text
    assert "Traceback" not in err and "\x1b" not in err and "internal error (RuntimeError: " in err
    (log,) = home.rglob("threadgist.log")  # the command line logs to the app's log file
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError" in text


def test_killed_batch_resumes_with_calls_for_unfinished_threads_only(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    """kill -9 halfway (a real process), then the same command: the threads finished
    before make no call, the others do, and the index is complete and correct, every
    count checked against `threadgist parse --json`."""
    dump = tmp_path / "board.json"
    dump.write_text(crawler_dump(24, big_every=6, big=400), encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "THREADGIST_HOME": str(home), "PYTHONPATH": str(REPO / "desktop")}
    argv = [sys.executable, "-m", "threadgist", "batch", str(dump), "--out", str(out), "--yes"]
    with FakeServer(latency=0.25) as fake:
        add_fake(capsys, fake, "fake", "--concurrency", "2")
        proc = subprocess.Popen(argv, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        finished_before: list[dict[str, Any]] = []
        part = out / "index.jsonl.part"  # the rows as the threads finish
        while time.monotonic() < deadline and proc.poll() is None:
            if part.exists():
                lines = part.read_text(encoding="utf-8").splitlines()
                if len(lines) >= 9:
                    break
            time.sleep(0.05)
        assert proc.poll() is None, proc.communicate()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        assert not (out / "index.jsonl").exists()  # no index that looks complete and is not
        # what the killed run had finished: its rows (a last line may be cut short)
        for line in part.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(json.JSONDecodeError):
                finished_before.append(json.loads(line))
        done = {r["title"] for r in finished_before}
        assert 9 <= len(done) < 24
        asked_before = set(titles_asked(fake))
        n = len(fake.chat_requests)

        again = subprocess.run(argv, env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stderr
        asked_after = titles_asked(fake, n)
    rows = read_index(out)
    assert [r["seq"] for r in rows] == list(range(1, 25))
    assert all(r["status"] in ("ok", "cached") for r in rows)
    # the threads finished before the kill made no call; each other thread did
    assert not done & set(asked_after)
    assert {r["title"] for r in rows if r["status"] == "ok"} == set(asked_after)
    assert {r["title"] for r in rows if r["status"] == "cached"} >= done
    assert asked_before | set(asked_after) == {r["title"] for r in rows}
    check_against_parse(rows, parsed(dump))
    for r in rows:
        assert json.loads((out / r["json"]).read_text(encoding="utf-8"))["summary"]
    table = read_index_csv(out)
    assert [int(r["seq"]) for r in table] == list(range(1, 25))
    assert [r["status"] for r in table] == [r["status"] for r in rows]
    assert not part.exists() and not (out / "index.csv.part").exists()
    # a later run killed before its end leaves this complete index as it is
    bigger = tmp_path / "bigger.json"
    bigger.write_text(crawler_dump(40, big_every=6, big=400), encoding="utf-8")
    argv[argv.index(str(dump))] = str(bigger)
    complete = (out / "index.jsonl").read_bytes(), (out / "index.csv").read_bytes()
    with FakeServer(latency=0.25) as fake:
        add_fake(capsys, fake, "fake", "--concurrency", "2")
        proc = subprocess.Popen(argv, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None and not fake.chat_requests:
            time.sleep(0.05)
        assert proc.poll() is None and fake.chat_requests, proc.communicate()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert ((out / "index.jsonl").read_bytes(), (out / "index.csv").read_bytes()) == complete


def test_a_pool_of_two_finishes_every_thread_when_one_fails_half_its_calls(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    dump = tmp_path / "board.json"
    dump.write_text(crawler_dump(16, big_every=4, big=400), encoding="utf-8")
    out = tmp_path / "out"
    # calls long enough for the flaky member, resting after each failure, to serve several
    with FakeServer(latency=0.15) as good, FakeServer(latency=0.15) as flaky:
        add_fake(capsys, good, "good", "--concurrency", "2")
        add_fake(capsys, flaky, "flaky", "--concurrency", "2")
        flaky.script.extend(
            [Behavior("status", 500, body={"error": {"message": "overloaded"}}), Behavior()] * 200
        )
        code, out_text, err = run(
            capsys,
            "batch",
            str(dump),
            "--out",
            str(out),
            "--yes",
            "--endpoint",
            "good",
            "--endpoint",
            "flaky",
        )
        assert code == 0, err
        assert "16 threads: 16 summarized" in out_text
        rows = read_index(out)
        assert all(r["status"] == "ok" for r in rows)
        failed = sum(1 for s in flaky.script if s.kind == "status")
        flaky_failures = 200 - failed
        flaky_ok = len(flaky.chat_requests) - flaky_failures
        assert flaky_failures >= 3 and flaky_ok >= 3  # both served, one failed half
        assert good.max_concurrent <= 2 and flaky.max_concurrent <= 2
        # each failed request was made again (on the other member), and counted
        assert sum(r["calls"] for r in rows) == len(good.chat_requests) + len(flaky.chat_requests)
        assert "pool: good: " in err and "flaky: " in err and "failed" in err
        assert all(r["endpoint"] == "good + flaky" for r in rows)


def test_pool_member_with_a_wrong_key_leaves_the_pool(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    dump = tmp_path / "board.json"
    dump.write_text(crawler_dump(6), encoding="utf-8")
    out = tmp_path / "out"
    with FakeServer() as good, FakeServer() as bad:
        add_fake(capsys, good, "good")
        add_fake(capsys, bad, "bad")
        bad.script.extend([Behavior("status", 401, body={"error": {"message": "bad key"}})] * 50)
        code, _, err = run(
            capsys, "batch", str(dump), "--out", str(out), "--yes", "--endpoint", "bad", "--endpoint", "good"
        )
        assert code == 0, err
        assert 1 <= len(bad.chat_requests) <= 2 and len(good.chat_requests) == 6
        assert "left the pool" in err


def test_openai_batch_api_takes_up_its_batches_after_a_restart(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--openai-batch: the requests go in batches (the map calls of every thread in one,
    the reduce calls in the next, the sort calls in the last); killed while the first batch runs, the same command
    waits for that batch instead of sending its requests again."""
    from .fakebatch import FakeBatchAPI

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-batch-0123456789")
    dump = tmp_path / "board.json"
    dump.write_text(crawler_dump(6, big_every=3, big=400), encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "THREADGIST_HOME": str(home)}
    argv = [
        sys.executable,
        "-m",
        "threadgist",
        "batch",
        str(dump),
        "--out",
        str(out),
        "--yes",
        "--openai-batch",
        "--poll",
        "0.1",
    ]
    with FakeBatchAPI() as api:
        code, _, err = run(
            capsys,
            "endpoints",
            "add",
            "oa",
            "--preset",
            "openai",
            "--base-url",
            api.base_url,
            "--model",
            "gpt-4o-mini",
            "--context",
            "4096",
        )
        assert code == 0, err
        api.hold = True
        proc = subprocess.Popen(argv, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (api.batches and api.polls >= 2):
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert len(api.batches) == 1 and api.uploads == 1
        journal = list((home / "cache" / "openai-batches").glob("*.json"))
        assert [p.name for p in journal] == ["batch_1.json"]
        first = {json.loads(x)["custom_id"] for x in api.files["file-in-1"].decode().splitlines()}
        assert len(first) >= 6  # one request per short thread, and the long ones' parts

        api.hold = False
        again = subprocess.run(argv, env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stderr
        assert "6 threads: 6 summarized" in again.stdout
        assert "answer(s) from batches created before" in again.stderr
        inputs = [f for f in api.files if f.startswith("file-in-")]
        later = [json.loads(x)["custom_id"] for f in inputs[1:] for x in api.files[f].decode().splitlines()]
        assert later and not first & set(later)  # nothing of the first batch sent again
        # the reduce calls, then the sort calls (every comment into the merged groups)
        assert len(api.batches) == len(inputs) == 3
    rows = read_index(out)
    assert [r["status"] for r in rows] == ["ok"] * 6
    assert max(r["calls"] for r in rows) > 1
    check_against_parse(rows, parsed(dump))


def test_the_question_on_a_terminal(
    capsys: pytest.CaptureFixture[str],
    home: Path,
    fake: FakeServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    add_fake(capsys, fake)
    dump = tmp_path / "board.json"
    dump.write_text(crawler_dump(3), encoding="utf-8")
    out = tmp_path / "out"
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    code, _, err = run(capsys, "batch", str(dump), "--out", str(out))
    assert code == 0 and "estimate: 3 call(s)" in err and "Start? [y/N]" in err
    assert "nothing was done" in err and not fake.chat_requests
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    code, out_text, err = run(capsys, "batch", str(dump), "--out", str(out))
    assert code == 0 and "3 threads: 3 summarized" in out_text
    # everything cached: nothing to ask about
    monkeypatch.setattr("sys.stdin", Terminal(""))
    code, out_text, err = run(capsys, "batch", str(dump), "--out", str(out))
    assert code == 0 and "(3 cached)" in err and "Start?" not in err
    assert "3 threads: 0 summarized, 3 cached" in out_text


def test_a_server_that_keeps_its_connections_alive(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    """The benchmark's server: answers in chunked bodies on connections that serve the next
    request; the client reads each answer to its end and sends the next request on them."""
    dump = tmp_path / "board.json"
    dump.write_text(crawler_dump(8, big_every=4, big=400), encoding="utf-8")
    with FakeServer(keep_alive=True) as fake:
        connections = []
        handler = fake.httpd.RequestHandlerClass
        setup = handler.setup
        handler.setup = lambda h: (connections.append(1), setup(h))[1]  # type: ignore[method-assign]
        add_fake(capsys, fake, "fake", "--concurrency", "2")
        code, out_text, err = run(capsys, "batch", str(dump), "--out", str(tmp_path / "out"), "--yes")
        assert code == 0, err
        assert "8 threads: 8 summarized" in out_text
        assert len(fake.chat_requests) > 8 and len(connections) <= 3  # reused, not reopened
    assert all(r["status"] == "ok" for r in read_index(tmp_path / "out"))


def test_batch_runs_and_estimates_in_the_answer_form_asked_for(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer, tmp_path: Path
) -> None:
    """``batch --form compact`` sends the compact prompt and makes compact digests (it
    ran Full whatever was asked); its estimate then counts them as cached, a Full batch
    does not."""
    from .test_gui_answer_form import NO_QUOTES, compact_or_rich

    fake.answer = compact_or_rich
    add_fake(capsys, fake)
    dump = tmp_path / "board.json"
    dump.write_text(crawler_dump(3), encoding="utf-8")
    out = tmp_path / "out"
    code, out_text, err = run(capsys, "batch", str(dump), "--out", str(out), "--yes", "--form", "compact")
    assert code == 0, err
    assert "3 threads: 3 summarized" in out_text
    asked = [r.body["messages"][-1]["content"] for r in fake.chat_requests]
    assert asked and all(NO_QUOTES in text for text in asked)
    digests = [json.loads(p.read_text("utf-8")) for p in out.rglob("*.json") if p.name != "index.json"]
    assert len(digests) == 3 and all(doc["meta"]["form"] == "compact" for doc in digests)
    seen = len(fake.chat_requests)
    code, _, err = run(capsys, "batch", str(dump), "--out", str(out), "--dry-run", "--form", "compact")
    assert code == 0 and "3 cached" in err, err
    code, _, err = run(capsys, "batch", str(dump), "--out", str(out), "--dry-run")
    assert code == 0 and "3 cached" not in err, err
    assert len(fake.chat_requests) == seen

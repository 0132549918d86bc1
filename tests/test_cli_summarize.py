"""summarize, endpoints and cache from the command line, against the scripted server."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from .clihelpers import add_fake, run
from .conftest import SAMPLE
from .fakeserver import Behavior, FakeServer


def test_dry_run_plan_makes_no_request(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer
) -> None:
    add_fake(capsys, fake)
    code, out, _ = run(capsys, "summarize", str(SAMPLE), "--dry-run", "--format", "json")
    assert code == 0 and not fake.seen
    plan = json.loads(out)
    for key in (
        "calls",
        "chunks",
        "prompt_tokens",
        "rendered_tokens",
        "content_tokens",
        "encoding",
        "output_reserve",
    ):
        assert key in plan
    assert plan["calls"] == 1 and plan["chunks"] == 1 and len(plan["prompt_tokens"]) == 1
    assert plan["rendered_tokens"] <= 1.15 * plan["content_tokens"]
    code, out, _ = run(capsys, "summarize", str(SAMPLE), "--dry-run")
    assert code == 0 and "one call for the whole thread" in out


def test_dry_run_plans_the_pipeline_asked_for(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer
) -> None:
    """``--dry-run --pipeline merge`` plans no sort calls; the default plans one per part
    (the dry run used to plan the default pipeline whatever was asked)."""
    add_fake(capsys, fake, "fake", "--context", "4096")
    calls = {}
    for pipeline in ("single", "merge"):
        code, out, err = run(
            capsys, "summarize", str(SAMPLE), "--dry-run", "--format", "json", "--pipeline", pipeline
        )
        assert code == 0, err
        calls[pipeline] = json.loads(out)["calls"]
    assert not fake.seen
    assert calls["merge"] < calls["single"], calls


def test_summarize_markdown_and_json(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer
) -> None:
    add_fake(capsys, fake)
    code, out, err = run(capsys, "summarize", str(SAMPLE))
    assert code == 0, err
    assert out.startswith("# Tech_Job · ") and "## 主要觀點" in out and "## 離題內容" in out
    assert "calls" in err  # progress on stderr
    code, out, _ = run(capsys, "summarize", str(SAMPLE), "--format", "json", "--lang", "en")
    doc = json.loads(out)
    assert doc["schema_version"] == 1 and doc["meta"]["lang"] == "en"
    assert doc["usage"]["calls"] == 1 and doc["usage"]["prompt_tokens"] > 0
    assert doc["verification"]["checked"] > 0 and doc["verification"]["removed"] == []
    assert {"on_topic", "off_topic", "unassigned"} == set(doc["shares"])
    n = len(fake.chat_requests)
    code, out2, _ = run(capsys, "summarize", str(SAMPLE), "--format", "json", "--lang", "en")
    assert len(fake.chat_requests) == n and json.loads(out2)["meta"]["cached"] is True
    code, _, _ = run(capsys, "summarize", str(SAMPLE), "--lang", "en", "--no-cache")
    assert len(fake.chat_requests) == n + 1
    code, out, _ = run(capsys, "cache", "stats")
    assert code == 0 and "digests:  2" in out
    code, out, _ = run(capsys, "cache", "clear")
    assert "removed 2" in out


def test_endpoint_errors_exit_4(capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer) -> None:
    # (with no endpoint configured, the built-in engine is used: see test_engine.py)
    add_fake(capsys, fake)
    code, _, err = run(capsys, "summarize", str(SAMPLE), "--endpoint", "nope")
    assert code == 2 and "no endpoint named" in err
    fake.script.append(Behavior("status", 404, body={"error": {"message": "model not found"}}))
    code, out, err = run(capsys, "summarize", str(SAMPLE), "--model", "missing")
    assert code == 4 and "no model “missing”" in err and out == ""
    assert "available models: fake-model, other-model" in err
    assert "Traceback" not in err
    code, _, err = run(capsys, "summarize", str(Path(SAMPLE).parent / "none.txt"))
    assert code == 3


def test_endpoints_commands_and_keys_never_written(
    capsys: pytest.CaptureFixture[str],
    home: Path,
    fake: FakeServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = "sk-live-VERYSECRETKEY1234567890"
    monkeypatch.setattr("sys.stdin", io.StringIO(key + "\n"))
    code, out, err = run(
        capsys,
        "endpoints",
        "add",
        "paid",
        "--preset",
        "openai",
        "--base-url",
        fake.base_url,
        "--model",
        "fake-model",
        "--key-stdin",
        "--default",
    )
    assert code == 0 and "key saved in the system keyring" in out
    code, out, _ = run(capsys, "endpoints", "list")
    assert "* paid" in out and "key: keyring" in out and key not in out
    code, out, _ = run(capsys, "endpoints", "models")
    assert code == 0 and "* fake-model" in out and "other-model" in out
    auth = fake.chat_requests  # noqa: F841
    code, out, err = run(capsys, "endpoints", "test", "paid")
    assert code == 0 and "structured output tier: json_schema" in out
    assert fake.seen[-1].headers.get("authorization") == f"Bearer {key}"
    code, out, _ = run(capsys, "summarize", str(SAMPLE))
    assert code == 0
    fake.script.append(
        Behavior("status", 401, body={"error": {"message": f"Incorrect API key provided: {key}"}})
    )
    code, out, err = run(capsys, "summarize", str(SAMPLE), "--no-cache")
    assert code == 4 and "rejected the API key" in err and key not in err
    # the error starts a line of its own, not after the progress text
    assert any(
        line.startswith("threadgist: ") and "rejected the API key" in line for line in err.splitlines()
    ), err
    written = [p for p in home.rglob("*") if p.is_file()]
    assert written, "the app wrote settings and cache files"
    for p in written:
        assert key.encode() not in p.read_bytes(), p
    code, out, _ = run(capsys, "endpoints", "remove", "paid")
    assert code == 0
    code, _, err = run(capsys, "endpoints", "remove", "paid")
    assert code == 2


def test_multi_article_file_needs_article(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer, corpus: Path
) -> None:
    add_fake(capsys, fake)
    path = corpus / "ptt/json/PublicServan-1-2.jwlin-crawler-old-message_conut.json"
    code, _, err = run(capsys, "summarize", str(path), "--dry-run")
    assert code == 2 and "--article" in err
    code, _out, _ = run(capsys, "summarize", str(path), "--dry-run", "--article", "2")
    assert code == 0


def test_server_text_cannot_drive_the_terminal(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer
) -> None:
    """A 500 body with escape sequences and CR/LF: printed as text, on lines of our own."""
    add_fake(capsys, fake)
    nasty = (
        "\x1b[2J\x1b]0;owned\x07\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\"
        "\r\nthreadgist: all good\r"
    )
    fake.script.extend([Behavior("status", 500, body={"error": {"message": nasty}})] * 4)
    code, _out, err = run(capsys, "summarize", str(SAMPLE), "--no-cache")
    assert code == 4
    assert "\x1b" not in err and "\x07" not in err
    # the error is the last line of our own (notes and progress come before it; the
    # progress line uses \r); the forged line in the body is indented, not at column 0
    message = err[err.rindex("\nthreadgist: ") + 1 :]
    assert "\r" not in message
    assert not any(line.startswith("threadgist: all good") for line in err.splitlines())


#: endpoints that are not OpenAI answer streams, or never end: (behaviour, options of
#: `endpoints add`, the words of the one error line)
FAULTS = {
    "web page": (
        Behavior("raw", body="<!doctype html><title>Welcome to nginx!</title>"),
        (),
        "answered with a web page, not an OpenAI-compatible API: check the base URL",
    ),
    "cut JSON body": (
        Behavior(
            "raw",
            body='{"id": "chatcmpl-1", "choices": [{"mess',
            headers={"Content-Type": "application/json"},
        ),
        (),
        "answered with a JSON document, not an answer stream",
    ),
    "bad data line": (
        Behavior("inject", body=b'data: {"choices": [}\n\n'),
        (),
        "sent a malformed answer stream (a data line is not valid JSON)",
    ),
    "0xff byte": (
        Behavior("inject", body=b'data: {"id": "\xff"}\n\n'),
        (),
        "sent a malformed answer stream (a data line is not valid UTF-8)",
    ),
    "oversize answer": (
        Behavior("flood", text='{"summary": "' + "長" * 999, repeat=2000),
        (),
        "more than 64 KB of text for an answer of at most",
    ),
    "slow drip": (
        Behavior(gap=0.3),
        ("--request-timeout", "1.5"),
        "did not finish its answer within the time limit of one request (1.5 s)",
    ),
    "silent server": (
        Behavior("hang", gap=10),
        ("--request-timeout", "1"),
        "did not answer within the time limit of one request (1 s)",
    ),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_endpoint_faults_end_in_one_line_and_cache_nothing(
    capsys: pytest.CaptureFixture[str],
    home: Path,
    fake: FakeServer,
    fault: str,
) -> None:
    behaviour, options, words = FAULTS[fault]
    add_fake(capsys, fake, "fake", *options)
    fake.chunk_chars = 1 if fault == "slow drip" else 1000
    fake.script.extend([behaviour] * 4)
    code, out, err = run(capsys, "summarize", str(SAMPLE), "--no-cache")
    assert code == 4 and out == "", err
    lines = [line for line in err.split("\n") if line.strip()]  # progress lines end in \r
    assert lines[-1].startswith("threadgist: “fake”") and words in lines[-1], err
    assert sum(line.startswith("threadgist: ") for line in lines) == 1, err
    for raw in ("Traceback", "Expecting value", "codec", "finish_reason"):
        assert raw not in err
    assert len(fake.chat_requests) == 1  # none of these is worth a retry
    code, out, _ = run(capsys, "cache", "stats")
    assert code == 0 and "digests:  0" in out and "partials: 0" in out


def test_time_limit_of_a_run(capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer) -> None:
    add_fake(capsys, fake)
    fake.script.append(Behavior("hang", gap=10))
    code, out, err = run(capsys, "summarize", str(SAMPLE), "--time-limit", "1")
    assert code == 4 and out == ""
    assert (
        err.rstrip("\n")
        .split("\n")[-1]
        .startswith("threadgist: the run's time limit (1 s) ran out while waiting for “fake”")
    ), err
    code, _, err = run(capsys, "summarize", str(SAMPLE), "--time-limit", "soon")
    assert code == 2 and "not a number of seconds" in err
    code, _, err = run(capsys, "endpoints", "add", "x", "--preset", "custom", "--request-timeout", "-1")
    assert code == 2 and "not a positive number of seconds" in err


def test_verbose_tells_each_call_as_it_ends(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer
) -> None:
    add_fake(capsys, fake)
    fake.script.append(Behavior("status", 503))
    code, _, err = run(capsys, "summarize", str(SAMPLE), "--no-cache", "--verbose")
    assert code == 0, err
    assert "threadgist: the endpoint failed (a server error): trying again\n" in err
    line = next(ln for ln in err.splitlines() if ln.startswith("threadgist: call 1 "))
    assert line.startswith("threadgist: call 1 (whole, floors 1–70) done: ")
    assert " prompt + " in line and " answer tokens, " in line and line.endswith(", 1 retry(ies)")
    code, _, err = run(capsys, "summarize", str(SAMPLE), "--no-cache")  # without: no such line
    assert code == 0 and "call 1 (" not in err

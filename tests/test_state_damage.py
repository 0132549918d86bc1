"""State that survives damage (issue 23, section 5): a damaged endpoints.json, keys in
base URLs, damaged cache rows and files, a full disk. Each ends in one clear line and
the documented exit code, and keeps what was not damaged."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from threadgist.commands import EXIT_CONFIG, EXIT_USAGE, EXIT_WRITE

from .clihelpers import add_fake, run
from .conftest import SAMPLE
from .fakeserver import FakeServer


def endpoints_file(home: Path) -> Path:
    return home / "config" / "endpoints.json"


def cache_file(home: Path) -> Path:
    return home / "cache" / "cache.sqlite3"


def no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text and "internal error" not in text, text


# ---- endpoints.json ------------------------------------------------------------------
def test_corrupt_endpoints_file_is_said_kept_and_never_switched_from(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer
) -> None:
    add_fake(capsys, fake)
    path = endpoints_file(home)
    path.write_text("{garbage")
    code, out, err = run(capsys, "summarize", str(SAMPLE), "--dry-run")
    assert code == EXIT_CONFIG and out == ""  # not run on the built-in engine instead
    assert str(path) in err and "cannot be read" in err and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "summarize", str(SAMPLE), "--dry-run", "--endpoint", "fake")
    assert code == EXIT_CONFIG and "“fake” is not known" in err
    code, out, err = run(capsys, "endpoints", "list")
    assert code == 0 and "no endpoints yet" not in out
    assert str(path) in err and "no endpoint was loaded" in err and len(err.strip().splitlines()) == 1
    assert path.read_text() == "{garbage"  # left as it was: nothing is moved on reading
    assert not fake.seen
    # saving an endpoint moves the damaged file aside first, and says where
    code, out, err = run(capsys, "endpoints", "add", "new", "--preset", "ollama", "--model", "m")
    assert code == 0 and "moved aside" in err and "endpoints.json.corrupt" in err
    assert (path.parent / "endpoints.json.corrupt").read_text() == "{garbage"
    code, out, err = run(capsys, "endpoints", "list")
    assert code == 0 and "new" in out and err == ""
    # a second damaged file does not overwrite the first one's evidence
    path.write_text("[")
    code, out, err = run(capsys, "endpoints", "add", "other", "--preset", "ollama", "--model", "m")
    assert code == 0 and (path.parent / "endpoints.json.corrupt-2").read_text() == "["
    assert (path.parent / "endpoints.json.corrupt").read_text() == "{garbage"


def profile(name: Any, preset: str = "custom", **extra: Any) -> dict[str, Any]:
    return {"name": name, "preset": preset, "base_url": "http://127.0.0.1:9/v1", "model": "m", **extra}


def test_unreadable_profiles_are_kept_named_and_never_run_elsewhere(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer
) -> None:
    path = endpoints_file(home)
    path.parent.mkdir(parents=True)
    future = profile("future", "a-preset-of-a-newer-version")
    wrong = profile("wrong", context_window="big")
    good = profile("good", base_url=fake.base_url)
    doc = {"version": 1, "default": "future", "profiles": [future, wrong, {"name": 5}, good]}
    path.write_text(json.dumps(doc))
    code, out, err = run(capsys, "endpoints", "list")
    assert code == 0 and "good" in out and "future" not in out
    assert str(path) in err and "3 endpoint(s) could not be read" in err and "1 loaded" in err
    assert "“future”: its preset “a-preset-of-a-newer-version” is unknown" in err
    assert "“wrong”: its field “context_window”" in err and len(err.strip().splitlines()) == 1
    # the default could not be read: a run that defaults to it stops, and says why
    code, out, err = run(capsys, "summarize", str(SAMPLE), "--dry-run")
    assert code == EXIT_CONFIG and out == "" and "default endpoint “future”" in err
    code, out, err = run(capsys, "summarize", str(SAMPLE), "--dry-run", "--endpoint", "wrong")
    assert code == EXIT_CONFIG and "“wrong”" in err and "context_window" in err
    code, out, err = run(capsys, "summarize", str(SAMPLE), "--dry-run", "--endpoint", "good")
    assert code == 0 and "good" in out and err.count("could not be read") == 1
    # saving keeps the unreadable profiles and the default as they were
    code, out, err = run(capsys, "endpoints", "add", "more", "--preset", "ollama", "--model", "m")
    assert code == 0
    saved = json.loads(path.read_text())
    assert saved["default"] == "future"
    assert future in saved["profiles"] and wrong in saved["profiles"] and {"name": 5} in saved["profiles"]
    # removing the unreadable default by name: a fix from the command line
    code, out, err = run(capsys, "endpoints", "remove", "future")
    assert code == 0 and future not in json.loads(path.read_text())["profiles"]
    no_traceback(out, err)


@pytest.mark.parametrize(
    "text",
    [
        '{"profiles": "abc"}',
        "[1]",
        '{"profiles": [{"name": "a", "preset": "ollama", "base_url": 5, "model": "m"}]}',
        '{"default": 3, "profiles": []}',
        '{"profiles": [null, [], "x"]}',
        "\xff\xfe",
    ],
)
def test_wrong_types_in_endpoints_file_give_one_line(
    capsys: pytest.CaptureFixture[str], home: Path, text: str
) -> None:
    path = endpoints_file(home)
    path.parent.mkdir(parents=True)
    path.write_bytes(text.encode("latin-1"))
    code, out, err = run(capsys, "endpoints", "list")
    assert code == 0 and str(path) in err and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "summarize", str(SAMPLE), "--dry-run")
    assert code == EXIT_CONFIG and out == "" and str(path) in err
    no_traceback(out, err)


# ---- keys in base URLs -----------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "http://user:SEKRIT@127.0.0.1:9/v1",
        "http://SEKRIT@127.0.0.1:9/v1",
        "http://127.0.0.1:9/v1?api-key=SEKRIT",
        "http://127.0.0.1:9/v1?key=SEKRIT",
        "http://127.0.0.1:9/v1?x=1&api_key=SEKRIT",
        "http://127.0.0.1:9/v1?token=SEKRIT",
        "http://127.0.0.1:9/v1?Api-Key=SEKRIT",
    ],
)
def test_a_key_in_the_base_url_is_refused_and_never_printed(
    capsys: pytest.CaptureFixture[str], home: Path, url: str
) -> None:
    code, out, err = run(
        capsys, "endpoints", "add", "x", "--preset", "custom", "--base-url", url, "--model", "m"
    )
    assert code == EXIT_USAGE and "keeps no keys" in err and "--key-stdin" in err
    assert "SEKRIT" not in out + err
    assert not endpoints_file(home).exists()


def test_a_key_stored_by_an_older_version_is_never_printed(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    path = endpoints_file(home)
    path.parent.mkdir(parents=True)
    url = "http://user:SEKRIT@127.0.0.1:9/v1?api-key=SEKRIT2&x=1"
    path.write_text(json.dumps({"profiles": [profile("old", base_url=url)]}))
    code, out, err = run(capsys, "endpoints", "list")
    assert code == 0 and "SEKRIT" not in out + err
    assert "http://***@127.0.0.1:9/v1?api-key=***&x=1" in out and "holds a key" in out


def test_a_plain_base_url_is_accepted(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    from threadgist.llm.keys import redact_url, url_secret

    for url in ("http://127.0.0.1:9/v1", "https://x.openai.azure.com/openai?api-version=2024-06-01"):
        assert url_secret(url) is None and redact_url(url) == url


# ---- the cache -------------------------------------------------------------------------
def summarize_once(capsys: pytest.CaptureFixture[str], fake: FakeServer) -> tuple[int, str, str]:
    return run(capsys, "summarize", str(SAMPLE), "--lang", "en", "--format", "json")


@pytest.mark.parametrize(
    "cell",
    [
        "{",
        "[]",
        '{"summary": 5}',
        "null",
        json.dumps({"summary": "s", "viewpoints": [{"title": 1}]}),
    ],
)
def test_a_damaged_digest_row_is_a_miss_said_once(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer, cell: str
) -> None:
    add_fake(capsys, fake)
    code, first, err = summarize_once(capsys, fake)
    assert code == 0, err
    calls = len(fake.chat_requests)
    with sqlite3.connect(cache_file(home)) as db:
        db.execute("UPDATE digests SET digest_json = ?", (cell,))
    code, out, err = summarize_once(capsys, fake)
    assert code == 0 and json.loads(out)["summary"] == json.loads(first)["summary"]
    assert len(fake.chat_requests) == calls + 1  # made again
    assert err.count("was damaged") == 1 and "dropped" in err
    code, out, err = summarize_once(capsys, fake)  # the new digest is served; nothing said
    assert code == 0 and json.loads(out)["meta"]["cached"] is True and "damaged" not in err
    assert len(fake.chat_requests) == calls + 1
    no_traceback(out, err)


def test_a_damaged_digest_row_of_wrong_types_never_reaches_the_output(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer
) -> None:
    """Every field of a real digest set to a value of another type, one at a time."""
    add_fake(capsys, fake)
    code, first, err = summarize_once(capsys, fake)
    doc = json.loads(first)
    for key in ("summary", "viewpoints", "off_topic", "totals", "shares", "verification", "usage"):
        bad = dict(doc, **{key: {"x": [1]} if isinstance(doc[key], str) else "text"})
        with sqlite3.connect(cache_file(home)) as db:
            db.execute("UPDATE digests SET digest_json = ?", (json.dumps(bad),))
        code, out, err = run(capsys, "summarize", str(SAMPLE), "--lang", "en")
        assert code == 0 and "was damaged" in err, (key, err)
        no_traceback(out, err)


def test_a_damaged_partial_row_is_a_miss(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    from threadgist.store.cache import Cache

    cache = Cache()
    cache.put_partial("run", "chunk", {"summary": "x"})
    with sqlite3.connect(cache.path) as db:
        db.execute("UPDATE partials SET result_json = '{'")
    assert cache.get_partial("run", "chunk") is None
    assert len(cache.take_warnings()) == 1 and not cache.has_partial("run", "chunk")
    assert cache.take_warnings() == []


def test_the_cache_as_a_folder_runs_in_memory_and_exits_6(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer
) -> None:
    add_fake(capsys, fake)
    cache_file(home).mkdir(parents=True)
    code, out, err = run(capsys, "summarize", str(SAMPLE), "--lang", "en")
    assert code == EXIT_WRITE and out.startswith("# ")  # the digest is there
    assert str(cache_file(home)) in err and "folder" in err
    code, out, err = run(capsys, "cache", "stats")
    assert code == EXIT_WRITE and out == "" and len(err.strip().splitlines()) == 1 and "folder" in err
    code, out, err = run(capsys, "cache", "clear")
    assert code == EXIT_WRITE and len(err.strip().splitlines()) == 1
    assert cache_file(home).is_dir()  # left as it was
    no_traceback(out, err)


def test_a_dropped_table_is_made_again_and_the_rest_kept(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer
) -> None:
    add_fake(capsys, fake)
    code, _, err = summarize_once(capsys, fake)
    from threadgist.store.cache import Cache

    cache = Cache()
    cache.put_partial("run", "chunk", {"kept": True})
    cache.close()
    with sqlite3.connect(cache_file(home)) as db:
        db.execute("DROP TABLE digests")
    code, out, err = run(capsys, "cache", "stats")
    assert code == 0 and "digests:  0" in out and "partials: 1" in out
    assert "lost its table(s) digests" in err and len(err.strip().splitlines()) == 1
    assert Cache().get_partial("run", "chunk") == {"kept": True}
    code, out, err = summarize_once(capsys, fake)
    assert code == 0 and err.count("lost its table") == 0
    no_traceback(out, err)


FILLERS = {
    "digests": "INSERT INTO digests VALUES (?, 'h', 'e', 'u', 'm', 'p', 'en', 'filler', 0, 0, 0, 0, 0, '{}')",
    "partials": "INSERT INTO partials (run_key, chunk_key, created_at, result_json) VALUES (?, 'c', 0, '{}')",
    "claims": "INSERT INTO claims VALUES (?, 'c', 'o', 0)",
}


def fill_the_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLITE_FULL, as on a full disk: the cache may not grow past its current pages,
    and every page of its tables is full."""
    from threadgist.store.cache import Cache

    opened = Cache._open

    def full(self: Cache) -> sqlite3.Connection:
        db = opened(self)
        db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
        number = 0
        for statement in FILLERS.values():
            try:
                while True:
                    number += 1
                    with db:
                        db.execute(statement, (f"filler-{number}",))
            except sqlite3.OperationalError as e:
                assert "full" in str(e)
        return db

    monkeypatch.setattr(Cache, "_open", full)


def test_a_full_disk_keeps_the_output_and_exits_6(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_fake(capsys, fake)
    code, out, err = run(capsys, "cache", "stats")  # made, with its tables
    fill_the_disk(monkeypatch)
    code, out, err = run(capsys, "summarize", str(SAMPLE), "--lang", "en")
    assert code == EXIT_WRITE and out.startswith("# "), err
    assert "database or disk is full" in err and err.count("cannot be written") == 1
    code, out, err = run(capsys, "cache", "stats")
    assert code == 0 and "digests:  " in out
    with sqlite3.connect(cache_file(home)) as db:
        assert db.execute("SELECT count(*) FROM digests WHERE title != 'filler'").fetchone()[0] == 0
    no_traceback(out, err)


def test_a_full_disk_in_a_batch(
    capsys: pytest.CaptureFixture[str],
    home: Path,
    fake: FakeServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    add_fake(capsys, fake)
    run(capsys, "cache", "stats")
    fill_the_disk(monkeypatch)
    code, out, err = run(capsys, "batch", str(SAMPLE), "--out", str(tmp_path / "d"), "--yes")
    assert code == EXIT_WRITE and "database or disk is full" in err
    assert (tmp_path / "d" / "index.jsonl").exists()
    no_traceback(out, err)


# ---- citations all invalid -------------------------------------------------------------
def test_a_digest_whose_citations_were_all_invalid_is_made_again(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer
) -> None:
    from .fakeserver import Behavior

    add_fake(capsys, fake)
    invented = {
        "summary": "A summary.",
        "viewpoints": [{"title": "v", "statement": "s", "floors": [9001, 9002], "quotes": []}],
        "off_topic": [{"title": "o", "description": "d", "floors": [9003]}],
    }
    fake.script.append(Behavior(text=json.dumps(invented)))
    code, out, err = summarize_once(capsys, fake)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["verification"]["checked"] == 3 and len(doc["verification"]["removed"]) >= 3
    assert any("every citation the model gave was invalid" in warning for warning in doc["warnings"])
    calls = len(fake.chat_requests)
    code, out, err = summarize_once(capsys, fake)  # not served: made again, and said
    doc = json.loads(out)
    assert code == 0 and len(fake.chat_requests) == calls + 1 and doc["meta"].get("cached") is not True
    assert any("citations were all invalid: it was made again" in warning for warning in doc["warnings"])
    code, out, err = summarize_once(capsys, fake)  # a grounded digest is served as always
    assert json.loads(out)["meta"]["cached"] is True and len(fake.chat_requests) == calls + 1


@pytest.mark.parametrize("cell", ["{", "[1]", '{"chunks": [[1, "x"], 3]}', '{"chunks": "x", "summary": 5}'])
def test_damaged_partial_rows_of_a_long_thread_are_misses(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer, cell: str
) -> None:
    """A thread read in parts: every part kept in the cache damaged (and the digest gone),
    the next run asks again for what it cannot read."""
    add_fake(capsys, fake, "fake", "--context", "1800", "--reserve", "400")
    code, out, err = summarize_once(capsys, fake)
    assert code == 0, err
    with sqlite3.connect(cache_file(home)) as db:
        parts = db.execute("SELECT count(*) FROM partials").fetchone()[0]
        assert parts >= 2  # the parts, and how the thread was cut
        db.execute("UPDATE partials SET result_json = ?", (cell,))
        db.execute("DELETE FROM digests")
    calls = len(fake.chat_requests)
    code, out, err = summarize_once(capsys, fake)
    assert code == 0 and json.loads(out)["summary"], err
    assert len(fake.chat_requests) > calls
    no_traceback(out, err)


def test_the_cache_row_check_agrees_with_the_digest_model() -> None:
    """store/digest_row.py mirrors what Digest.from_json reads: the same fields."""
    import dataclasses

    from threadgist.digest.model import GroupStats, Quote, Reason, Usage
    from threadgist.store import digest_row

    for spec, model in (
        (digest_row.USAGE_FIELDS, Usage),
        (digest_row.QUOTE_FIELDS, Quote),
        (digest_row.STATS_FIELDS, GroupStats),
        (digest_row.REASON_FIELDS, Reason),
    ):
        assert set(spec) == {field.name for field in dataclasses.fields(model)}, model

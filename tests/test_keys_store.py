"""Keys (real keyring API, in-memory and failing backends), settings files, the cache."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from threadgist.llm.keys import ENVIRONMENT, KEYRING, SESSION, KeyStore
from threadgist.llm.profiles import EndpointProfile, ProfileStore
from threadgist.store.cache import Cache
from threadgist.store.jsonfile import read_json, write_json_atomic

PROFILE = EndpointProfile.from_preset("work", "openai")


def test_keyring_roundtrip(home: Path) -> None:
    ks = KeyStore()
    assert ks.get(PROFILE).key is None
    assert ks.set("work", "sk-abc").source == KEYRING
    assert ks.get(PROFILE) .key == "sk-abc" and ks.get(PROFILE).source == KEYRING
    assert keyring.get_password("threadgist", "work") == "sk-abc"
    ks.delete("work")
    assert ks.get(PROFILE).key is None
    ks.delete("work")  # deleting twice is fine


def test_environment_variables(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "from-env")
    assert KeyStore().get(PROFILE).source == ENVIRONMENT
    monkeypatch.setenv("THREADGIST_KEY_WORK", "per-profile")
    assert KeyStore().get(PROFILE).key == "per-profile"


def test_no_keyring_backend_keeps_the_key_for_the_session(home: Path) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    ks = KeyStore()
    lookup = ks.get(PROFILE)
    assert lookup.key is None and lookup.keyring_error == "no system keyring is available"
    stored = ks.set("work", "sk-session")
    assert stored.source == SESSION and "no system keyring" in (stored.keyring_error or "")
    assert ks.get(PROFILE).key == "sk-session" and ks.get(PROFILE).source == SESSION
    assert KeyStore().get(PROFILE).key is None  # gone with the session


def test_profiles_are_saved_atomically_without_keys(home: Path) -> None:
    store = ProfileStore()
    store.add(EndpointProfile.from_preset("a", "ollama"))
    store.add(EndpointProfile.from_preset("b", "azure-classic", deployment="d", api_version="v"),
              make_default=True)
    again = ProfileStore()
    assert list(again.profiles) == ["a", "b"] and again.default == "b"
    assert again.get().deployment == "d"  # type: ignore[union-attr]
    doc = json.loads(store.path.read_text())
    assert doc["version"] == 1 and "key" not in json.dumps(doc).lower().replace("api_version", "")
    assert again.remove("b") and again.default == "a" and not again.remove("zzz")
    assert not list(store.path.parent.glob("*.tmp"))


def test_corrupt_settings_file_is_moved_aside(tmp_path: Path) -> None:
    p = tmp_path / "endpoints.json"
    p.write_text("{not json")
    assert read_json(p) is None
    assert (tmp_path / "endpoints.json.corrupt").read_text() == "{not json"
    write_json_atomic(p, {"ok": 1})
    assert read_json(p) == {"ok": 1}


def test_cache_migrations_wal_and_corruption(home: Path) -> None:
    c = Cache()
    assert c.stats()["digests"] == 0
    mode = c._db.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal" and c._db.execute("PRAGMA user_version").fetchone()[0] == 1
    c.put_partial("run", "chunk", {"summary": "x"})
    assert c.get_partial("run", "chunk") == {"summary": "x"}
    c.close()
    c.path.write_bytes(b"this is not a database" * 100)
    for side in c.path.parent.glob(c.path.name + "-*"):
        side.unlink()
    c2 = Cache()
    assert c2.warnings and "moved to" in c2.warnings[0]
    assert list(c2.path.parent.glob("cache.sqlite3.corrupt-*"))
    assert c2.get_partial("run", "chunk") is None
    assert c2.clear() == 0


def test_tiktoken_never_downloads(tmp_path: Path) -> None:
    """A fresh cache folder and a dead proxy: the shipped files must be enough."""
    env = {**os.environ, "THREADGIST_HOME": str(tmp_path), "HTTPS_PROXY": "http://127.0.0.1:9",
           "HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}
    env.pop("TIKTOKEN_CACHE_DIR", None)
    code = (
        "from threadgist.digest.tokens import TokenCounter;"
        "print(TokenCounter('o200k_base').raw('推文好文'), TokenCounter('cl100k_base').raw('hello'))"
    )
    p = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == ["4", "1"]
    assert len(list((tmp_path / "cache" / "tiktoken").iterdir())) == 2


def test_tokens_for_models() -> None:
    from threadgist.digest.tokens import UNKNOWN_MODEL_MARGIN, TokenCounter

    assert TokenCounter.for_model("gpt-4o-mini").encoding == "o200k_base"
    assert TokenCounter.for_model("gpt-4").encoding == "cl100k_base"
    unknown = TokenCounter.for_model("qwen2.5:7b")
    assert not unknown.exact and unknown.factor == UNKNOWN_MODEL_MARGIN
    assert unknown.count("台積電外資") > unknown.raw("台積電外資")
    assert TokenCounter.for_model("llama", calibration=2.0).count("abc abc") == 2 * TokenCounter().raw(
        "abc abc")


def test_sqlite_file_is_really_sqlite(home: Path) -> None:
    c = Cache()
    c.close()
    with sqlite3.connect(c.path) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"digests", "partials"} <= tables

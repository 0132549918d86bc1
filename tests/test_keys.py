"""API keys: the real keyring API (in-memory and failing backends) and environment variables."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from threadgist.llm.keys import ENVIRONMENT, KEYRING, SESSION, KeyStore
from threadgist.llm.profiles import EndpointProfile

PROFILE = EndpointProfile.from_preset("work", "openai")


def test_keyring_roundtrip(home: Path) -> None:
    ks = KeyStore()
    assert ks.get(PROFILE).key is None
    assert ks.set("work", "sk-abc").source == KEYRING
    assert ks.get(PROFILE).key == "sk-abc" and ks.get(PROFILE).source == KEYRING
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
    assert lookup.key is None and str(lookup.keyring_error) == "no system keyring is available"
    stored = ks.set("work", "sk-session")
    assert stored.source == SESSION and "no system keyring" in str(stored.keyring_error)
    assert ks.get(PROFILE).key == "sk-session" and ks.get(PROFILE).source == SESSION
    assert KeyStore().get(PROFILE).key is None  # gone with the session

"""Endpoint profiles and settings files: atomic writes, no keys, corrupt files moved aside."""

from __future__ import annotations

import json
from pathlib import Path

from threadgist.llm.profile_store import ProfileStore
from threadgist.llm.profiles import EndpointProfile
from threadgist.store.jsonfile import read_json, write_json_atomic


def test_profiles_are_saved_atomically_without_keys(home: Path) -> None:
    store = ProfileStore()
    store.add(EndpointProfile.from_preset("a", "ollama"))
    store.add(
        EndpointProfile.from_preset("b", "azure-classic", deployment="d", api_version="v"), make_default=True
    )
    again = ProfileStore()
    assert list(again.profiles) == ["a", "b"] and again.default == "b"
    assert again.get().deployment == "d"  # type: ignore[union-attr]
    doc = json.loads(store.path.read_text())
    assert doc["version"] == 1 and "key" not in json.dumps(doc).lower().replace("api_version", "")
    assert again.remove("b") and again.default == "a" and not again.remove("zzz")
    assert not list(store.path.parent.glob(".*.part"))


def test_corrupt_settings_file_is_moved_aside(tmp_path: Path) -> None:
    p = tmp_path / "endpoints.json"
    p.write_text("{not json")
    assert read_json(p) is None
    assert (tmp_path / "endpoints.json.corrupt").read_text() == "{not json"
    write_json_atomic(p, {"ok": 1})
    assert read_json(p) == {"ok": 1}

"""What a batch keeps while it runs: the capabilities it learns are read from the file
that holds them, kept in memory and written every few seconds or when flushed (not on
every call), so that the next run finds them."""

from __future__ import annotations

import json
from pathlib import Path

from threadgist.llm.capabilities import Capabilities
from threadgist.services.batch_store import BatchCapabilities


def test_batch_capabilities_are_read_kept_and_flushed(tmp_path: Path) -> None:
    path = tmp_path / "endpoints.json"
    Capabilities(path).update("srv|m", tokenizer_factor=1.5)
    caps = BatchCapabilities(path)
    assert caps.get("srv|m") == {"tokenizer_factor": 1.5}  # what the file held
    caps.update("srv|m", speed=42.0)
    caps.update("other|m", tokenizer_factor=2.0)
    assert json.loads(path.read_text(encoding="utf-8")) == {"srv|m": {"tokenizer_factor": 1.5}}
    caps.flush()
    assert Capabilities(path).get("srv|m") == {"tokenizer_factor": 1.5, "speed": 42.0}
    assert Capabilities(path).get("other|m") == {"tokenizer_factor": 2.0}
    written = path.stat().st_mtime_ns
    caps.update("srv|m", speed=42.0)  # nothing new: nothing to write
    caps.flush()
    assert path.stat().st_mtime_ns == written


def test_batch_capabilities_write_after_a_while(tmp_path: Path) -> None:
    path = tmp_path / "endpoints.json"
    caps = BatchCapabilities(path)
    caps.WRITE_EVERY = 0.0
    caps.update("srv|m", speed=1.0)
    assert Capabilities(path).get("srv|m") == {"speed": 1.0}

"""Local servers found on their own: probed on 127.0.0.1 only, with a short timeout."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from threadgist.cli import main
from threadgist.llm import discover

from .fakeserver import FakeServer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_scan_finds_servers_and_their_models(fake: FakeServer) -> None:
    closed = free_port()
    started = time.monotonic()
    found = discover.scan((("ollama", closed), ("llamacpp", fake.port), ("jan", closed)))
    assert time.monotonic() - started < 3
    assert len(found) == 1
    f = found[0]
    assert (f.kind, f.preset, f.label) == ("llamacpp", "llamacpp", "llama.cpp server")
    assert f.base_url == fake.base_url and f.models == ("fake-model", "other-model")


def test_only_this_computer_is_probed() -> None:
    with pytest.raises(ValueError):
        discover.scan((("ollama", 11434),), host="192.0.2.1")


def test_endpoints_scan_lists_and_adds(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discover, "KNOWN_PORTS", (("lmstudio", free_port()),))
    assert main(["endpoints", "scan"]) == 0
    assert "no local server found" in capsys.readouterr().out
    monkeypatch.setattr(discover, "KNOWN_PORTS", (("vllm", fake.port),))
    assert main(["endpoints", "scan", "--add"]) == 0
    out = capsys.readouterr().out
    assert "vLLM" in out and "fake-model" in out and "added as “vllm”" in out
    assert main(["endpoints", "list"]) == 0
    listed = capsys.readouterr().out
    assert "vllm" in listed and fake.base_url in listed

"""The command line run in this process, for the CLI tests: its exit code and output, and
an endpoint on the scripted server."""

from __future__ import annotations

import pytest

from threadgist.cli import main

from .fakeserver import FakeServer


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``threadgist ARGV…``: its exit code, stdout and stderr."""
    try:
        code = main(list(argv))
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def add_fake(capsys: pytest.CaptureFixture[str], fake: FakeServer, name: str = "fake", *extra: str) -> None:
    """An endpoint profile ``name`` on the scripted server (``extra``: more options)."""
    code, _out, err = run(
        capsys,
        "endpoints",
        "add",
        name,
        "--preset",
        "custom",
        "--base-url",
        fake.base_url,
        "--model",
        "fake-model",
        *extra,
    )
    assert code == 0, err

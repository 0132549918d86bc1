from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("THREADGIST_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
SAMPLE = REPO / "resources" / "samples" / "Tech_Job_remote-work_copied-web-text.txt"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS} (set THREADGIST_SHARED)")
    return CORPUS

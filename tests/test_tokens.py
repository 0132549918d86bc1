"""Token counting: the shipped tiktoken files, never a download; counts per model."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_tiktoken_never_downloads(tmp_path: Path) -> None:
    """A fresh cache folder and a dead proxy: the shipped files must be enough."""
    env = {
        **os.environ,
        "THREADGIST_HOME": str(tmp_path),
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "NO_PROXY": "",
    }
    env.pop("TIKTOKEN_CACHE_DIR", None)
    code = (
        "from threadgist.digest.tokens import TokenCounter;"
        "print(TokenCounter('o200k_base').raw('推文好文'), TokenCounter('cl100k_base').raw('hello'))"
    )
    p = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
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
        "abc abc"
    )

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
    files = sorted(f.name for f in (tmp_path / "cache" / "tiktoken").iterdir())
    # the two shipped files, and both encodings' parameters kept for the next process
    assert len(files) == 4 and sum(f.endswith(".marshal") for f in files) == 2, files


def _encode_in_a_process(home: Path) -> list[str]:
    code = (
        "import tiktoken\n"
        "from threadgist.digest.tokens import get_encoding\n"
        "ours = get_encoding('o200k_base')\n"
        "theirs = tiktoken.get_encoding('o200k_base')\n"
        "assert ours is not theirs\n"
        "text = '推 今天台積電漲停 <|endoftext|> hello  world\\n\\n123456'\n"
        "print(ours.encode(text, allowed_special='all') == theirs.encode(text, allowed_special='all'),"
        " ours.n_vocab == theirs.n_vocab, ours.special_tokens_set == theirs.special_tokens_set,"
        " len(ours.encode_ordinary(text)))"
    )
    env = {**os.environ, "THREADGIST_HOME": str(home)}
    env.pop("TIKTOKEN_CACHE_DIR", None)
    p = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout.split()


def test_kept_parameters_build_tiktokens_own_encoding(tmp_path: Path) -> None:
    """The encoding built from the kept parameters is tiktoken's: the first process (which
    keeps them), the next (which loads them), and one after the file was damaged."""
    first = _encode_in_a_process(tmp_path)
    assert first[:3] == ["True", "True", "True"]
    (kept,) = (tmp_path / "cache" / "tiktoken").glob("o200k_base.*.marshal")
    assert _encode_in_a_process(tmp_path) == first
    kept.write_bytes(kept.read_bytes()[:1000])  # cut short
    assert _encode_in_a_process(tmp_path) == first
    assert kept.stat().st_size > 1_000_000  # made again


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

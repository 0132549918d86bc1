"""What endpoints were found to support: the file earlier versions wrote still loads, typed,
and learning keeps what the client does not know."""

from __future__ import annotations

import json
from pathlib import Path

from threadgist.llm.capabilities import Capabilities, EndpointCaps

#: a file as versions before EndpointCaps wrote it (every key they learnt), with the
#: speed test's entry, an entry of another type and values of the wrong type
OLD_FILE = {
    "https://api.example.com/v1|gpt-x": {
        "tiers": ["json_object", "prompt"],
        "max_tokens_param": "max_completion_tokens",
        "stream_usage": False,
        "temperature": False,
        "return_progress": False,
        "tokens_per_char": 0.2731,
        "prefill_per_second": 512.5,
        "tokenizer_factor": 1.0412,
    },
    "http://127.0.0.1:8080/v1|local": {"tiers": "json_schema", "prefill_per_second": "fast", "future_key": 7},
    "speed-test": {"prefill": 184.0, "generate": 47.5, "params": 0.135},
    "broken": ["not", "an", "entry"],
}


def test_an_old_file_loads_typed(tmp_path: Path) -> None:
    path = tmp_path / "endpoints.json"
    path.write_text(json.dumps(OLD_FILE), encoding="utf-8")
    caps = Capabilities(path)
    assert caps.endpoint("https://api.example.com/v1|gpt-x") == EndpointCaps(
        tiers=("json_object", "prompt"),
        max_tokens_param="max_completion_tokens",
        stream_usage=False,
        temperature=False,
        return_progress=False,
        tokens_per_char=0.2731,
        prefill_per_second=512.5,
        tokenizer_factor=1.0412,
    )
    # values of the wrong type read as not learnt; an unknown endpoint has nothing learnt
    assert caps.endpoint("http://127.0.0.1:8080/v1|local") == EndpointCaps()
    assert caps.endpoint("nowhere") == EndpointCaps()
    assert caps.get("speed-test") == OLD_FILE["speed-test"]


def test_learning_writes_the_same_json_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "endpoints.json"
    path.write_text(json.dumps(OLD_FILE), encoding="utf-8")
    caps = Capabilities(path)
    caps.learn("http://127.0.0.1:8080/v1|local", EndpointCaps(tiers=(), prefill_per_second=50.0))
    caps.learn("new|model", EndpointCaps(max_tokens_param="max_tokens", stream_usage=False))
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["http://127.0.0.1:8080/v1|local"] == {
        "tiers": [],
        "prefill_per_second": 50.0,
        "future_key": 7,
    }
    assert written["new|model"] == {"max_tokens_param": "max_tokens", "stream_usage": False}
    assert written["https://api.example.com/v1|gpt-x"] == OLD_FILE["https://api.example.com/v1|gpt-x"]
    assert written["speed-test"] == OLD_FILE["speed-test"]
    assert "broken" not in written  # forgotten, as before: learnt again
    again = Capabilities(path)
    assert again.endpoint("new|model") == EndpointCaps(max_tokens_param="max_tokens", stream_usage=False)
    assert again.endpoint("http://127.0.0.1:8080/v1|local").tiers == ()


def test_learning_nothing_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "endpoints.json"
    caps = Capabilities(path)
    caps.learn("a|b", EndpointCaps())
    assert not path.exists()
    caps.learn("a|b", EndpointCaps(temperature=False))
    stamp = path.stat().st_mtime_ns
    caps.learn("a|b", EndpointCaps(temperature=False))  # nothing new
    assert path.stat().st_mtime_ns == stamp

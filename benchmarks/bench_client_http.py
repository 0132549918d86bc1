"""The openai-vs-httpx question of issue 24, measured.

- import time, in a fresh interpreter each: ``import openai`` against ``import httpx2``
  (the HTTP package the installed openai is built on) alone, ``--imports`` runs each
  (10), the median reported;
- per request: the client's route (``llm/openai_route.py``: the openai package's stream
  with the body in ``extra_body`` and its server-sent events read as JSON) against a plain
  httpx request and SSE read, both into the same ``StreamReader``, ``--requests`` small
  requests each (200) to the scripted server (``tests/fakeserver.py``) on 127.0.0.1 with
  its connections kept alive, one after another; the median and the 90th percentile of
  a request's wall time, and the process's CPU time per request (the server's threads run
  in this process too: the same for both).

Writes benchmarks/results/client-http.json; the decision is in client-http.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "desktop"))

from tests.fakeserver import FakeServer  # noqa: E402

from threadgist.llm.capabilities import Capabilities  # noqa: E402
from threadgist.llm.client import LLMClient  # noqa: E402
from threadgist.llm.policy import Deadline  # noqa: E402
from threadgist.llm.profiles import EndpointProfile  # noqa: E402
from threadgist.llm.request import Ask, Hooks  # noqa: E402
from threadgist.llm.stream import StreamReader  # noqa: E402

SCHEMA = {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]}
MESSAGES = [{"role": "user", "content": 'Reply with {"answer": "ok"}'}]
MAX_TOKENS = 64
WARM_UP = 20


def import_seconds(module: str, runs: int) -> list[float]:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    out = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        out.append(float(done.stdout))
    return out


async def by_route(client: LLMClient, count: int) -> list[float]:
    """The client's own route, one request after another."""
    ask = Ask("json_schema", MESSAGES, "t", SCHEMA, MAX_TOKENS, Hooks())
    times = []
    for _ in range(count):
        started = time.perf_counter()
        await client.route.send(client, ask, Deadline.first_of(60.0, None))
        times.append(time.perf_counter() - started)
    return times


async def by_httpx(client: LLMClient, count: int) -> list[float]:
    """The same body, sent with httpx and its events read line by line."""
    import httpx2

    ask = Ask("json_schema", MESSAGES, "t", SCHEMA, MAX_TOKENS, Hooks())
    body = client.route.body(client, ask)
    times = []
    async with httpx2.AsyncClient(base_url=client.profile.base_url, timeout=60.0) as http:
        for _ in range(count):
            started = time.perf_counter()
            reader = StreamReader(MAX_TOKENS, None, None)
            async with http.stream("POST", "/chat/completions", json=body) as response:
                async for line in response.aiter_lines():
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        break
                    reader.take(json.loads(data))
            assert reader.finish is not None
            times.append(time.perf_counter() - started)
    return times


def summary(times: list[float], cpu: float) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 3),
        "p90_ms": round(ordered[int(len(ordered) * 0.9) - 1] * 1000, 3),
        "cpu_ms_per_request": round(cpu / len(times) * 1000, 3),
    }


async def per_request(count: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with FakeServer(keep_alive=True) as fake:
        fake.answer = lambda messages: {"answer": "ok"}
        profile = EndpointProfile.from_preset("fake", "custom", base_url=fake.base_url, model="fake-model")
        client = LLMClient(profile, None, Capabilities(None))
        try:
            for name, way in (("openai route", by_route), ("httpx", by_httpx)):
                await way(client, WARM_UP)
                cpu = time.process_time()
                times = await way(client, count)
                results[name] = summary(times, time.process_time() - cpu)
        finally:
            await client.aclose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--imports", type=int, default=10)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    imports = {
        module: round(statistics.median(import_seconds(module, args.imports)) * 1000, 1)
        for module in ("httpx2", "openai")
    }
    doc = {
        "import_median_ms": imports,
        "requests": args.requests,
        "per_request": asyncio.run(per_request(args.requests)),
    }
    out = HERE / "results" / "client-http.json"
    out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(doc, indent=2))


if __name__ == "__main__":
    main()

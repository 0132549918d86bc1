"""Prompt-prefix reuse of the map calls on llama.cpp (the built-in engine).

Map prompts used to start with the part's number and floors, so no two of them shared a
prefix beyond the system text and llama.cpp evaluated the whole article again for every
part. They now carry those details after the article. This sends the map prompts of a long
thread, in order, to a fresh engine (one slot, prompt cache on), asking for one token each,
and reads how many prompt tokens the server really evaluated (``timings.prompt_n``),
with the old order and the new one.

Writes benchmarks/results/prefix.md and prefix.json.
"""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path
from string import Template
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

THREAD = ROOT / "benchmarks/quality/threads/Gossiping_M.1540789539.A.78D_article77-of-114.crawler.json"
ARTICLE = 77
CONTEXT = 4096

OLD_MAP = Template(
    "This is part $part of $parts of a long thread (floors $first to $last). Other parts are "
    "analysed separately and merged later, so report only what this part contains. Answer "
    "with JSON:\n- summary: how the discussion goes in this part (2 to 4 sentences).\n"
    "- viewpoints: positions taken in this part (at most 8), each with a short title, a one- "
    "or two-sentence statement, the floors that hold it and up to 3 short verbatim quotes "
    "with their floor.\n- off_topic: digressions in this part, each with a title, a one-line "
    "description and its floors. Use [] when there are none.\n\n$header\n<article>\n$article\n"
    "</article>\n<comments>\n$comments\n</comments>\n"
)


def post(url: str, doc: dict[str, Any]) -> Any:
    req = urllib.request.Request(
        url, data=json.dumps(doc).encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read().decode())


def map_prompts(order: str) -> tuple[list[list[dict[str, str]]], str]:
    from threadgist.digest.budget import Budget
    from threadgist.digest.plan import make_plan
    from threadgist.digest.prompts import system_prompt, template
    from threadgist.digest.render import render_header
    from threadgist.digest.tokens import TokenCounter
    from threadgist.thread import load_path

    thread = load_path(str(THREAD)).threads[ARTICLE - 1]
    counter = TokenCounter.for_model("local")
    plan = make_plan(thread, counter, Budget(CONTEXT, 1024), "zh-TW", force_chunked=True)
    tmpl = OLD_MAP if order == "old" else template("map")
    out = []
    for i, (a, b) in enumerate(plan.chunks):
        lines = plan.lines[a:b]
        floors = [ln.first for ln in lines if ln.first] or [0]
        user = tmpl.substitute(
            header=render_header(thread),
            article=plan.article,
            part=str(i + 1),
            parts=str(len(plan.chunks)),
            first=str(min(floors)),
            last=str(max(ln.last for ln in lines)),
            comments="\n".join(ln.text for ln in lines),
        )
        out.append([{"role": "system", "content": system_prompt("zh-TW")}, {"role": "user", "content": user}])
    return out, plan.article


def measure(order: str, model: Path) -> dict[str, Any]:
    from threadgist.llm.engine import EngineConfig, LocalEngine

    prompts, article = map_prompts(order)
    engine = LocalEngine(EngineConfig(model, ctx=CONTEXT))
    try:
        base = engine.base_url()
        root = base[:-3]
        article_tokens = len(post(f"{root}/tokenize", {"content": article})["tokens"])
        rows = []
        for msgs in prompts:
            doc = post(
                f"{base}/chat/completions",
                {"model": "local", "messages": msgs, "max_tokens": 1, "temperature": 0, "cache_prompt": True},
            )
            t = doc.get("timings", {})
            rows.append(
                {
                    "prompt_tokens": doc["usage"]["prompt_tokens"],
                    "evaluated": t.get("prompt_n"),
                    "ms": round(t.get("prompt_ms", 0)),
                }
            )
    finally:
        engine.stop()
    later = [r["evaluated"] for r in rows[1:] if isinstance(r["evaluated"], int)]
    reread = [max(0, e - (r["prompt_tokens"] - article_tokens)) for e, r in zip(later, rows[1:], strict=True)]
    return {
        "order": order,
        "article_tokens": article_tokens,
        "calls": rows,
        "article_reread_share": (sum(reread) / (article_tokens * len(reread)) if reread else None),
    }


def main() -> int:
    from threadgist.llm.gguf import default_model_path

    model = default_model_path()
    if model is None:
        print("SmolLM2 is not installed; nothing to measure", file=sys.stderr)
        return 1
    runs = [measure("old", model), measure("new", model)]
    lines = [
        "# Prompt-prefix reuse of map calls (llama.cpp, built-in engine)",
        "",
        f"The {ARTICLE}th article of `{THREAD.name}` (320 pushes) at a {CONTEXT}-token "
        "context, SmolLM2-135M, one slot, prompt cache on; each map prompt is sent in "
        "order asking for one token. *Evaluated* is llama.cpp's `timings.prompt_n`: the "
        "prompt tokens it did not find in its cache.",
        "",
        "| order | article tokens | map calls | prompt tokens per call | evaluated per call | "
        "article re-read by calls after the first |",
        "|---|---:|---:|---|---|---:|",
    ]
    for r in runs:
        share = r["article_reread_share"]
        lines.append(
            f"| {r['order']} | {r['article_tokens']} | {len(r['calls'])} | "
            + ", ".join(str(c["prompt_tokens"]) for c in r["calls"])
            + " | "
            + ", ".join(str(c["evaluated"]) for c in r["calls"])
            + " | "
            + ("–" if share is None else f"{share:.0%}")
            + " |"
        )
    out = ROOT / "benchmarks/results"
    (out / "prefix.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "prefix.json").write_text(json.dumps(runs, indent=1), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

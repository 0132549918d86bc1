"""A growing thread read again: a 3,000-push PTT thread summarized, then grown to 3,300
pushes and summarized again against the scripted server (8k context), measuring calls and
prompt tokens of:

1. the first run; 2. the ordinary re-run of the grown thread (cached parts reused);
3. the same re-run after the token count was calibrated 4 % higher (as servers report
   real counts); 4. "Summarize again" (a genuinely new run); 5. the "what's new" digest
   of the 300 new pushes alone;

and what the prefix-stable rendering (every user numbered) costs over the compact one.
Writes benchmarks/results/grow.md and grow.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

CONTEXT = 8192
FIRST, GROWN = 3000, 3300


def main() -> None:
    os.environ["THREADGIST_HOME"] = tempfile.mkdtemp(prefix="tg-bench-grow-")
    from tests.fakeserver import FakeServer
    from tests.livethread import live_thread

    from threadgist.digest.pipeline import Summarizer
    from threadgist.digest.render import render_lines
    from threadgist.digest.tokens import TokenCounter
    from threadgist.llm.capabilities import Capabilities
    from threadgist.llm.client import LLMClient
    from threadgist.llm.profiles import EndpointProfile
    from threadgist.store.cache import Cache

    counter = TokenCounter.for_model("gpt-4o-mini")
    small, big = live_thread(FIRST), live_thread(GROWN)
    results: dict[str, Any] = {"context": CONTEXT, "first_pushes": FIRST, "grown_pushes": GROWN}
    with FakeServer() as srv:
        cache = Cache()
        p = EndpointProfile.from_preset(
            "bench",
            "custom",
            base_url=srv.base_url,
            model="gpt-4o-mini",
            context_window=CONTEXT,
            concurrency=4,
        )

        def measure(
            name: str, thread: Any, *, use_cache: bool = True, factor: float = 1.0, **kw: Any
        ) -> None:
            s = Summarizer(
                thread,
                LLMClient(p, None, Capabilities(None)),
                TokenCounter(counter.encoding, factor, exact=factor == 1.0),
                cache=cache,
                use_cache=use_cache,
                **kw,
            )
            plan = s.plan()
            before = len(srv.chat_requests)

            async def go() -> Any:
                try:
                    return await s.run()
                finally:
                    await s.client.aclose()

            d = asyncio.run(go())
            users = [r.body["messages"][-1]["content"] for r in srv.chat_requests[before:]]
            results[name] = {
                "comments": d.totals["comments"],
                "chunks": len(plan.chunks),
                "estimated_calls": plan.calls,
                "reused_parts": d.meta.reused_parts,
                "calls": len(users),
                "map_calls": sum("<comments>" in u for u in users),
                "reduce_calls": sum("<partials>" in u for u in users),
                "prompt_tokens": d.usage.run_prompt_tokens,  # this run's, not the digest's
            }

        measure("first", small)
        measure("regrown", big)
        # a second grown copy of the cache state: re-run the grown thread after calibration
        cache.close()
        cache = Cache(Path(tempfile.mkdtemp(prefix="tg-bench-grow2-")) / "c.sqlite3")
        measure("first_again", small)
        measure("regrown_calibrated", big, factor=1.04)
        measure("again", big, use_cache=False)
        measure("whats_new", big, since_floor=FIRST)
        cache.close()
    from threadgist.thread import load_path

    sample = load_path(str(ROOT / "resources/samples/Tech_Job_remote-work_copied-web-text.txt"))
    results["rendering"] = {}
    for name, t in (("live", small), ("sample", sample.threads[0])):
        compact = counter.raw("\n".join(ln.text for ln in render_lines(t)))
        stable = counter.raw("\n".join(ln.text for ln in render_lines(t, stable=True)))
        results["rendering"][name] = {
            "compact_tokens": compact,
            "stable_tokens": stable,
            "ratio": round(stable / compact, 3),
        }
    write(results)


def write(r: dict[str, Any]) -> None:
    rows = [
        ("first run, 3,000 pushes", "first"),
        ("grown to 3,300 pushes, Summarize", "regrown"),
        ("grown, Summarize, token count calibrated +4 % since", "regrown_calibrated"),
        ("grown, Summarize again (no reuse)", "again"),
        ("what's new: the 300 new pushes alone", "whats_new"),
    ]
    lines = [
        "# A growing thread read again",
        "",
        f"Scripted server, {r['context']:,}-token context, gpt-4o-mini token counts; a "
        f"synthetic live PTT thread of {r['first_pushes']:,} pushes grown to "
        f"{r['grown_pushes']:,} (tests/livethread.py).",
        "",
        "| run | comments in digest | parts | estimated calls | parts reused | calls | map | "
        "reduce | prompt tokens |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, key in rows:
        x = r[key]
        lines.append(
            f"| {label} | {x['comments']:,} | {x['chunks']} | {x['estimated_calls']} | "
            f"{x['reused_parts']} | {x['calls']} | {x['map_calls']} | "
            f"{x['reduce_calls']} | {x['prompt_tokens']:,} |"
        )
    g, f = r["regrown"], r["first"]
    lines += [
        "",
        f"Bar: the grown thread is read again with at most 2 map calls plus the reduce: "
        f"**{g['map_calls']} map + {g['reduce_calls']} reduce** "
        f"({g['prompt_tokens'] / f['prompt_tokens']:.0%} of the first run's prompt tokens).",
        "",
        "## Rendering for threads read in parts",
        "",
        "Every user is numbered, so that no line changes when the thread grows "
        "(a thread that fits in one call keeps the compact rendering, where users who "
        "comment once have no number):",
        "",
        "| thread | compact | every user numbered | ratio |",
        "|---|---:|---:|---:|",
    ]
    for name, label in (
        ("live", f"the {r['first_pushes']:,}-push live thread"),
        ("sample", "the bundled sample (70 pushes)"),
    ):
        x = r["rendering"][name]
        lines.append(f"| {label} | {x['compact_tokens']:,} | {x['stable_tokens']:,} | ×{x['ratio']} |")
    lines.append("")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "grow.md").write_text("\n".join(lines), encoding="utf-8")
    (out / "grow.json").write_text(json.dumps(r, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

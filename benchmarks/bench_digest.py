"""Digest benchmarks, measured side by side in one run:

1. token economy of the thread rendering (vs the article+comment text, and vs the file);
2. calls and prompt tokens: a thread that fits, and a 3,000-push thread at an 8k context;
3. wall time against the scripted server at a fixed latency per call, compared with the
   critical-path lower bound (map waves + reduce levels) × latency, and with a sequential
   refine-style baseline (one call per chunk, each carrying the running summary);
4. the time to return a cached digest.

Writes benchmarks/results/digest.md and digest.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from threadgen import copied_text_thread  # noqa: E402

LATENCY = 0.5
PUSHES = 3000


def economy_rows() -> list[dict[str, object]]:
    from threadgist.digest.render import content_text, render_article, render_header, render_lines
    from threadgist.digest.tokens import TokenCounter
    from threadgist.thread import load_path

    files = [ROOT / "resources/samples/Tech_Job_remote-work_copied-web-text.txt"]
    corpus = ROOT.parent / "shared/corpus/ptt"
    for rel in (
        "copied-text/Stock_synthetic_copied-web-text.txt",
        "html/Baseball_M.1593841729.A.BDA.html",
        "bbs/Gossiping_M.1608551127.A.91E_TVBS-poll_temp6.big5.txt",
        "bbs/NBA_forwarded-MJ-records_temp10.big5.txt",
    ):
        if (corpus / rel).is_file():
            files.append(corpus / rel)
    rows = []
    for f in files:
        t = load_path(str(f)).threads[0]
        rendered = "\n".join([render_header(t), render_article(t), *(ln.text for ln in render_lines(t))])
        raw_text = (
            f.read_bytes().decode("utf-8", errors="replace")
            if not f.name.endswith(".big5.txt")
            else load_path(str(f)).threads[0].body
        )  # Big5 files: decoded elsewhere
        row: dict[str, object] = {"file": f.name, "comments": len(t.comments)}
        for enc in ("o200k_base", "cl100k_base"):
            c = TokenCounter(enc)
            content = c.raw(content_text(t))
            row[enc] = round(c.raw(rendered) / content, 3)
            if not f.name.endswith(".big5.txt"):
                row[f"{enc}_vs_file"] = round(c.raw(rendered) / c.raw(raw_text), 3)
        rows.append(row)
    return rows


def main() -> None:
    from tests.fakeserver import FakeServer

    from threadgist.digest.pipeline import Summarizer
    from threadgist.digest.tokens import TokenCounter
    from threadgist.llm.capabilities import Capabilities
    from threadgist.llm.client import LLMClient
    from threadgist.llm.profiles import EndpointProfile
    from threadgist.store.cache import Cache
    from threadgist.thread import load_bytes, load_path

    os.environ["THREADGIST_HOME"] = tempfile.mkdtemp(prefix="tg-bench-")
    economy = economy_rows()
    counter = TokenCounter.for_model("gpt-4o-mini")
    sample = load_path(str(ROOT / "resources/samples/Tech_Job_remote-work_copied-web-text.txt")).threads[0]
    big = load_bytes(copied_text_thread(PUSHES).encode()).threads[0]
    results: dict[str, object] = {"economy": economy}

    with FakeServer(latency=LATENCY) as srv:

        def summ(
            thread: object, context: int, concurrency: int = 4, cache: Cache | None = None
        ) -> Summarizer:
            p = EndpointProfile.from_preset(
                "bench",
                "custom",
                base_url=srv.base_url,
                model="gpt-4o-mini",
                context_window=context,
                concurrency=concurrency,
            )
            return Summarizer(thread, LLMClient(p, None, Capabilities(None)), counter, cache=cache)  # type: ignore[arg-type]

        async def timed(s: Summarizer) -> tuple[float, object]:
            t0 = time.perf_counter()
            try:
                d = await s.run()
            finally:
                await s.client.aclose()
            return time.perf_counter() - t0, d

        fit = summ(sample, 128_000).plan()
        results["fits"] = {"calls": fit.calls, "prompt_tokens": fit.prompt_tokens}

        s = summ(big, 8192)
        plan = s.plan()
        before = len(srv.chat_requests)
        wall, d = asyncio.run(timed(s))
        calls = len(srv.chat_requests) - before
        map_calls = d.usage.map_calls  # type: ignore[attr-defined]
        reduce_calls = d.usage.reduce_calls  # type: ignore[attr-defined]
        waves = -(-map_calls // s.profile.effective_concurrency)
        levels = _reduce_levels(srv, before)
        lower = (waves + levels + (1 if plan.condense else 0)) * LATENCY
        results["big"] = {
            "pushes": PUSHES,
            "context": 8192,
            "concurrency": s.profile.effective_concurrency,
            "chunks": len(plan.chunks),
            "planned_calls": plan.calls,
            "calls": calls,
            "map_calls": map_calls,
            "reduce_calls": reduce_calls,
            "reduce_levels": levels,
            "prompt_tokens_estimated": sum(plan.prompt_tokens),
            "prompt_tokens_reported": d.usage.prompt_tokens,  # type: ignore[attr-defined]
            "rendered_tokens": plan.rendered_tokens,
            "content_tokens": plan.content_tokens,
            "wall_s": round(wall, 3),
            "lower_bound_s": lower,
            "ratio": round(wall / lower, 3),
        }
        # refine-style baseline: every chunk in sequence, each call waiting for the last
        results["refine_baseline"] = {
            "calls": len(plan.chunks),
            "wall_s": round(_refine(srv, plan, s), 3),
        }

        with tempfile.TemporaryDirectory() as tmp:
            cache = Cache(Path(tmp) / "c.sqlite3")
            asyncio.run(timed(summ(sample, 128_000, cache=cache)))
            times = []
            for _ in range(20):
                t0 = time.perf_counter()
                hit = summ(sample, 128_000, cache=cache).cached()
                times.append(time.perf_counter() - t0)
                assert hit is not None
            cache.close()
        results["cached_ms"] = {
            "median": round(sorted(times)[10] * 1000, 2),
            "max": round(max(times) * 1000, 2),
        }

    write(results)


def _reduce_levels(srv: object, start: int) -> int:
    """Count reduce rounds: reduce requests that started after the previous one ended."""
    reqs = [
        r
        for r in srv.chat_requests[start:]  # type: ignore[attr-defined]
        if "<partials>" in r.body["messages"][-1]["content"]
    ]
    return max(1, len({round(r.at, 1) for r in reqs})) if reqs else 0


def _refine(srv: object, plan: object, s: object) -> float:
    import openai

    client = openai.OpenAI(base_url=srv.base_url, api_key="x", max_retries=0)  # type: ignore[attr-defined]
    t0 = time.perf_counter()
    running = ""
    for a, b in plan.chunks:  # type: ignore[attr-defined]
        text = "\n".join(ln.text for ln in plan.lines[a:b])  # type: ignore[attr-defined]
        prompt = f"Summary so far: {running}\n<comments>\n{text}\n</comments>"
        r = client.chat.completions.create(
            model="m", stream=True, messages=[{"role": "user", "content": prompt}]
        )
        running = "".join(ch.choices[0].delta.content or "" for ch in r if ch.choices)[:500]
    client.close()
    return time.perf_counter() - t0


def write(r: dict[str, object]) -> None:
    big = r["big"]
    assert isinstance(big, dict)
    lines = [
        "# Digest benchmark",
        "",
        "## Token economy (rendered prompt tokens ÷ tokens of article + comment text alone)",
        "",
        "| file | comments | o200k | cl100k | o200k vs whole file |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in r["economy"]:  # type: ignore[attr-defined]
        lines.append(
            f"| {row['file']} | {row['comments']} | {row['o200k_base']} | {row['cl100k_base']} | "
            f"{row.get('o200k_base_vs_file', '–')} |"
        )
    fits = r["fits"]
    assert isinstance(fits, dict)
    lines += [
        "",
        "Target ≤ 1.15. The rendering includes a short header (title, board, time).",
        "",
        "## Calls",
        "",
        f"- The bundled sample thread (70 pushes) at a 128k context: **{fits['calls']} call**, "
        f"{fits['prompt_tokens'][0]} prompt tokens.",
        f"- A {big['pushes']:,}-push thread at an 8k context: {big['chunks']} chunks → "
        f"**{big['calls']} calls** ({big['map_calls']} map + {big['reduce_calls']} reduce), "
        f"{big['prompt_tokens_estimated']:,} prompt tokens estimated for the map calls "
        f"({big['rendered_tokens']:,} tokens of rendered thread for {big['content_tokens']:,} "
        "tokens of text).",
        "",
        f"## Wall time against the scripted server ({LATENCY} s per call, concurrency {big['concurrency']})",
        "",
        "| run | calls | wall (s) |",
        "|---|---:|---:|",
        f"| Threadgist map/reduce | {big['calls']} | {big['wall_s']} |",
        f"| critical-path lower bound: ({-(-big['map_calls'] // big['concurrency'])} map waves + "
        f"{big['reduce_levels']} reduce level(s)) × {LATENCY} s | – | {big['lower_bound_s']} |",
        f"| sequential refine-style baseline | {r['refine_baseline']['calls']} | "  # type: ignore[index]
        f"{r['refine_baseline']['wall_s']} |",  # type: ignore[index]
        "",
        f"Ratio to the lower bound: **{big['ratio']}** (target ≤ 1.15).",
        "",
        f"## Cached digest: median {r['cached_ms']['median']} ms, max {r['cached_ms']['max']} ms "  # type: ignore[index]
        "(target < 50 ms)",
        "",
    ]
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "digest.md").write_text("\n".join(lines), encoding="utf-8")
    (out / "digest.json").write_text(json.dumps(r, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

"""Experiment: one worked example before the real thread (few-shot), single-pass prompt.

A made-up six-comment thread (not from the labelled set) and its ideal answer go before
the real request as a user turn and an assistant turn, so that a small model sees what a
good answer looks like: distinct viewpoints, every floor listed, a digression, quotes
copied from the comments, a summary in its own words. Everything else is the app's
pipeline. Scored like `make quality`, on the threads and model named:

    python benchmarks/quality/fewshot_experiment.py --qwen PATH.gguf [--threads NAME…]

Writes benchmarks/results/quality-fewshot.md.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from run import CONTEXT, DEADLINE, RESULTS, qwen_path  # noqa: E402

from threadgist.digest import pipeline  # noqa: E402
from threadgist.digest.evaluate import EvalRun, evaluate, run_table  # noqa: E402
from threadgist.digest.labels import load_set  # noqa: E402

EXAMPLE_USER = """Read the whole thread and answer with JSON.

<article>
title: [新聞] 市府宣布明年起公車票價調漲五元
board: Example
市府今天宣布，明年一月起市區公車全票由15元調為20元，理由是油價與人事成本上升。
</article>
<comments>
1推1 早該漲了 司機薪水太低
2→1 漲了服務要跟著變好
3噓2 又漲 薪水都沒漲
4→2 通勤族每個月多好幾百
5推 今天中午吃牛肉麵
6→3 樓上 我也想吃
</comments>"""

EXAMPLE_ANSWER = {
    "summary": "市府宣布公車票價明年起漲五元。留言分成兩派：有人認為司機待遇需要改善、漲價合理，"
    "也有人抱怨薪水沒漲、通勤負擔變重。另有兩則留言離題聊午餐。",
    "viewpoints": [
        {
            "title": "漲價合理",
            "statement": "為了改善司機待遇與服務，漲價可以接受。",
            "floors": [1, 2],
            "quotes": [{"floor": 1, "text": "早該漲了"}],
        },
        {
            "title": "負擔太重",
            "statement": "薪水沒漲，通勤族每月開銷增加。",
            "floors": [3, 4],
            "quotes": [{"floor": 4, "text": "通勤族每個月多好幾百"}],
        },
    ],
    "off_topic": [{"title": "午餐閒聊", "description": "聊中午吃什麼。", "floors": [5, 6]}],
}


class FewShot(pipeline.Summarizer):
    def _messages(self, kind: str, **values: str) -> list[dict[str, str]]:
        msgs = super()._messages(kind, **values)
        if kind not in ("single", "map"):
            return msgs
        return [
            msgs[0],
            {"role": "user", "content": EXAMPLE_USER},
            {"role": "assistant", "content": json.dumps(EXAMPLE_ANSWER, ensure_ascii=False)},
            *msgs[1:],
        ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--qwen", metavar="GGUF")
    ap.add_argument("--threads", nargs="+")
    args = ap.parse_args()
    from threadgist.commands.common import resolve_profile
    from threadgist.services import Services

    path = qwen_path(args.qwen)
    if path is None:
        print("no Qwen model", file=sys.stderr)
        return 1
    threads = load_set(HERE, args.threads)
    services = Services()
    profile = dataclasses.replace(
        resolve_profile(services, "builtin", None), model=path, context_window=CONTEXT
    )
    client = services.client(profile)
    counter = services.counter(profile)
    from threadgist.digest import evaluate as evaluate_module

    evaluate_module.Summarizer = FewShot  # type: ignore[misc]  # what evaluate() builds

    async def go() -> EvalRun:
        try:
            scores = await evaluate(
                threads,
                client,
                counter,
                context=CONTEXT,
                deadline=DEADLINE,
                on_thread=lambda s: print(s.name, s.grouping, file=sys.stderr),
            )
        finally:
            await client.aclose()
        return EvalRun("Qwen2.5-Coder-1.5B-Instruct · single pass with one worked example", scores)

    try:
        run = asyncio.run(go())
    finally:
        services.close()
    text = "# Experiment: a worked example before the thread (few-shot)\n\n" + run_table(run) + "\n"
    (RESULTS / "quality-fewshot.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

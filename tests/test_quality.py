"""Digest quality: one comment one group, the reliability verdict, the scorer and
`threadgist eval`, end to end against the scripted server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from threadgist.cli import main
from threadgist.digest.assemble import build_digest
from threadgist.digest.labels import LabelError, load_labelled, load_set
from threadgist.digest.meta import DigestMeta
from threadgist.digest.model import Digest, Usage
from threadgist.digest.partial import Partial
from threadgist.digest.pipeline import Summarizer
from threadgist.digest.scoring import baseline_assignment, score_digest, score_grouping
from threadgist.digest.settle import Claim, settle
from threadgist.digest.tokens import TokenCounter
from threadgist.llm.capabilities import Capabilities
from threadgist.llm.client import LLMClient
from threadgist.llm.profiles import EndpointProfile

from .conftest import REPO
from .fakeserver import FakeServer

SET = REPO / "benchmarks" / "quality"
STOCK = "Stock_synthetic_copied-web-text.txt"
sys.path.insert(0, str(SET))
from oracle import answer as oracle_answer  # noqa: E402


def labelled(name: str = STOCK) -> Any:
    return load_labelled(SET / "labels" / f"{name}.labels.json", SET / "threads")


def digest_from(lt: Any, raw: dict[str, Any]) -> Digest:
    return build_digest(
        lt.thread, Partial.from_json(raw), usage=Usage(), meta=DigestMeta(lang="zh-TW"), warnings=[]
    )


def run_with(fake: FakeServer, lt: Any, answer: Any, context: int | None = None) -> Digest:
    fake.answer = answer
    profile = EndpointProfile.from_preset("fake", "vllm", base_url=fake.base_url, model="m")
    client = LLMClient(profile, None, Capabilities(None))

    async def go() -> Digest:
        try:
            counter = TokenCounter.for_model("m")
            return await Summarizer(lt.thread, client, counter, lang=lt.lang, context=context).run()
        finally:
            await client.aclose()

    return asyncio.run(go())


# ---- one comment, one group ----------------------------------------------------------


def test_settle_rule_explicit_beats_widened_then_order() -> None:
    claims = [
        Claim(frozenset({1, 2}), frozenset({3})),  # viewpoint 1: cites 1-2, widened to 3
        Claim(frozenset({3, 4}), frozenset()),  # viewpoint 2 cites 3 explicitly
        Claim(frozenset({4, 5}), frozenset({6})),  # a digression: 4 is taken by viewpoint 2
        Claim(frozenset({1}), frozenset()),  # repeats viewpoint 1: left empty
    ]
    assert settle(claims) == [[1, 2], [3, 4], [5, 6], []]


def test_overlapping_answer_settles_into_disjoint_groups() -> None:
    lt = labelled()
    # floors 2-3 are one continued comment (quietriver 推 then →); two viewpoints cite the
    # same floors, a digression cites floor 3 (which the widening of 2 also reaches)
    raw = {
        "summary": "摘要。",
        "viewpoints": [
            {"title": "看好", "statement": "s", "floors": [1, 2, 5], "quotes": []},
            {"title": "看好", "statement": "s", "floors": [5, 1], "quotes": []},
            {"title": "保守", "statement": "s", "floors": [4], "quotes": []},
        ],
        "off_topic": [{"title": "聊天", "description": "d", "floors": [3, 13]}],
    }
    d = digest_from(lt, raw)
    floors = [f for v in d.viewpoints for f in v.floors] + [f for o in d.off_topic for f in o.floors]
    assert len(floors) == len(set(floors))  # every line in at most one group
    assert 3 in d.off_topic[0].floors  # cited explicitly there: beats the widening of 2
    sizes = sum(v.stats.comments for v in d.viewpoints if v.stats) + sum(
        o.stats.comments for o in d.off_topic if o.stats
    )
    on_off = round((d.shares["on_topic"] + d.shares["off_topic"]) * len(lt.thread.comments))
    assert sizes == on_off <= len(lt.thread.comments)
    assert any(str(r.reason).startswith("every comment it cites") for r in d.verification.removed)
    assert d.verification.settled >= 4  # the repeated viewpoint's 1, 2, 3, 5 (and 3 again)
    from threadgist.digest.markdown import to_markdown

    assert "已各自只歸入一組" in to_markdown(d)


# ---- scoring -------------------------------------------------------------------------


def test_perfect_and_trivial_scores() -> None:
    lt = labelled()
    perfect = {f: (g, lt.group(g).kind == "digression") for f, g in lt.lines.items() if g}
    s = score_grouping(lt, perfect)
    assert s.accuracy == s.f1 == 1.0 and s.off_share_error == 0.0
    b = score_grouping(lt, baseline_assignment(lt))
    off = sum(lt.kind_of(f) == "digression" for f in lt.lines) / len(lt.lines)
    assert b.accuracy == pytest.approx(1 - off) and b.recall == 1.0 and b.off_share == 0.0
    assert 0 < b.f1 < 0.5


def test_labels_are_checked_against_the_parser(tmp_path: Path) -> None:
    for sub in ("threads", "labels"):
        (tmp_path / sub).mkdir()
    shutil.copy(SET / "threads" / STOCK, tmp_path / "threads")
    doc = json.loads((SET / "labels" / f"{STOCK}.labels.json").read_text(encoding="utf-8"))
    doc["lines"][4]["text"] = "not what the thread says"
    bad = tmp_path / "labels" / f"{STOCK}.labels.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(LabelError, match="differs from the parser"):
        load_set(tmp_path)
    del doc["lines"][4]
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(LabelError, match="have no label"):
        load_set(tmp_path)


def test_every_labelled_thread_loads() -> None:
    threads = load_set(SET)
    assert len(threads) >= 4
    for lt in threads:
        assert len(lt.lines) >= 40 and lt.summary and lt.groups


# ---- the reliability verdict on scripted answers ----------------------------------


def _like_small_coder(lt: Any) -> Any:
    """What Qwen2.5-Coder-1.5B did: the article restated as the summary, two viewpoints with
    one title citing the same floors, no digression, quotes taken from the article."""
    body = lt.thread.body.replace("\n", "")
    article_bits = [body[40:52], body[80:92], body[120:132]]

    def answer(messages: list[dict[str, str]]) -> dict[str, Any]:
        return {
            "summary": body[:160] + "。",
            "viewpoints": [
                {
                    "title": "投資看法",
                    "statement": "s",
                    "floors": list(range(1, 21)),
                    "quotes": [{"floor": 1, "text": t} for t in article_bits]
                    + [{"floor": 1, "text": lt.thread.comments[0].text[:4]}],
                },
                {"title": "投資看法", "statement": "s", "floors": list(range(1, 21)), "quotes": []},
            ],
            "off_topic": [],
        }

    return answer


def _like_tiny(lt: Any) -> Any:
    """What SmolLM2-135M did: one viewpoint and three digressions citing the same floors,
    a summary cut mid-sentence."""

    def answer(messages: list[dict[str, str]]) -> dict[str, Any]:
        same = list(range(1, 9))
        return {
            "summary": "這篇文章在討論半導體的投資以及大家對於",
            "viewpoints": [{"title": "看法", "statement": "s", "floors": same, "quotes": []}],
            "off_topic": [{"title": f"離題{i}", "description": "d", "floors": same} for i in range(3)],
        }

    return answer


def test_verdict_fires_on_small_model_failures(fake: FakeServer) -> None:
    lt = labelled()
    d = run_with(fake, lt, _like_small_coder(lt))
    codes = {r.code for r in d.reliability.reasons}
    assert d.reliability.low
    assert {"duplicate_groups", "summary_copies_article", "quotes_removed", "missed_drift"} <= codes
    s = score_digest(lt, d)
    assert s.grouping.accuracy <= s.baseline.accuracy and s.grouping.off_share == 0.0
    d = run_with(fake, lt, _like_tiny(lt))
    codes = {r.code for r in d.reliability.reasons}
    assert d.reliability.low and {"duplicate_groups", "summary_cut"} <= codes


def test_verdict_is_quiet_on_perfect_answers(fake: FakeServer) -> None:
    for lt in load_set(SET):
        d = run_with(fake, lt, lambda m, lt=lt: oracle_answer(lt, m))
        assert d.reliability.level == "ok", (lt.name, d.reliability.reasons)
        s = score_digest(lt, d)
        assert s.grouping.f1 >= 0.9 and not s.below_baseline
        sizes = sum(v.stats.comments for v in d.viewpoints if v.stats) + sum(
            o.stats.comments for o in d.off_topic if o.stats
        )
        assert sizes <= len(lt.thread.comments)


def test_the_ceiling_holds_when_read_in_parts(fake: FakeServer) -> None:
    """Perfect answers to the map, merge and sort prompts at a 4k window give the labels
    back: the parts, the merge and the sort lose nothing of their own."""
    sorted_threads = 0
    for lt in load_set(SET):
        n = len(fake.chat_requests)
        d = run_with(fake, lt, lambda m, lt=lt: oracle_answer(lt, m), context=4096)
        users = [r.body["messages"][-1]["content"] for r in fake.chat_requests[n:]]
        if not any(u.startswith("A long thread was read in parts") for u in users):
            continue  # one call holds it
        sorted_threads += 1
        assert not any("could not be sorted" in str(w) for w in d.warnings)
        s = score_digest(lt, d)
        assert s.grouping.f1 >= 0.9 and s.grouping.accuracy >= 0.95, (lt.name, s.grouping)
    assert sorted_threads >= 2


def test_verdict_reaches_markdown_and_json(fake: FakeServer) -> None:
    from threadgist.digest.markdown import to_json_text, to_markdown

    lt = labelled()
    d = run_with(fake, lt, _like_tiny(lt))
    md = to_markdown(d)
    assert "信心低" in md and "較大的模型" in md
    doc = json.loads(to_json_text(d))
    assert doc["reliability"]["level"] == "low"
    assert {r["code"] for r in doc["reliability"]["reasons"]} >= {"summary_cut"}
    again = Digest.from_json(doc)
    assert again.reliability.low and again.reliability.reasons[0].detail


# ---- threadgist eval ------------------------------------------------------------------


def test_eval_command_scores_an_endpoint(
    capsys: pytest.CaptureFixture[str], home: Path, fake: FakeServer
) -> None:
    lt = labelled()
    fake.answer = lambda m: oracle_answer(lt, m)
    assert (
        main(
            [
                "endpoints",
                "add",
                "fake",
                "--preset",
                "custom",
                "--base-url",
                fake.base_url,
                "--model",
                "fake-model",
            ]
        )
        == 0
    )
    capsys.readouterr()
    code = main(["eval", "--endpoint", "fake", "--set", str(SET), "--threads", "Stock_"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "| Stock_synthetic_copied-web-text.txt | 40 | 1.00 | 1.00 |" in out
    assert "trivial baseline" in out and "F1 1.00" in err
    code = main(["eval", "--endpoint", "fake", "--set", str(SET), "--threads", "Stock_", "--format", "json"])
    doc = json.loads(capsys.readouterr()[0])
    assert code == 0 and doc["threads"][0]["grouping"]["f1"] == 1.0
    assert doc["threads"][0]["baseline"]["f1"] < 0.5


def test_eval_without_a_set_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    assert main(["eval", "--set", str(tmp_path)]) == 2
    assert "no labelled threads" in capsys.readouterr()[1]


def test_eval_counts_a_failed_run(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    assert (
        main(
            [
                "endpoints",
                "add",
                "dead",
                "--preset",
                "custom",
                "--base-url",
                "http://127.0.0.1:9/v1",
                "--model",
                "m",
            ]
        )
        == 0
    )
    capsys.readouterr()
    code = main(["eval", "--endpoint", "dead", "--set", str(SET), "--threads", "Stock_"])
    out, err = capsys.readouterr()
    assert code == 4 and "failed" in err and "failed:" in out


def test_a_summary_cut_by_the_length_limit_ends_at_its_last_sentence() -> None:
    from threadgist.digest.pipeline import whole_sentences

    cut = "網友多半看好這筆投資。也有人擔心水電不足。後來討論歪到能源政策，最後大家開始"
    assert whole_sentences(cut, len(cut)) == "網友多半看好這筆投資。也有人擔心水電不足。"
    assert (
        whole_sentences("One point. Another point. A third that stops in the mi", 54)
        == "One point. Another point."
    )
    assert whole_sentences(cut, 200) == cut  # far from the limit: the model ended it itself
    assert whole_sentences("只有一句還沒寫完就被切斷了的摘要", 16) == "只有一句還沒寫完就被切斷了的摘要"


def test_a_run_past_its_deadline_scores_as_failed(fake: FakeServer) -> None:
    from threadgist.digest.evaluate import evaluate, means

    from .fakeserver import Behavior

    lt = labelled()
    fake.script.append(Behavior("hang", gap=5))
    profile = EndpointProfile.from_preset("fake", "vllm", base_url=fake.base_url, model="m")
    client = LLMClient(profile, None, Capabilities(None))

    async def go() -> Any:
        try:
            return await evaluate([lt], client, TokenCounter.for_model("m"), deadline=lambda t: 0.5)
        finally:
            await client.aclose()

    [s] = asyncio.run(go())
    assert s.error.startswith("deadline") and s.verdict == "failed" and s.below_baseline
    assert means([s]).low_verdicts == 1

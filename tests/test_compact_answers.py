"""The shorter compact answer (issue 26, item 1; benchmarks/results/answer-forms.md):
digressions without a description, short statements, a summary as long as the thread
needs, floors and JSON without spaces; the app reads such an answer, shows a digest
without descriptions cleanly in every output, and never serves a digest of an older
compact form as a current one. The rich prompts stay as they were."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from threadgist.digest import forms
from threadgist.digest.assemble import build_digest
from threadgist.digest.cachekey import digest_key, thread_hash
from threadgist.digest.html import off_topic_html, viewpoints_html
from threadgist.digest.markdown import to_markdown
from threadgist.digest.meta import DigestMeta
from threadgist.digest.model import Usage
from threadgist.digest.partial import Partial
from threadgist.digest.plaintext import to_ptt_text
from threadgist.digest.prompts import prompt_version
from threadgist.digest.schema import COMPACT_STATEMENT_CHARS, compact_schema, limits_for, validate
from threadgist.store.cache import Cache

from .conftest import REPO
from .fakeserver import Behavior, FakeServer
from .test_digest import run, sample, summarizer

sys.path.insert(0, str(REPO / "benchmarks" / "quality"))

import standin

#: an answer as the compact prompt asks for it: one line, no spaces, a digression whose
#: title says it all (description ""), a viewpoint whose title says it all
ANSWER = {
    "summary": "原PO問大家在家工作的效率。多數人覺得比較好。",
    "viewpoints": [
        {"title": "在家效率比較好", "statement": "", "floors": "1-3,5"},
        {"title": "通勤省下的時間最有價值", "statement": "省下的時間拿來睡覺或運動", "floors": "6,8-9"},
    ],
    "off_topic": [{"title": "午餐吃什麼的閒聊", "description": "", "floors": "20-22"}],
}


def test_the_compact_schema_has_short_statements_and_descriptions() -> None:
    schema = compact_schema(limits_for(4096))
    digression = schema["properties"]["off_topic"]["items"]
    viewpoint = schema["properties"]["viewpoints"]["items"]
    assert digression["required"] == ["title", "description", "floors"]
    assert viewpoint["properties"]["statement"]["maxLength"] <= COMPACT_STATEMENT_CHARS
    assert digression["properties"]["description"]["maxLength"] <= COMPACT_STATEMENT_CHARS
    assert validate(ANSWER, compact_schema()) == []


def test_the_summary_of_a_short_thread_is_shorter() -> None:
    assert [forms.summary_sentences(n) for n in (40, 59, 60, 199, 200, 900)] == [
        "1 to 2",
        "1 to 2",
        "2 to 4",
        "2 to 4",
        "3 to 6",
        "3 to 6",
    ]


def test_a_compact_answer_with_empty_descriptions_reads_and_shows_cleanly(fake: FakeServer) -> None:
    fake.script.append(Behavior(text=json.dumps(ANSWER, ensure_ascii=False, separators=(",", ":"))))
    digest = run(summarizer(fake, sample(), form="compact"))
    user = fake.chat_requests[0].body["messages"][-1]["content"]
    assert f"({forms.summary_sentences(len(sample().comments))} short sentences)" in user
    assert '"description":"","floors":"12,15-16"' in user  # the prompt's own example
    (digression,) = digest.off_topic
    assert digression.title == "午餐吃什麼的閒聊" and digression.description == ""
    assert digression.floors == [20, 21, 22]
    assert {1, 2, 3, 5} <= set(digest.viewpoints[0].floors) and digest.viewpoints[
        0
    ].quotes  # the app picks them
    markdown = to_markdown(digest)
    line = next(line for line in markdown.splitlines() if "午餐吃什麼的閒聊" in line)
    assert "): " not in line and line.endswith(") — #20–22"), line
    assert "\n\n\n" not in markdown  # no empty paragraph where a statement was left out
    ptt = next(line for line in to_ptt_text(digest).splitlines() if "午餐吃什麼的閒聊" in line)
    assert ptt.endswith("）#20–22"), ptt  # no stray space where the description was
    assert "<p></p>" not in off_topic_html(digest) + viewpoints_html(digest)


def test_outputs_of_a_digest_without_descriptions() -> None:
    thread = sample()
    raw = Partial.from_json(ANSWER)
    digest = build_digest(
        thread, raw, usage=Usage(), meta=DigestMeta(lang="zh-TW"), warnings=[], pick_quotes=True
    )
    markdown = to_markdown(digest)
    assert "**午餐吃什麼的閒聊**" in markdown and ": —" not in markdown and "\n\n\n" not in markdown
    assert "省下的時間拿來睡覺或運動" in markdown
    assert "）#20–22\n" in to_ptt_text(digest)


def test_a_digest_of_an_older_compact_form_is_not_served_as_a_current_one(
    fake: FakeServer, home: Path
) -> None:
    thread = sample()
    cache = Cache()
    compact = summarizer(fake, thread, cache=cache, form="compact")
    # a compact digest as the code before this revision cached it: the prompts' version alone
    answered = {**ANSWER, "off_topic": [{"title": "午餐", "description": "閒聊", "floors": "20-22"}]}
    fake.script.append(Behavior(text=json.dumps(answered, ensure_ascii=False)))
    old = run(summarizer(fake, thread, form="compact")).to_json()
    old["meta"]["prompt_version"] = prompt_version()
    old_key = digest_key(
        thread_hash(thread), compact.profile.identity, "fake-model", prompt_version(), compact.options
    )
    cache.put_digest(old_key, old)
    assert compact.cached() is None
    previous = compact.previous()  # still the previous digest of a grown thread
    assert previous is not None and previous.meta.prompt_version == prompt_version()
    rich = summarizer(fake, thread, cache=cache)
    assert rich.version == prompt_version()  # rich digests keep their keys
    assert compact.version.startswith(prompt_version() + "+compact.")


def test_the_compact_version_follows_its_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    first = forms.form_version("v1", "compact")
    assert forms.form_version("v1", "rich") == "v1" and first != "v1"
    real = forms.resource

    class Changed:
        """A compact template with one more byte."""

        def __init__(self, *parts: str) -> None:
            self.path = real(*parts)

        def read_bytes(self) -> bytes:
            return self.path.read_bytes() + b" "

    forms._compact_templates_hash.cache_clear()
    monkeypatch.setattr(forms, "resource", Changed)
    try:
        assert forms.form_version("v1", "compact") != first
    finally:
        monkeypatch.undo()
        forms._compact_templates_hash.cache_clear()
    assert forms.form_version("v1", "compact") == first


def test_the_rich_one_call_prompts_are_those_the_stand_in_answered(tmp_path: Path) -> None:
    """The rich prompts did not change by a byte: every one-call request over the seven
    labelled threads is one the stand-in's recorded answers are keyed by."""
    replay = standin.Replay(standin.ANSWERS, tmp_path / "pending")
    with standin.serve(replay) as base_url:
        standin.run_eval(base_url, 128000, "single", standin.ALL_THREADS, tmp_path / "home")
    assert not replay.missing and len(replay.used) == 7

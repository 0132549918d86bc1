"""The answers' form in the app (issue 26, item 1): Preferences → "Answers" chooses Full
(rich, the default) or Short (compact); the app's runs, plans and cache look-ups use the
chosen form, a digest of one form is never shown as the cached digest of the other, and a
compact digest says so where its particulars are shown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from threadgist.digest.markdown import to_markdown
from threadgist.digest.pipeline import Summarizer
from threadgist.digest.plaintext import source_lines
from threadgist.llm.capabilities import Capabilities
from threadgist.llm.client import LLMClient
from threadgist.llm.profiles import EndpointProfile
from threadgist.services import Services
from threadgist.services.estimate import cached_digest, estimate, previous_digest, thread_growth
from threadgist.store.settings import Settings, load_settings
from threadgist.thread import Thread

from .fakeserver import Behavior, FakeServer, smart_answer
from .guihelpers import add_fake_endpoint, open_file, summarize
from .livethread import live_thread
from .test_digest import run, sample

#: what the compact prompt asks for (the fake server's smart answer is the rich form's)
COMPACT = {
    "summary": "原PO問大家在家工作的效率。多數人覺得比較好。",
    "viewpoints": [
        {"title": "在家效率比較好", "statement": "", "floors": "1-3,5"},
        {"title": "通勤省下的時間最有價值", "statement": "省下的時間拿來睡覺或運動", "floors": "6,8-9"},
    ],
    "off_topic": [{"title": "午餐吃什麼的閒聊", "description": "", "floors": "20-22"}],
}
NO_QUOTES = "Write no quotes"  # the compact prompts' words (resources/prompts/*_compact.txt)


def compact_answer() -> Behavior:
    return Behavior(text=json.dumps(COMPACT, ensure_ascii=False, separators=(",", ":")))


def choose(qtbot: Any, window: Any, form_index: int) -> Any:
    """Preferences → Answers: 0 Full, 1 Short; OK. The cache's answer for the open thread."""
    window.open_settings()
    dlg = window.dialog
    dlg.answers.setCurrentIndex(form_index)
    with qtbot.waitSignal(window.controller.cached, timeout=10_000) as blocker:
        dlg.accept()
    return blocker.args[0]


def test_the_setting_reads_back_and_a_bad_value_is_full() -> None:
    assert Settings().answer_form == "rich"
    assert Settings.from_json({"answer_form": "compact"}).answer_form == "compact"
    assert Settings.from_json({"answer_form": "tiny"}).answer_form == "rich"
    assert Settings.from_json({"answer_form": 3}).answer_form == "rich"


def test_the_choice_is_saved_and_shown_again(qtbot: Any, window: Any, home: Path) -> None:
    window.open_settings()
    dlg = window.dialog
    assert dlg.answers.count() == 2 and dlg.answers.currentIndex() == 0  # Full by default
    assert dlg.answers.currentText().startswith("Full")
    assert "third of the writing" in dlg.answers.toolTip()
    dlg.answers.setCurrentIndex(1)
    dlg.accept()
    assert window.controller.settings.answer_form == "compact"
    qtbot.waitUntil(lambda: not window.controller._settings_writer.pending(), timeout=5000)
    assert load_settings(home / "config" / "settings.json").answer_form == "compact"
    window.open_settings()  # a new dialog shows the choice kept
    assert window.dialog.answers.currentIndex() == 1 and window.dialog.answers.currentText().startswith(
        "Short"
    )
    window.dialog.reject()


def test_short_answers_run_compact_and_each_form_keeps_its_own_digest(
    qtbot: Any, window: Any, fake: FakeServer
) -> None:
    add_fake_endpoint(window, fake)
    open_file(qtbot, window)
    rich = summarize(qtbot, window)
    assert rich.meta.form == "rich" and NO_QUOTES not in _prompt(fake, 0)
    status = window.digest_view.status
    assert "short answers" not in status.text()
    rich_plan = window.run_panel.estimate
    assert choose(qtbot, window, 1) is None  # the rich digest is not the compact one
    qtbot.waitUntil(lambda: window.run_panel.estimate is not rich_plan, timeout=10_000)
    fake.script.append(compact_answer())
    short = summarize(qtbot, window)
    assert NO_QUOTES in _prompt(fake, 1)
    assert short.meta.form == "compact" and short.summary == COMPACT["summary"]
    assert "short answers (the app picked the quotes)" in status.text()
    back = choose(qtbot, window, 0)  # Full again: the rich digest, from the cache
    assert back is not None and back.meta.cached and back.meta.form == "rich"
    assert back.summary == rich.summary != short.summary
    assert "Cached digest" in status.text() and "short answers" not in status.text()
    again = choose(qtbot, window, 1)  # Short again: the compact digest, from the cache
    assert again is not None and again.meta.form == "compact" and again.summary == short.summary
    assert len(fake.chat_requests) == 2


def test_the_status_says_short_answers_in_chinese(qtbot: Any, window: Any, fake: FakeServer) -> None:
    add_fake_endpoint(window, fake)
    window.apply_settings(Settings(**{**window.controller.settings.to_json(), "ui_lang": "zh_TW"}))
    QApplication.processEvents()
    open_file(qtbot, window)
    choose(qtbot, window, 1)
    fake.script.append(compact_answer())
    summarize(qtbot, window)
    assert "簡短答案" in window.digest_view.status.text()


def test_the_copies_say_a_digest_was_made_with_short_answers(fake: FakeServer, home: Path) -> None:
    services, profile, thread = Services(), _profile(fake), sample()
    fake.script.append(compact_answer())
    short = run(_summarizer(services, profile, "compact"))
    rich = run(_summarizer(services, profile, "rich"))
    assert short.meta.lang == "zh-TW"
    assert source_lines(short)[-1].endswith(" · 簡短答案") and "簡短答案" not in source_lines(rich)[-1]
    assert "簡短答案*" in to_markdown(short) and "簡短答案" not in to_markdown(rich)
    short.meta.lang = "en"
    assert source_lines(short)[-1].endswith(" · short answers")
    assert cached_digest(services, thread, profile, form="compact") is not None


def test_the_estimate_counts_the_parts_cached_in_its_form(fake: FakeServer, home: Path) -> None:
    services, thread = Services(), live_thread(1500)
    profile = _profile(fake, context=8192)
    fake.answer = compact_or_rich
    before = estimate(services, thread, profile, pipeline="merge", form="compact")
    assert before.chunks >= 3 and before.reused_chunks == 0
    digest = run(_summarizer(services, profile, "compact", thread, pipeline="merge"))
    assert digest.meta.form == "compact" and digest.viewpoints
    assert all(NO_QUOTES in _prompt(fake, i) for i, _ in enumerate(fake.chat_requests) if _is_map(fake, i))
    compact = estimate(services, thread, profile, pipeline="merge", form="compact")
    assert compact.reused_chunks == before.chunks and compact.calls < before.calls
    rich = estimate(services, thread, profile, pipeline="merge")  # the rich parts: none cached
    assert rich.reused_chunks == 0 and rich.calls == before.calls


def test_the_services_look_up_the_form_asked_for(fake: FakeServer, home: Path) -> None:
    services, profile, thread = Services(), _profile(fake), sample()
    fake.script.append(compact_answer())
    run(_summarizer(services, profile, "compact"))
    hit = cached_digest(services, thread, profile, form="compact")
    assert hit is not None and hit.meta.form == "compact"
    assert cached_digest(services, thread, profile) is None  # rich: not digested yet
    assert previous_digest(services, thread, profile) is None
    assert previous_digest(services, thread, profile, form="compact") is not None
    grown = thread_growth(services, thread, profile, form="compact")
    assert grown is not None and grown.new == 0
    assert thread_growth(services, thread, profile) is None


def compact_or_rich(messages: list[dict[str, str]]) -> Any:
    """The fake server's smart answer, in the compact form when the prompt asks for it
    (floors as ranges, no quotes); the rich answer as it is otherwise."""
    answer = smart_answer(messages)
    if NO_QUOTES not in (messages[-1]["content"] if messages else ""):
        return answer
    for group in answer.get("viewpoints", []) + answer.get("off_topic", []):
        group.pop("quotes", None)
        if isinstance(group.get("floors"), list):
            group["floors"] = ",".join(str(floor) for floor in group["floors"])
    return answer


def _is_map(fake: FakeServer, i: int) -> bool:
    return "<comments>" in fake.chat_requests[i].body["messages"][-1]["content"]


def _prompt(fake: FakeServer, i: int) -> str:
    return "\n".join(m["content"] for m in fake.chat_requests[i].body["messages"])


def _profile(fake: FakeServer, context: int = 16000) -> EndpointProfile:
    return EndpointProfile.from_preset(
        "fake", "custom", base_url=fake.base_url, model="fake-model", context_window=context
    )


def _summarizer(
    services: Services, profile: EndpointProfile, form: str, thread: Thread | None = None, **kw: Any
) -> Summarizer:
    thread = thread or sample()
    client = LLMClient(profile, None, Capabilities(None))
    return Summarizer(
        thread, client, services.counter(profile, thread), cache=services.cache, form=form, **kw
    )

"""UI languages: switching at run time (Qt's own dialogs too) and a complete zh_TW
translation of every user-visible string."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from threadgist.gui.dialogs import error, headline, run_failed
from threadgist.gui.run_state import RunError
from threadgist.llm.errors import ErrorKind
from threadgist.llm.profiles import EndpointProfile

from .conftest import REPO, SAMPLE
from .fakeserver import Behavior, FakeServer
from .guihelpers import open_file, summarize

TS = REPO / "resources" / "i18n" / "threadgist_zh_TW.ts"


def test_language_switches_at_run_time(qtbot: Any, window: Any) -> None:
    open_file(qtbot, window)
    assert window.menu_file.title() == "&File"
    zh = dataclasses.replace(window.controller.settings, ui_lang="zh_TW")
    window.apply_settings(zh)
    QApplication.processEvents()  # LanguageChange is a posted event
    assert window.menu_file.title() == "檔案(&F)"
    assert window.run_panel.go.text() == "產生摘要"
    assert window.comments.count_label.text() == "70 則留言"
    assert window.digest_view.tabs.tabText(1).startswith("觀點")
    assert window.comments.model.headerData(0, Qt.Orientation.Horizontal) == "樓層"
    box = error(window, "t", "m")
    assert isinstance(box, QMessageBox)
    assert box.button(QMessageBox.StandardButton.Close).text() == "關閉"  # Qt's own strings
    box.close()
    assert window.controller.settings.ui_lang == "zh_TW"
    window.apply_settings(dataclasses.replace(zh, ui_lang="en"))
    QApplication.processEvents()
    assert window.menu_file.title() == "&File" and window.run_panel.go.text() == "Summarize"


def test_a_window_in_english_after_one_left_in_chinese(qtbot: Any, home: Path) -> None:
    """Translators belong to the application: a window that was left in zh_TW (and is
    still alive) does not make the next window, opened in English, speak Chinese."""
    from threadgist.gui.main_window import MainWindow
    from threadgist.store.settings import Settings

    first = MainWindow(Settings(ui_lang="zh_TW", welcome_done=True))
    qtbot.addWidget(first)
    assert first.menu_file.title() == "檔案(&F)"
    second = MainWindow(Settings(ui_lang="en", welcome_done=True))
    qtbot.addWidget(second)
    QApplication.processEvents()
    assert second.menu_file.title() == "&File" and second.run_panel.go.text() == "Summarize"
    first.shutdown()
    second.shutdown()


def test_failures_are_told_in_the_interface_language(qtbot: Any, window: Any) -> None:
    kinds = tuple(ErrorKind)
    english = {k: headline(k) for k in kinds}
    assert len(set(english.values())) == len(kinds)  # one line per kind, none generic
    window.apply_settings(dataclasses.replace(window.controller.settings, ui_lang="zh_TW"))
    QApplication.processEvents()
    for k in kinds:
        zh = headline(k)
        assert zh != english[k] and any("\u4e00" <= ch <= "\u9fff" for ch in zh), k
    asked: list[str] = []
    box = run_failed(
        window,
        RunError(ErrorKind.AUTH, "“x” rejected the API key (401): set the key again"),
        lambda: asked.append("settings"),
        lambda: asked.append("retry"),
    )
    assert box.windowTitle() == "摘要失敗" and box.text() == headline(ErrorKind.AUTH)
    assert box.informativeText().startswith("“x” rejected the API key (401)")
    [settings] = [b for b in box.buttons() if b.text() == "開啟端點設定"]
    settings.click()
    assert asked == ["settings"]
    box.close()
    window.apply_settings(dataclasses.replace(window.controller.settings, ui_lang="en"))
    QApplication.processEvents()


def test_every_string_is_translated(tmp_path: Path) -> None:
    """lupdate over the sources finds no string the committed .ts lacks, and none of
    the .ts entries is unfinished."""
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    gui = sorted(str(p) for p in (REPO / "desktop" / "threadgist" / "gui").glob("*.py"))
    subprocess.run(
        [str(lupdate), "-locations", "none", *gui, "-ts", str(fresh)], check=True, capture_output=True
    )

    def messages(path: Path) -> dict[tuple[str, str], ET.Element]:
        root = ET.parse(path).getroot()
        return {
            (ctx.findtext("name") or "", m.findtext("source") or ""): m
            for ctx in root.iter("context")
            for m in ctx.iter("message")
        }

    wanted, have = messages(fresh), messages(TS)
    missing = sorted(set(wanted) - set(have))
    assert not missing, f"strings missing from {TS.name} (run make translations-update): {missing}"
    unfinished = [
        k
        for k, m in have.items()
        if (t := m.find("translation")) is not None
        and (t.get("type") in ("unfinished", "obsolete", "vanished") or not ("".join(t.itertext()).strip()))
    ]
    assert not unfinished, f"untranslated: {unfinished}"


def _zh(window: Any) -> None:
    window.apply_settings(dataclasses.replace(window.controller.settings, ui_lang="zh_TW"))
    QApplication.processEvents()


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_the_core_speaks_the_interface_language(
    qtbot: Any, window: Any, fake: FakeServer, tmp_path: Path
) -> None:
    """In a 繁體中文 window the core's words are Chinese too — an endpoint error's detail, a
    plan warning before and after a run, a progress note, the calls — while a server's own
    words, names and numbers stay as they were sent."""
    _zh(window)
    p = EndpointProfile.from_preset(
        "fake", "custom", base_url=fake.base_url, model="fake-model", context_window=4000, concurrency=1
    )
    window.controller.services.profiles.add(p, make_default=True)
    window.controller.reload_profiles()
    window.controller.set_endpoint("fake")
    # a thread with one comment too long for a call: the plan says so before the run
    old = "推 bluefinch   : 老闆覺得摸魚就是要看到人才安心 12/30 21:06"
    thread = tmp_path / "long-comment.txt"
    thread.write_text(
        SAMPLE.read_text("utf-8").replace(
            old, "推 bluefinch   : " + "老闆覺得摸魚就是要看到人才安心" * 400 + " 12/30 21:06"
        ),
        "utf-8",
    )
    open_file(qtbot, window, thread)
    info = window.run_panel.info.text()
    assert "注意：第 1 則留言超過一次呼叫能容納的長度，會被截短" in info, info

    # an endpoint error: the headline and the detail in Chinese, the server's words as sent
    # (asked four times: the client retries what may be passing)
    fake.script.extend([Behavior("status", 400, body={"error": {"message": "the moon is full"}})] * 4)
    with qtbot.waitSignal(window.controller.failed, timeout=30_000):
        window.run_panel.go.click()
    box = window.dialog
    assert isinstance(box, QMessageBox) and box.windowTitle() == "摘要失敗"
    assert box.informativeText() == "「fake」拒絕了請求（400）：the moon is full"
    box.close()

    # a retry: the progress note, and the list of calls, in Chinese
    fake.script.append(Behavior("status", 503))
    notes: list[str] = []
    window.controller.progress.connect(lambda _p: notes.append(window.run_panel.stage.text()))
    d = summarize(qtbot, window)
    assert any("呼叫次數比預估多：端點出錯（伺服器錯誤）：重試中" in n for n in notes), notes
    rows = [window.run_panel.calls.item(i).text() for i in range(window.run_panel.calls.count())]
    assert rows[0].startswith("1. 閱讀 · 完成 · 第 1/") and rows[0].endswith(" · 重試 1 次"), rows
    assert all(r.split(" · ")[1] == "完成" for r in rows)
    assert any(r.split(". ", 1)[1].startswith("合併 · 完成 · 第 1–") for r in rows)
    assert rows[-1].startswith(f"{len(rows)}. 分類 · 完成 · 第 ")  # the sort calls come last
    # after the run: the digest's notes, the plan's warning among them
    shown = window.digest_view.summary.toPlainText()
    assert "第 1 則留言超過一次呼叫能容納的長度，會被截短" in shown
    assert "comment 1 is longer" in " ".join(map(str, d.warnings))  # the core's text is English
    # back to English: the same notes in English, at once
    window.apply_settings(dataclasses.replace(window.controller.settings, ui_lang="en"))
    QApplication.processEvents()
    assert "comment 1 is longer than one call can hold" in window.digest_view.summary.toPlainText()
    assert window.run_panel.calls.item(0).text().startswith("1. Read · done · part 1 of ")


def test_catalog_texts_are_translated(qtbot: Any, window: Any, tmp_path: Path) -> None:
    from threadgist.gui.catalog_box import CatalogBox

    _zh(window)
    box = CatalogBox(window.controller.runner, tmp_path)
    qtbot.addWidget(box)
    box.combo.setCurrentIndex(box.combo.findData("qwen2.5-1.5b-instruct-q4_k_m"))
    lines = box.details.text().split("\n")
    assert lines[0].startswith("這裡最小的多語言模型：在任何電腦上都很快"), lines[0]
    assert "中文（簡體與繁體）、英文及其他 27 種" in box.details.text()
    assert "Qwen · 1.54 B 參數 · Q4_K_M" in lines[1]  # names and numbers as they are
    too_big = [f for f in box.fits if not f.fits]
    if too_big:  # why a model does not fit this computer, in Chinese too
        box.combo.setCurrentIndex(box.combo.findData(too_big[0].model.id))
        assert "太大：需要約" in box.details.text()


def test_core_texts_are_listed_and_translated_with_their_parameters() -> None:
    """gui/core_texts.py lists every msg() template of the core (tools/core_texts.py), and
    each translation names the same parameters as its template."""
    import string

    sys.path.insert(0, str(REPO / "tools"))
    import core_texts

    listed = (REPO / "desktop" / "threadgist" / "gui" / "core_texts.py").read_text("utf-8")
    assert core_texts.render() == listed, "run python tools/core_texts.py (make translations-update)"

    def fields(text: str) -> list[str]:
        return sorted(f for _, f, _, _ in string.Formatter().parse(text) if f is not None)

    root = ET.parse(TS).getroot()
    for ctx in root.iter("context"):
        if ctx.findtext("name") != "core":
            continue
        for m in ctx.iter("message"):
            source, t = m.findtext("source") or "", m.find("translation")
            assert t is not None and fields("".join(t.itertext())) == fields(source), source


def test_a_file_that_cannot_be_read_is_told_in_the_interface_language(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    _zh(window)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with qtbot.waitSignal(window.controller.load_failed, timeout=10_000):
        window.open_path(str(empty))
    box = window.dialog
    assert isinstance(box, QMessageBox) and box.text() == "無法將 empty.txt 當作討論串開啟。"
    assert box.informativeText().endswith("empty.txt：檔案是空的"), box.informativeText()
    box.close()


def test_a_parser_bug_is_told_in_the_interface_language(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A parser that fails in a way it should not (a bug): a dialog in Chinese that names
    the error as Python said it, and asks for the file; the window stays."""
    import threadgist.thread.loader as loader

    def broken(path: str) -> Any:
        raise RuntimeError("parser bug")

    monkeypatch.setattr(loader, "load_path", broken)
    _zh(window)
    odd = tmp_path / "odd.txt"
    odd.write_text("x")
    with qtbot.waitSignal(window.controller.load_failed, timeout=10_000):
        window.open_path(str(odd))
    box = window.dialog
    assert isinstance(box, QMessageBox)
    assert box.informativeText() == f"{odd}：無法剖析（RuntimeError: parser bug）；請回報這個檔案", (
        box.informativeText()
    )
    box.close()


def test_a_failed_fetch_is_told_in_the_interface_language(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What fetching an address says (from a local replay server): the reason in Chinese,
    the address, the site's name and the HTTP status as they were."""
    from .replayserver import ReplayServer

    article = "https://www.ptt.cc/bbs/Gossiping/M.1559093660.A.946.html"
    srv = ReplayServer()
    try:
        for k, v in srv.env().items():
            monkeypatch.setenv(k, v)
        path = "/ptt/bbs/Gossiping/M.1559093660.A.946.html"
        srv.status[path] = 429
        srv.headers[path] = {"Retry-After": "30"}
        _zh(window)
        with qtbot.waitSignal(window.controller.fetch_failed, timeout=10_000):
            window.open_url(article)
        box = window.dialog
        assert isinstance(box, QMessageBox) and box.windowTitle() == "無法取得這個討論串"
        assert box.informativeText() == (
            f"{article}：PTT 正在限制請求次數（HTTP 429）：請在 30 秒後再試，或在瀏覽器中開啟"
            "討論串、儲存網頁，再開啟該檔案"
        ), box.informativeText()
        box.close()
    finally:
        srv.close()
    # an address of no thread: why, in Chinese (the format it resembled too)
    board = "https://www.ptt.cc/bbs/Gossiping/index.html"
    with qtbot.waitSignal(window.controller.fetch_failed, timeout=5_000):
        window.open_url(board)
    box = window.dialog
    assert box.windowTitle() == "無法開啟這個網址"
    assert box.informativeText() == (
        f"{board}：看起來是 ptt.cc 看板，但這是看板的文章列表，不是文章：請開啟一篇文章並複製它的網址"
    )
    box.close()
    with qtbot.waitSignal(window.controller.fetch_failed, timeout=5_000):
        window.open_url("https://example.com/x")
    text = window.dialog.informativeText()
    assert text.startswith("https://example.com/x：不支援這個網站：只能開啟 ptt.cc 文章"), text
    assert not re.search(r"[a-z]{3,} [a-z]{3,}", text.replace("Hacker News", "")), text
    window.dialog.close()


def test_removed_citations_are_told_in_the_digest_language(qtbot: Any, window: Any, fake: FakeServer) -> None:
    """Why a citation was removed: in the digest's language under the summary (a Chinese
    thread's digest in the 繁體中文 window), in its Markdown too; English in JSON and when
    asked for in English."""
    from threadgist.digest.markdown import to_markdown
    from threadgist.digest.model import Digest
    from threadgist.digest.wording import in_language, removed_line

    from .guihelpers import add_fake_endpoint

    _zh(window)
    fake.bad_citations = True
    add_fake_endpoint(window, fake)
    open_file(qtbot, window)
    d = summarize(qtbot, window)
    assert d.meta.lang == "zh-TW" and d.verification.removed
    shown = window.digest_view.summary.toPlainText()
    floor = next(r for r in d.verification.removed if r.kind == "floor")
    quote = next(r for r in d.verification.removed if r.kind == "quote")
    assert f"樓層 #99999（{floor.where}）：這個樓層不存在" in shown, shown
    assert (
        f"引文 #{quote.floor}（{quote.where}）「這句話根本不在討論串裡」："
        f"第 {quote.floor} 則留言裡沒有這段文字"
    ) in shown, shown
    assert "does not exist" not in shown and "is not in comment" not in shown
    assert f"第 {quote.floor} 則留言裡沒有這段文字" in to_markdown(d)
    # the JSON keeps the English text (and the message, for a cached digest to show it)
    doc = d.to_json()
    assert {r["reason"] for r in doc["verification"]["removed"]} >= {
        "the floor does not exist",
        f"the text is not in comment #{quote.floor}",
    }
    again = Digest.from_json(doc)
    assert again.verification.removed == d.verification.removed
    assert removed_line(quote, "en") == (
        f"quote #{quote.floor} ({quote.where}) "
        f"「這句話根本不在討論串裡」: the text is not in comment "
        f"#{quote.floor}"
    )
    assert in_language(floor.reason, "en") == "the floor does not exist"


def test_the_digests_own_translations_agree_with_the_interfaces() -> None:
    """The core renders a few messages in a zh-TW digest without Qt (digest/wording.py):
    the same words as the .ts gives the window."""
    from threadgist.digest.wording import MESSAGES

    root = ET.parse(TS).getroot()
    ts = {
        m.findtext("source"): "".join(t.itertext())
        for ctx in root.iter("context")
        if ctx.findtext("name") == "core"
        for m in ctx.iter("message")
        if (t := m.find("translation")) is not None
    }
    for template, zh in MESSAGES["zh-TW"].items():
        assert ts.get(template) == zh, template

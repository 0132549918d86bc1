"""The verdict travels with the digest (issue 25, item 2): every copy and export carries
the low-confidence line, none carries a local path, the notes are in the digest's
language, and the banner follows the interface's language."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog

from threadgist.digest.markdown import to_markdown
from threadgist.llm.profiles import EndpointProfile
from threadgist.messages import msg

from .fakeserver import FakeServer
from .guihelpers import open_file, summarize

REPO = Path(__file__).resolve().parent.parent
SECRET = "/home/alice/secret-folder/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
NOTE = msg("the summary reached this model's length limit; it is shown up to its last full sentence")


def _weak_digest(qtbot: Any, window: Any, fake: FakeServer) -> Any:
    """A digest the checks mark low confidence, made with a model named by a local path."""
    profile = EndpointProfile.from_preset("fake", "custom", base_url=fake.base_url, model=SECRET)
    window.controller.services.profiles.add(profile, make_default=True)
    window.controller.reload_profiles()
    window.controller.set_endpoint("fake")
    open_file(qtbot, window)
    same = list(range(1, 9))
    fake.answer = lambda messages: {
        "summary": "這篇文章在討論遠端工作以及大家對於",  # cut mid-sentence
        "viewpoints": [
            {"title": "看法", "statement": "s", "floors": same, "quotes": []},
            {"title": "看法", "statement": "s", "floors": same, "quotes": []},
        ],
        "off_topic": [],
    }
    digest = summarize(qtbot, window)
    assert digest.reliability.low and digest.meta.lang == "zh-TW"
    return digest


def _every_copy(window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    clipboard = QGuiApplication.clipboard()
    out: dict[str, str] = {}
    for what, action in (
        ("summary", window.act_copy_summary),
        ("all", window.act_copy_all),
        ("ptt", window.act_copy_ptt),
    ):
        action.trigger()
        mime = clipboard.mimeData()
        out[f"{what} text"] = mime.text()
        if mime.hasHtml():
            out[f"{what} html"] = mime.html()
    for ext, action in (("md", window.act_export_md), ("json", window.act_export_json)):
        target = tmp_path / f"out.{ext}"
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *a, t=target, **k: (str(t), ""))
        )
        action.trigger()
        out[ext] = target.read_text("utf-8")
    from threadgist.services.batch_thread import write_digest_files

    write_digest_files(tmp_path, "batch", window.controller.digest)
    out["batch md"] = (tmp_path / "batch.md").read_text("utf-8")
    out["batch json"] = (tmp_path / "batch.json").read_text("utf-8")
    return out


def test_every_copy_carries_the_verdict_and_no_path(
    qtbot: Any, window: Any, fake: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _weak_digest(qtbot, window, fake)
    copies = _every_copy(window, tmp_path, monkeypatch)
    assert set(copies) >= {"summary text", "summary html", "all text", "all html", "ptt text", "md", "json"}
    for name, text in copies.items():
        assert "信心低" in text and "摘要寫到一半就斷了" in text, name  # the digest's language
        assert "secret-folder" not in text and "/home/" not in text, name
        assert "qwen2.5-coder-1.5b-instruct-q4_k_m" in text, name  # the model, by name
    assert json.loads(copies["json"])["verdict"].startswith("信心低")
    assert "secret-folder" not in window.digest_view.status.text()


def test_notes_come_in_the_digests_language_and_the_banner_in_the_uis(
    qtbot: Any, window: Any, fake: FakeServer
) -> None:
    digest = _weak_digest(qtbot, window, fake)
    digest = dataclasses.replace(digest, warnings=[NOTE])
    markdown = to_markdown(digest)
    assert "摘要達到這個模型的長度上限；只顯示到最後一個完整的句子" in markdown, markdown
    assert "length limit" not in markdown
    from threadgist.digest.html import full_html

    assert "length limit" not in full_html(digest)
    from threadgist.digest.markdown import to_json_text

    assert json.loads(to_json_text(digest))["notes"] == [
        "摘要達到這個模型的長度上限；只顯示到最後一個完整的句子"
    ]
    view = window.digest_view
    view.show_digest(digest)
    assert view.verdict.text().startswith("⚠ Low confidence")  # an English window
    assert "length limit" in view.summary.toPlainText()  # the panel speaks the window's language
    settings = window.controller.settings
    window.apply_settings(dataclasses.replace(settings, ui_lang="zh_TW"))
    QApplication.processEvents()
    try:
        assert view.verdict.text().startswith("⚠ 信心低")
    finally:
        window.apply_settings(dataclasses.replace(settings, ui_lang="en"))
        QApplication.processEvents()


def test_the_notes_table_is_made_from_the_translations() -> None:
    check = subprocess.run(
        [sys.executable, str(REPO / "tools" / "core_notes.py"), "--check"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr + " (run python tools/core_notes.py)"

"""The core's words in a digest's language, for what leaves the app (Markdown, JSON, the
clipboard, batch files): a zh-TW digest says its notes in zh-TW whatever the interface's
language, from the same translations the GUI uses (digest/core_zh_tw.py, made from the
.ts by tools/core_notes.py). The app's own panels say them in the interface's language."""

from __future__ import annotations

from ..messages import Text


def core_words(template: str, lang: str) -> str:
    """A message template in ``lang`` (the template itself when there is no translation)."""
    if lang != "zh-TW":
        return template
    from .core_zh_tw import ZH_TW

    return ZH_TW.get(template, template)


def note_text(text: Text, lang: str) -> str:
    """A note (a message or plain text) in the digest's language."""
    if isinstance(text, str):
        return text
    return text.render(lambda template: core_words(template, lang))

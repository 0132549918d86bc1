"""Prompt templates (versioned resource files) and the output language."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from string import Template

from ..bundled import resource
from ..thread.model import Thread

LANGS = ("auto", "zh-TW", "en")
_LANGUAGE_RULE = {
    "zh-TW": (
        "Write the summary, titles, statements and descriptions in Traditional Chinese as "
        "used in Taiwan (繁體中文、臺灣用語); never use Simplified Chinese characters. "
        "Quotes stay in their original language."
    ),
    "en": (
        "Write the summary, titles, statements and descriptions in English. "
        "Quotes stay in their original language."
    ),
}
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_RE = re.compile(r"[A-Za-z]")
# Common characters that exist only in Simplified Chinese.
SIMPLIFIED_ONLY = frozenset(
    "们这说来时个为会对发经问过还没么样见长门间东车让认识应该实现题诉话语买卖钱银书写读"
)


@cache
def template(name: str) -> Template:
    return Template(resource("prompts", f"{name}.txt").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def prompt_version() -> str:
    return resource("prompts", "VERSION").read_text(encoding="utf-8").strip()


def detect_language(thread: Thread) -> str:
    sample = " ".join(
        [thread.title, thread.body[:3000], *(comment.text for comment in thread.comments[:300])]
    )
    cjk = len(_CJK_RE.findall(sample))
    latin = len(_LATIN_RE.findall(sample))
    return "zh-TW" if cjk * 2 >= latin else "en"


def resolve_language(lang: str, thread: Thread) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown output language {lang!r}; use one of {', '.join(LANGS)}")
    return detect_language(thread) if lang == "auto" else lang


#: prompts that hold no comment lines: a short system prompt without the comment format
#: (the full one costs a 4k window ~460 tokens of a merge's room)
MERGE_KINDS = frozenset({"reduce", "assign"})


def system_prompt(lang: str, kind: str = "") -> str:
    """The system prompt of a ``kind`` of prompt (a template's name)."""
    name = "system_merge" if kind in MERGE_KINDS else "system"
    return template(name).substitute(language=_LANGUAGE_RULE[lang])


def simplified_characters(text: str) -> int:
    return sum(1 for char in text if char in SIMPLIFIED_ONLY)

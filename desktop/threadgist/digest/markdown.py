"""Markdown and JSON renderings of a digest (their words: digest/wording.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from functools import wraps

from ..llm.naming import shown_model
from ..textsafe import clean_value, json_inert
from .model import Digest
from .reliability import verdict_line
from .wording import (
    check_text,
    coverage_lines,
    floor_ranges,
    form_suffix,
    in_language,
    labels,
    number,
    removed_line,
    size_text,
    stats_lines,
    usage_text,
)

# no "[" in a link's text (the innermost brackets are the link, as in CommonMark), and
# each part read once: from every "[" of a long run, "[^\]\n]*" read to the line's end
#: what starts a Markdown link, image or reference definition ("["), an autolink or raw
#: HTML ("<"), an entity, a code span or emphasis, and the escape character itself. A
#: "]" or "_" alone makes nothing: "[討論]" reads "\[討論]" and "Tech_Job" stays.
_INLINE_RE = re.compile(r"([\\`*\[<]|&(?=#?[0-9A-Za-z]+;))")
#: what makes a line a heading, quote, list item, rule or setext underline
_BLOCK_RE = re.compile(r"^([ \t]*+)([#>+=-])|^([ \t]*+\d{1,9})([.)])", re.M)


def md(text: str) -> str:
    """Model or thread text for Markdown, inert: every character that could start a link,
    an image, a reference definition, an autolink, raw HTML or an entity is
    backslash-escaped (so that no link the text holds is one: only links the app writes
    may be), and so is what would make a line a heading, quote or list item. No control
    character, no bidirectional control."""
    text = _INLINE_RE.sub(r"\\\1", clean_value(text))
    return _BLOCK_RE.sub(_escape_block, text)


def _escape_block(match: re.Match[str]) -> str:
    if match.group(2):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"{match.group(3)}\\{match.group(4)}"


def md_line(text: str) -> str:
    """:func:`md` for a heading, list item or quote: on one line."""
    return md(" ".join(text.split()))


def summary_markdown(digest: Digest) -> str:
    notes = "".join(f"> {md_line(line)}\n\n" for line in coverage_lines(digest))
    return notes + md(digest.summary.strip())


def to_markdown(digest: Digest) -> str:
    lang = digest.meta.lang
    words = labels(lang)
    thread = digest.meta.thread
    out: list[str] = []
    title = thread.title
    if title:
        board = f"{thread.board} · " if thread.board else ""
        out += [f"# {md_line(board + title)}", ""]
    verdict = verdict_line(digest.reliability, lang)
    if verdict:
        out += [f"> ⚠ **{md_line(verdict)}**", ""]
    out += [f"## {words['summary']}", "", md(digest.summary.strip()), ""]
    out += [f"## {words['viewpoints']}", ""]
    if not digest.viewpoints:
        out += [words["none"], ""]
    for i, viewpoint in enumerate(digest.viewpoints, 1):
        out += [
            f"### {i}. {md_line(viewpoint.title)}",
            "",
            f"*{size_text(viewpoint.stats, lang)}*",
            "",
        ]
        if viewpoint.statement.strip():  # a compact answer leaves it out where the title says it
            out += [md(viewpoint.statement), ""]
        for quote in viewpoint.quotes:
            who = f" {md_line(quote.author)}" if quote.author else ""
            out.append(f"> 「{md_line(quote.text)}」 — #{quote.floor}{who}")
        if viewpoint.quotes:
            out.append("")
        out += [f"{words['floors']}: {floor_ranges(viewpoint.floors)}", ""]
    out += [f"## {words['off_topic']}", ""]
    if not digest.off_topic:
        out += [words["none"], ""]
    for digression in digest.off_topic:
        # a compact answer gives a digression no description: its title says what it is
        about = f": {md_line(digression.description)}" if digression.description.strip() else ""
        out.append(
            f"- **{md_line(digression.title)}** ({size_text(digression.stats, lang)}){about}"
            f" — {floor_ranges(digression.floors)}"
        )
    if digest.off_topic:
        out.append("")
    out += [f"## {words['stats']}", "", *stats_lines(digest), ""]
    ver = digest.verification
    out.append(f"**{words['verification']}:** " + check_text(digest))
    for removed in ver.removed:
        out.append("- " + md_line(removed_line(removed, lang)))
    if ver.settled:
        out.append("- " + words["settled"].format(n=number(ver.settled)))
    out.append("")
    if digest.warnings:
        notes = [f"- {md(in_language(warning, lang))}" for warning in digest.warnings]  # in its language
        out += [f"**{words['warnings']}:**", *notes, ""]
    when = datetime.fromtimestamp(digest.meta.created_at).strftime("%Y-%m-%d %H:%M")
    model = shown_model(digest.meta.model)  # never a path on this computer
    usage = usage_text(digest.usage, lang) + form_suffix(digest)
    out.append(f"*{md(digest.meta.endpoint)} · {md(model)} · {when} · {usage}*")
    return "\n".join(out).rstrip() + "\n"


def _inert(render: Callable[[Digest], str]) -> Callable[[Digest], str]:
    """A JSON rendering whose texts hold no control character but newline and tab and no
    bidirectional control, with nothing a terminal acts on in the document."""

    @wraps(render)
    def inert(digest: Digest) -> str:
        doc = _clean_values(json.loads(render(digest)))
        return json_inert(json.dumps(doc, ensure_ascii=False, indent=2))

    return inert


def _clean_values(value: object) -> object:
    if isinstance(value, str):
        return clean_value(value)
    if isinstance(value, dict):
        return {clean_value(str(key)): _clean_values(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean_values(item) for item in value]
    return value


@_inert
def to_json_text(digest: Digest) -> str:
    """The digest's JSON as exported: its model named without a local path, its
    low-confidence line and its notes in the digest's language ("verdict", "notes";
    "warnings" stays English for programs)."""
    doc = digest.to_json()
    doc["meta"]["model"] = shown_model(digest.meta.model)
    lang = digest.meta.lang
    verdict = verdict_line(digest.reliability, lang)
    if verdict:
        doc["verdict"] = verdict
    if digest.warnings:
        doc["notes"] = [in_language(warning, lang) for warning in digest.warnings]
    return json.dumps(doc, ensure_ascii=False, indent=2)

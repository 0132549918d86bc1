"""Markdown and JSON renderings of a digest."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from functools import wraps

from ..llm.naming import shown_model
from ..messages import Message, Text
from ..textsafe import clean_value, json_inert
from .model import Digest, GroupStats, Removed, Usage
from .notes import core_words
from .reliability import verdict_line

_LABELS = {
    "zh-TW": {
        "summary": "摘要",
        "viewpoints": "主要觀點",
        "off_topic": "離題內容",
        "stats": "統計",
        "comments": "則留言",
        "users": "人",
        "floors": "樓層",
        "none": "（沒有）",
        "on": "切題",
        "off": "離題",
        "unassigned": "未歸類",
        "verification": "引用檢查",
        "checked": "檢查了 {n} 筆引用",
        "removed": "移除 {n} 筆無效引用",
        "all_valid": "全部有效",
        "warnings": "注意",
        "source": "來源",
        "net": "淨推",
        "settled": (
            "{n} 個樓層同時被兩個以上的群組引用，已各自只歸入一組：明確引用的群組優先於"
            "「連續留言」的延伸；其次觀點優先於離題；再依模型列出的順序"
        ),
        "kind_quote": "引文",
        "kind_floor": "樓層",
        "kind_viewpoint": "觀點",
        "kind_off_topic": "離題",
        "new_since": "只摘要了第 {floor} 樓之後的 {n} 則新留言",
        "then": "；",
        "usage": "{calls} 次呼叫，{prompt}+{completion} 個詞元",
        "last_run": "（上一次執行：{calls} 次呼叫，{prompt}+{completion} 個詞元）",
        "uncounted": "，另有 {n} 個快取段落成本不明",
    },
    "en": {
        "summary": "Summary",
        "viewpoints": "Viewpoints",
        "off_topic": "Off-topic",
        "stats": "Numbers",
        "comments": "comments",
        "users": "users",
        "floors": "Floors",
        "none": "(none)",
        "on": "on topic",
        "off": "off topic",
        "unassigned": "unassigned",
        "verification": "Citation check",
        "checked": "{n} citations checked",
        "removed": "{n} invalid citations removed",
        "all_valid": "all valid",
        "warnings": "Notes",
        "source": "Source",
        "net": "net",
        "settled": (
            "{n} lines were claimed by more than one group and each was kept in one: a "
            "line cited explicitly beats one reached by widening a continued comment; "
            "then viewpoints before digressions; then the order the model gave"
        ),
        "kind_quote": "quote",
        "kind_floor": "floor",
        "kind_viewpoint": "viewpoint",
        "kind_off_topic": "off_topic",
        "new_since": "only the {n} comments after floor {floor} were summarized",
        "then": "; ",
        "usage": "{calls} call(s), {prompt}+{completion} tokens",
        "last_run": " ({calls} call(s), {prompt}+{completion} tokens in the last run)",
        "uncounted": " and {n} cached part(s) of unknown cost",
    },
}

#: the core's messages a digest shows (why a citation was removed), in the digest's
#: languages other than English. The GUI's translations of these templates (the .ts,
#: context "core") say the same; tests/test_gui_i18n.py checks that they agree.
MESSAGES: dict[str, dict[str, str]] = {
    "zh-TW": {
        "the floor does not exist": "這個樓層不存在",
        "the text is not in comment #{floor}": "第 {floor} 則留言裡沒有這段文字",
        "comment #{floor} belongs to another group": "第 {floor} 則留言屬於另一個群組",
        "every comment it cites belongs to another group": "它引用的每一則留言都屬於其他群組",
        "no valid floor supports it": "沒有任何有效的樓層支持它",
    },
}


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


def labels(lang: str) -> dict[str, str]:
    return _LABELS.get(lang, _LABELS["en"])


def in_language(text: Text, lang: str) -> str:
    """A message of the core in the digest's language (English when it has no
    translation); plain text as it is."""
    if isinstance(text, str):
        return text
    table = MESSAGES.get(lang, {})
    return text.render(lambda template: table.get(template) or core_words(template, lang))


def removed_line(removed: Removed, lang: str) -> str:
    """A removed citation in the digest's language: "quote #12 (Title) 「…」: why"."""
    words = labels(lang)
    kind = words.get(f"kind_{removed.kind}", removed.kind)
    floor = f"#{removed.floor}" if removed.floor is not None else ""
    text = f"「{removed.text}」" if removed.text else ""
    reason = in_language(removed.reason, lang)
    if lang == "zh-TW":
        return f"{kind}{' ' + floor if floor else ''}（{removed.where}）{text}：{reason}"
    return f"{kind} {floor + ' ' if floor else ''}({removed.where}){' ' + text if text else ''}: {reason}"


def floor_ranges(floors: list[int]) -> str:
    """[1, 2, 3, 7] → '#1–3, #7'"""
    out: list[str] = []
    ordered = sorted(set(floors))
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        out.append(f"#{ordered[i]}" if i == j else f"#{ordered[i]}–{ordered[j]}")
        i = j + 1
    return ", ".join(out)


def size_text(stats: GroupStats | None, lang: str) -> str:
    """'12 comments · 5 users · 17% · 推 3 / 噓 1' (in the digest's language)."""
    if stats is None:
        return ""
    words = labels(lang)
    tags = f" · 推 {number(stats.push)} / 噓 {number(stats.boo)}" if (stats.push or stats.boo) else ""
    counts = f"{number(stats.comments)} {words['comments']} · {number(stats.users)} {words['users']}"
    return f"{counts} · {stats.share:.0%}{tags}"


def stats_lines(digest: Digest) -> list[str]:
    """The thread's totals and the groups' shares, two lines in the digest's language."""
    words = labels(digest.meta.lang)
    totals, shares = digest.totals, digest.shares
    return [
        f"推 {number(totals['push'])} · 噓 {number(totals['boo'])} · → {number(totals['arrow'])} · "
        f"{words['net']} {totals['net']:+,} · "
        f"{number(totals['comments'])} {words['comments']} · {number(totals['users'])} {words['users']}",
        f"{words['on']} {shares['on_topic']:.0%} · {words['off']} {shares['off_topic']:.0%} · "
        f"{words['unassigned']} {shares['unassigned']:.0%}",
    ]


def check_text(digest: Digest) -> str:
    """ "20,006 citations checked; all valid", in the digest's language."""
    words, ver = labels(digest.meta.lang), digest.verification
    status = words["removed"].format(n=number(len(ver.removed))) if ver.removed else words["all_valid"]
    return words["checked"].format(n=number(ver.checked)) + words["then"] + status


#: the notes that say a digest read only part of its thread (gui/controller.py makes them)
PARTIAL_NOTES = ("only the newest {newest:,} of {total:,} comments (floors {first}–{last}) were summarized",)


def coverage_lines(digest: Digest) -> list[str]:
    """What a digest of part of its thread covers (its newest comments, or those after a
    floor), in the digest's language; [] for a digest of the whole thread. Every copy of
    the summary carries them."""
    lang = digest.meta.lang
    out = [
        in_language(note, lang)
        for note in digest.warnings
        if isinstance(note, Message) and note.template in PARTIAL_NOTES
    ]
    new = digest.meta.new_since
    if new is not None:
        out.append(labels(lang)["new_since"].format(n=number(new.comments), floor=new.floor))
    return out


def number(n: int) -> str:
    """A count as every copy and the app show it: with thousands separators ("20,006")."""
    return f"{n:,}"


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
            md(viewpoint.statement),
            "",
        ]
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
        out += [
            f"- **{md_line(digression.title)}** ({size_text(digression.stats, lang)}): "
            f"{md_line(digression.description)} — {floor_ranges(digression.floors)}"
        ]
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
    out.append(f"*{md(digest.meta.endpoint)} · {md(model)} · {when} · {usage_text(digest.usage, lang)}*")
    return "\n".join(out).rstrip() + "\n"


def usage_text(usage: Usage, lang: str = "en") -> str:
    """What a digest cost, in its language: "12 call(s), 30,000+4,000 tokens", and what
    its last run spent when earlier runs made part of it."""
    words = labels(lang)
    text = words["usage"].format(
        calls=number(usage.calls),
        prompt=number(usage.prompt_tokens),
        completion=number(usage.completion_tokens),
    )
    if usage.across_runs:
        text += words["last_run"].format(
            calls=number(usage.run_calls or 0),
            prompt=number(usage.run_prompt_tokens or 0),
            completion=number(usage.run_completion_tokens or 0),
        )
    if usage.uncounted_parts:
        text += words["uncounted"].format(n=number(usage.uncounted_parts))
    return text


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

"""Markdown and JSON renderings of a digest."""

from __future__ import annotations

import json
import re
from datetime import datetime

from ..messages import Text
from .model import Digest, GroupStats, Removed, Usage
from .reliability import verdict_line

_L = {
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


_LINK_RE = re.compile(r"\[([^\]\n]*)\]\(\s*([^)\s]*)[^)]*\)")


def md(text: str) -> str:
    """Model or thread text for Markdown: no live HTML (tags and entities escaped), and
    only http(s) links stay links; any other ``[x](target)`` is shown as plain text."""
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def link(m: re.Match[str]) -> str:
        target = m.group(2).strip().lower()
        if target.startswith(("http://", "https://")):
            return m.group(0)
        return "\\[" + m.group(1) + "\\](" + m.group(0)[m.group(0).index("(") + 1 :]

    return _LINK_RE.sub(link, out)


def labels(lang: str) -> dict[str, str]:
    return _L.get(lang, _L["en"])


def in_language(text: Text, lang: str) -> str:
    """A message of the core in the digest's language (English when it has no
    translation); plain text as it is."""
    if isinstance(text, str):
        return text
    table = MESSAGES.get(lang, {})
    return text.render(lambda template: table.get(template, template))


def removed_line(r: Removed, lang: str) -> str:
    """A removed citation in the digest's language: "quote #12 (Title) 「…」: why"."""
    L = labels(lang)
    kind = L.get(f"kind_{r.kind}", r.kind)
    floor = f"#{r.floor}" if r.floor is not None else ""
    text = f"「{r.text}」" if r.text else ""
    reason = in_language(r.reason, lang)
    if lang == "zh-TW":
        return f"{kind}{' ' + floor if floor else ''}（{r.where}）{text}：{reason}"
    return f"{kind} {floor + ' ' if floor else ''}({r.where}){' ' + text if text else ''}: {reason}"


def floor_ranges(floors: list[int]) -> str:
    """[1, 2, 3, 7] → '#1–3, #7'"""
    out: list[str] = []
    fs = sorted(set(floors))
    i = 0
    while i < len(fs):
        j = i
        while j + 1 < len(fs) and fs[j + 1] == fs[j] + 1:
            j += 1
        out.append(f"#{fs[i]}" if i == j else f"#{fs[i]}–{fs[j]}")
        i = j + 1
    return ", ".join(out)


def size_text(s: GroupStats | None, lang: str) -> str:
    """'12 comments · 5 users · 17% · 推 3 / 噓 1' (in the digest's language)."""
    if s is None:
        return ""
    L = labels(lang)
    tags = f" · 推 {s.push} / 噓 {s.boo}" if (s.push or s.boo) else ""
    return f"{s.comments} {L['comments']} · {s.users} {L['users']} · {s.share:.0%}{tags}"


def summary_markdown(d: Digest) -> str:
    return md(d.summary.strip())


def to_markdown(d: Digest) -> str:
    lang = d.meta.lang
    L = labels(lang)
    thread = d.meta.thread
    out: list[str] = []
    title = thread.title
    if title:
        board = f"{thread.board} · " if thread.board else ""
        out += [f"# {md(board + title)}", ""]
    verdict = verdict_line(d.reliability, lang)
    if verdict:
        out += [f"> ⚠ **{md(verdict)}**", ""]
    out += [f"## {L['summary']}", "", md(d.summary.strip()), ""]
    out += [f"## {L['viewpoints']}", ""]
    if not d.viewpoints:
        out += [L["none"], ""]
    for i, v in enumerate(d.viewpoints, 1):
        out += [f"### {i}. {md(v.title)}", "", f"*{size_text(v.stats, lang)}*", "", md(v.statement), ""]
        for q in v.quotes:
            who = f" {md(q.author)}" if q.author else ""
            out.append(f"> 「{md(q.text)}」 — #{q.floor}{who}")
        if v.quotes:
            out.append("")
        out += [f"{L['floors']}: {floor_ranges(v.floors)}", ""]
    out += [f"## {L['off_topic']}", ""]
    if not d.off_topic:
        out += [L["none"], ""]
    for o in d.off_topic:
        out += [
            f"- **{md(o.title)}** ({size_text(o.stats, lang)}): {md(o.description)} "
            f"— {floor_ranges(o.floors)}"
        ]
    if d.off_topic:
        out.append("")
    t, s = d.totals, d.shares
    out += [
        f"## {L['stats']}",
        "",
        f"推 {t['push']} · 噓 {t['boo']} · → {t['arrow']} · {L['net']} {t['net']:+d} · "
        f"{t['comments']} {L['comments']} · {t['users']} {L['users']}",
        f"{L['on']} {s['on_topic']:.0%} · {L['off']} {s['off_topic']:.0%} · "
        f"{L['unassigned']} {s['unassigned']:.0%}",
        "",
    ]
    ver = d.verification
    out.append(
        f"**{L['verification']}:** "
        + L["checked"].format(n=ver.checked)
        + "; "
        + (L["removed"].format(n=len(ver.removed)) if ver.removed else L["all_valid"])
    )
    for r in ver.removed:
        out.append("- " + md(removed_line(r, lang)))
    if ver.settled:
        out.append("- " + L["settled"].format(n=ver.settled))
    out.append("")
    if d.warnings:
        out += [f"**{L['warnings']}:**"] + [f"- {md(str(w))}" for w in d.warnings] + [""]
    when = datetime.fromtimestamp(d.meta.created_at).strftime("%Y-%m-%d %H:%M")
    out.append(f"*{md(d.meta.endpoint)} · {md(d.meta.model)} · {when} · {usage_text(d.usage)}*")
    return "\n".join(out).rstrip() + "\n"


def usage_text(u: Usage) -> str:
    """What a digest cost: "12 call(s), 30000+4000 tokens", and what its last run spent
    when earlier runs made part of it."""
    text = f"{u.calls} call(s), {u.prompt_tokens}+{u.completion_tokens} tokens"
    if u.across_runs:
        text += (
            f" ({u.run_calls} call(s), {u.run_prompt_tokens}+{u.run_completion_tokens} "
            "tokens in the last run)"
        )
    if u.uncounted_parts:
        text += f" and {u.uncounted_parts} cached part(s) of unknown cost"
    return text


def to_json_text(d: Digest) -> str:
    return json.dumps(d.to_json(), ensure_ascii=False, indent=2)

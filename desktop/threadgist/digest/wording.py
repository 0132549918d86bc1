"""A digest's words in its own language, the same in every copy (Markdown, HTML, plain
text): the section labels, the core's messages a digest shows, floor ranges, sizes,
totals, the citation check, what a partial digest covers and what it cost."""

from __future__ import annotations

from ..messages import Message, Text
from .model import Digest, GroupStats, Removed, Usage
from .notes import core_words

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
        "compact": "簡短答案",
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
        "compact": "short answers",
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


def form_suffix(digest: Digest) -> str:
    """What follows a line that says how a digest was made when its answers were in the
    compact form (digest/forms.py): " · short answers", in the digest's language; "" for
    the rich form, the usual one."""
    if digest.meta.form != "compact":
        return ""
    return " · " + labels(digest.meta.lang)["compact"]


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

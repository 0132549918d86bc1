"""The drift timeline (digest/drift.py) in the digest's copies: a small HTML table of
coloured cells (QTextDocument and mail clients draw tables, not SVG or CSS boxes) and a
Markdown table, in the digest's language. Titles and names are data: escaped."""

from __future__ import annotations

from html import escape

from ..thread.model import Thread
from .drift import drift
from .drift_model import DIGRESSION, UNASSIGNED, VIEWPOINT, Drift
from .drift_onset import (
    in_digest_language,
    onset_detail,
    onset_line,
)
from .markdown import md
from .model import Digest

BAR_WIDTH = 160

_LABELS = {
    "zh-TW": {
        "timeline": "離題時間軸",
        "time": "時間",
        "floors": "樓層",
        "on": "切題",
        "off": "離題",
        "unassigned": "未歸類",
        "onset": "開始離題",
    },
    "en": {
        "timeline": "How the thread drifted",
        "time": "Time",
        "floors": "Floors",
        "on": "on topic",
        "off": "off topic",
        "unassigned": "unassigned",
        "onset": "drift begins",
    },
}


def labels(lang: str) -> dict[str, str]:
    return _LABELS.get(lang, _LABELS["en"])


def kind_counts(made: Drift, index: int) -> dict[str, int]:
    """A bin's lines per kind of group."""
    out = {VIEWPOINT: 0, DIGRESSION: 0, UNASSIGNED: 0}
    for group, count in zip(made.groups, made.bins[index].counts, strict=True):
        out[group.kind] += count
    return out


def summary_lines(made: Drift, lang: str) -> list[str]:
    """The onset line and who took it there, in the digest's language (plain text)."""
    lines = [in_digest_language(onset_line(made), lang)]
    detail = onset_detail(made)
    if detail is not None:
        lines.append(in_digest_language(detail, lang))
    return lines


def drift_html(made: Drift, lang: str) -> str:
    """A heading, the onset line, and a row per bin with comments: its span, a bar of
    coloured cells (a cell per group, its title as the cell's title) and its counts."""
    words = labels(lang)
    if not made.bins:
        return ""
    peak = max(b.total for b in made.bins) or 1
    rows = []
    for index, b in enumerate(made.bins):
        if not b.total:
            continue
        cells = "".join(
            f'<td width="{max(1, round(BAR_WIDTH * count / peak))}" bgcolor="{group.colour}" height="10"'
            f' title="{escape(group.title or words["unassigned"])}"></td>'
            for group, count in zip(made.groups, b.counts, strict=True)
            if count
        )
        kinds = kind_counts(made, index)
        mark = f" ◀ {escape(words['onset'])}" if made.onset is not None and made.onset.bin == index else ""
        rows.append(
            f"<tr><td><small>{escape(made.bin_label(index))}</small></td>"
            f'<td><table cellspacing="0" cellpadding="0"><tr>{cells}</tr></table></td>'
            f"<td><small>{escape(words['on'])} {kinds[VIEWPOINT]} · {escape(words['off'])} "
            f"{kinds[DIGRESSION]} · {escape(words['unassigned'])} {kinds[UNASSIGNED]}{mark}</small></td></tr>"
        )
    head = words["time"] if made.by_time else words["floors"]
    lines = "<br>".join(escape(line) for line in summary_lines(made, lang))
    return (
        f"<h2>{escape(words['timeline'])}</h2><p>{lines}</p>"
        f'<table cellspacing="2" cellpadding="0"><tr><th align="left"><small>{escape(head)}</small></th>'
        f"<th></th><th></th></tr>{''.join(rows)}</table>"
    )


def drift_markdown(made: Drift, lang: str) -> str:
    """The same as a Markdown section: the onset line and a table of counts per bin."""
    words = labels(lang)
    if not made.bins:
        return ""
    head = words["time"] if made.by_time else words["floors"]
    out = [f"## {words['timeline']}", ""]
    out += [md(line) + "  " for line in summary_lines(made, lang)]
    out += [
        "",
        f"| {head} | {words['on']} | {words['off']} | {words['unassigned']} | |",
        "|---|---:|---:|---:|---|",
    ]
    for index, b in enumerate(made.bins):
        if not b.total:
            continue
        kinds = kind_counts(made, index)
        mark = f"◀ {words['onset']}" if made.onset is not None and made.onset.bin == index else ""
        out.append(
            f"| {made.bin_label(index)} | {kinds[VIEWPOINT]} | {kinds[DIGRESSION]} "
            f"| {kinds[UNASSIGNED]} | {mark} |"
        )
    return "\n".join(out) + "\n"


def timeline_copies(digest: Digest, thread: Thread | None) -> tuple[str, str]:
    """The timeline for a copy or an export of ``digest``: (HTML, Markdown); empty when
    the thread is not at hand or has no comments."""
    if thread is None or not thread.comments:
        return "", ""
    made = drift(thread, digest)
    lang = digest.meta.lang
    return drift_html(made, lang), drift_markdown(made, lang)

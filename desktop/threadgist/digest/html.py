"""HTML renderings of a digest for the app's panels and the clipboard. Everything the
model wrote is escaped; the only links are ``floor:N?g=GROUP`` (into the comment list)
and ``group:GROUP``, which the viewer handles itself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape

from ..messages import Text
from .colours import OFF_TOPIC_COLOUR, UNASSIGNED_COLOUR, VIEWPOINT_COLOUR
from .markdown import floor_ranges, labels, removed_line, size_text, usage_text
from .model import Digest, GroupStats
from .reliability import verdict_line

BAR_WIDTH = 180


def paragraphs(text: str) -> str:
    blocks = [b.strip() for b in text.strip().split("\n\n") if b.strip()]
    return "".join(f"<p>{escape(b).replace(chr(10), '<br>')}</p>" for b in blocks)


def bar(share: float, colour: str) -> str:
    """A small horizontal bar (a one-row table: QTextDocument has no CSS boxes)."""
    filled = max(0, min(BAR_WIDTH, round(share * BAR_WIDTH)))
    cells = ""
    if filled:
        cells += f'<td width="{filled}" bgcolor="{colour}" height="8"></td>'
    if filled < BAR_WIDTH:
        cells += f'<td width="{BAR_WIDTH - filled}" bgcolor="{UNASSIGNED_COLOUR}" height="8"></td>'
    return f'<table cellspacing="0" cellpadding="0"><tr>{cells}</tr></table>'


def floor_links(floors: list[int], group: str, links: bool) -> str:
    if not links:
        return escape(floor_ranges(floors))
    out = []
    for part in floor_ranges(floors).split(", "):
        if not part:
            continue
        first = part[1:].split("–")[0]
        out.append(f'<a href="floor:{first}?g={group}">{escape(part)}</a>')
    return ", ".join(out)


def _group_head(title: str, group: str, stats: GroupStats | None, colour: str, lang: str, links: bool) -> str:
    """A viewpoint's or digression's title (a link that highlights its comments), its
    size bar and its numbers."""
    text = escape(title)
    if links:
        text = f'<a href="group:{group}">{text}</a>'
    return (
        f"<h3>{text}</h3>"
        + bar(stats.share if stats else 0.0, colour)
        + f"<p><small>{escape(size_text(stats, lang))}</small></p>"
    )


def summary_html(d: Digest) -> str:
    return paragraphs(d.summary)


def verdict_html(d: Digest) -> str:
    """The low-confidence verdict as a paragraph ("" for a digest the checks pass)."""
    verdict = verdict_line(d.reliability, d.meta.lang)
    return f"<p><b>⚠ {escape(verdict)}</b></p>" if verdict else ""


def viewpoints_html(d: Digest, links: bool = True) -> str:
    lang = d.meta.lang
    L = labels(lang)
    if not d.viewpoints:
        return f"<p>{escape(L['none'])}</p>"
    out = []
    for i, v in enumerate(d.viewpoints):
        g = f"vp{i}"
        out.append(_group_head(f"{i + 1}. {v.title}", g, v.stats, VIEWPOINT_COLOUR, lang, links))
        out.append(paragraphs(v.statement))
        for q in v.quotes:
            who = f" {escape(q.author)}" if q.author else ""
            ref = floor_links([q.floor], g, links)
            out.append(f"<blockquote>「{escape(q.text)}」 — {ref}{who}</blockquote>")
        out.append(f"<p>{escape(L['floors'])}: {floor_links(v.floors, g, links)}</p>")
    return "".join(out)


def off_topic_html(d: Digest, links: bool = True) -> str:
    lang = d.meta.lang
    L = labels(lang)
    if not d.off_topic:
        return f"<p>{escape(L['none'])}</p>"
    out = []
    for i, o in enumerate(d.off_topic):
        g = f"ot{i}"
        out.append(_group_head(o.title, g, o.stats, OFF_TOPIC_COLOUR, lang, links))
        out.append(paragraphs(o.description))
        out.append(f"<p>{escape(L['floors'])}: {floor_links(o.floors, g, links)}</p>")
    return "".join(out)


def checks_html(d: Digest, say: Callable[[Text], str] = str) -> str:
    """Numbers, the citation check (removed citations listed, in the digest's language as
    its labels are) and warnings (``say``: a warning in words, by default English; the
    GUI's in the interface's language)."""
    lang = d.meta.lang
    L = labels(lang)
    t, s = d.totals, d.shares
    out = [
        f"<p><small>推 {t['push']} · 噓 {t['boo']} · → {t['arrow']} · "
        f"{escape(L['net'])} {t['net']:+d} · "
        f"{t['comments']} {escape(L['comments'])} · {t['users']} {escape(L['users'])}<br>"
        f"{escape(L['on'])} {s['on_topic']:.0%} · {escape(L['off'])} {s['off_topic']:.0%} · "
        f"{escape(L['unassigned'])} {s['unassigned']:.0%}</small></p>"
    ]
    ver = d.verification
    status = L["removed"].format(n=len(ver.removed)) if ver.removed else L["all_valid"]
    out.append(
        f"<p><b>{escape(L['verification'])}:</b> "
        f"{escape(L['checked'].format(n=ver.checked))}; {escape(status)}</p>"
    )
    if ver.removed:
        items = [f"<li>{escape(removed_line(r, lang))}</li>" for r in ver.removed]
        out.append("<ul>" + "".join(items) + "</ul>")
    if ver.settled:
        out.append(f"<p><small>{escape(L['settled'].format(n=ver.settled))}</small></p>")
    if d.warnings:
        out.append(
            f"<p><b>{escape(L['warnings'])}:</b></p><ul>"
            + "".join(f"<li>{escape(say(w))}</li>" for w in d.warnings)
            + "</ul>"
        )
    return "".join(out)


def footer_text(d: Digest) -> str:
    when = datetime.fromtimestamp(d.meta.created_at).strftime("%Y-%m-%d %H:%M")
    return f"{d.meta.endpoint} · {d.meta.model} · {when} · {usage_text(d.usage)}"


def full_html(d: Digest) -> str:
    """The whole digest as one HTML document (for the clipboard), without app links."""
    lang = d.meta.lang
    L = labels(lang)
    title, board = d.meta.thread.title, d.meta.thread.board
    board = f"{board} · " if board else ""
    head = f"<h1>{escape(board + title)}</h1>" if title else ""
    return (
        f"<html><body>{head}{verdict_html(d)}<h2>{escape(L['summary'])}</h2>{summary_html(d)}"
        f"<h2>{escape(L['viewpoints'])}</h2>{viewpoints_html(d, links=False)}"
        f"<h2>{escape(L['off_topic'])}</h2>{off_topic_html(d, links=False)}"
        f"<h2>{escape(L['stats'])}</h2>{checks_html(d)}"
        f"<p><i>{escape(footer_text(d))}</i></p></body></html>"
    )


def group_floors(d: Digest, group: str) -> list[int]:
    """The floors of ``vpN`` / ``otN``."""
    try:
        i = int(group[2:])
        if group.startswith("vp"):
            return list(d.viewpoints[i].floors)
        if group.startswith("ot"):
            return list(d.off_topic[i].floors)
    except (ValueError, IndexError):
        pass
    return []

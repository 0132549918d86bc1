"""HTML renderings of a digest for the app's panels and the clipboard. Everything the
model wrote is escaped; the only links are ``floor:N?g=GROUP`` (into the comment list)
and ``group:GROUP``, which the viewer handles itself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape as html_escape

from ..llm.naming import shown_model
from ..messages import Text
from ..textsafe import clean_value
from .colours import OFF_TOPIC_COLOUR, UNASSIGNED_COLOUR, VIEWPOINT_COLOUR
from .model import Digest, GroupStats
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

BAR_WIDTH = 180


def escape(text: str) -> str:
    """Text for HTML: tags and entities escaped, and no control character (but newline
    and tab) or bidirectional control (a right-to-left override would reverse what
    follows it in the view)."""
    return html_escape(clean_value(text))


def paragraphs(text: str) -> str:
    blocks = [block.strip() for block in text.strip().split("\n\n") if block.strip()]
    return "".join(f"<p>{escape(block).replace(chr(10), '<br>')}</p>" for block in blocks)


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


def summary_html(digest: Digest) -> str:
    return paragraphs(digest.summary)


def verdict_html(digest: Digest) -> str:
    """The low-confidence verdict as a paragraph ("" for a digest the checks pass)."""
    verdict = verdict_line(digest.reliability, digest.meta.lang)
    return f"<p><b>⚠ {escape(verdict)}</b></p>" if verdict else ""


def coverage_html(digest: Digest) -> str:
    """What a digest of part of its thread covers, a paragraph each ("" for the whole)."""
    return "".join(f"<p><i>{escape(line)}</i></p>" for line in coverage_lines(digest))


def viewpoints_html(digest: Digest, links: bool = True) -> str:
    lang = digest.meta.lang
    words = labels(lang)
    if not digest.viewpoints:
        return f"<p>{escape(words['none'])}</p>"
    out = []
    for i, viewpoint in enumerate(digest.viewpoints):
        group = f"vp{i}"
        out.append(
            _group_head(f"{i + 1}. {viewpoint.title}", group, viewpoint.stats, VIEWPOINT_COLOUR, lang, links)
        )
        out.append(paragraphs(viewpoint.statement))
        for quote in viewpoint.quotes:
            who = f" {escape(quote.author)}" if quote.author else ""
            ref = floor_links([quote.floor], group, links)
            out.append(f"<blockquote>「{escape(quote.text)}」 — {ref}{who}</blockquote>")
        out.append(f"<p>{escape(words['floors'])}: {floor_links(viewpoint.floors, group, links)}</p>")
    return "".join(out)


def off_topic_html(digest: Digest, links: bool = True) -> str:
    lang = digest.meta.lang
    words = labels(lang)
    if not digest.off_topic:
        return f"<p>{escape(words['none'])}</p>"
    out = []
    for i, digression in enumerate(digest.off_topic):
        group = f"ot{i}"
        out.append(_group_head(digression.title, group, digression.stats, OFF_TOPIC_COLOUR, lang, links))
        out.append(paragraphs(digression.description))
        out.append(f"<p>{escape(words['floors'])}: {floor_links(digression.floors, group, links)}</p>")
    return "".join(out)


def checks_html(digest: Digest, say: Callable[[Text], str] | None = None) -> str:
    """Numbers, the citation check (removed citations listed, in the digest's language as
    its labels are) and warnings (``say``: a warning in words, by default in the digest's
    language; the GUI's panel passes the interface's)."""
    lang = digest.meta.lang
    if say is None:
        say = lambda text: in_language(text, lang)  # noqa: E731
    words = labels(lang)
    out = ["<p><small>" + "<br>".join(escape(line) for line in stats_lines(digest)) + "</small></p>"]
    ver = digest.verification
    out.append(f"<p><b>{escape(words['verification'])}:</b> {escape(check_text(digest))}</p>")
    if ver.removed:
        items = [f"<li>{escape(removed_line(removed, lang))}</li>" for removed in ver.removed]
        out.append("<ul>" + "".join(items) + "</ul>")
    if ver.settled:
        out.append(f"<p><small>{escape(words['settled'].format(n=number(ver.settled)))}</small></p>")
    if digest.warnings:
        out.append(
            f"<p><b>{escape(words['warnings'])}:</b></p><ul>"
            + "".join(f"<li>{escape(say(warning))}</li>" for warning in digest.warnings)
            + "</ul>"
        )
    return "".join(out)


def footer_text(digest: Digest) -> str:
    when = datetime.fromtimestamp(digest.meta.created_at).strftime("%Y-%m-%d %H:%M")
    usage = usage_text(digest.usage, digest.meta.lang) + form_suffix(digest)
    return f"{digest.meta.endpoint} · {shown_model(digest.meta.model)} · {when} · {usage}"


def full_html(digest: Digest, timeline: str = "") -> str:
    """The whole digest as one HTML document (for the clipboard), without app links;
    ``timeline``: the drift timeline's HTML (digest/drift_render.py), after the groups."""
    lang = digest.meta.lang
    words = labels(lang)
    title, board = digest.meta.thread.title, digest.meta.thread.board
    board = f"{board} · " if board else ""
    head = f"<h1>{escape(board + title)}</h1>" if title else ""
    return (
        f"<html><body>{head}{verdict_html(digest)}<h2>{escape(words['summary'])}</h2>{summary_html(digest)}"
        f"<h2>{escape(words['viewpoints'])}</h2>{viewpoints_html(digest, links=False)}"
        f"<h2>{escape(words['off_topic'])}</h2>{off_topic_html(digest, links=False)}"
        f"{timeline}"
        f"<h2>{escape(words['stats'])}</h2>{checks_html(digest)}"
        f"<p><i>{escape(footer_text(digest))}</i></p></body></html>"
    )


def group_floors(digest: Digest, group: str) -> list[int]:
    """The floors of ``vpN`` / ``otN``."""
    try:
        i = int(group[2:])
        if group.startswith("vp"):
            return list(digest.viewpoints[i].floors)
        if group.startswith("ot"):
            return list(digest.off_topic[i].floors)
    except (ValueError, IndexError):
        pass
    return []

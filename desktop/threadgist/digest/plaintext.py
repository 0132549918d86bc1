"""Plain-text renderings for copying: the lines that say where a summary comes from, and
a whole digest as a PTT reply would hold it (no Markdown, lines of at most 78 columns,
a CJK character counting two)."""

from __future__ import annotations

import unicodedata
from datetime import datetime

from .markdown import floor_ranges, labels, size_text
from .model import Digest

#: PTT's screen is 80 columns; replies keep to 78
PTT_WIDTH = 78


def columns(text: str) -> int:
    """Screen columns of ``text``: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def wrap(text: str, width: int = PTT_WIDTH, indent: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` columns: breaks at spaces in Latin text and
    between any two characters in CJK text; later lines start with ``indent``."""
    out: list[str] = []
    for para in text.splitlines() or [""]:
        line, used = "", 0
        words = para.split(" ")
        for wi, word in enumerate(words):
            piece = word if wi == 0 else " " + word
            if used + columns(piece) <= width:
                line, used = line + piece, used + columns(piece)
                continue
            if line.strip():
                out.append(line)
                line, used = indent, columns(indent)
                piece = word
            for ch in piece:  # a long CJK run (or word) breaks anywhere
                w = columns(ch)
                if used + w > width and line.strip():
                    out.append(line)
                    line, used = indent, columns(indent)
                line, used = line + ch, used + w
        out.append(line)
    return [ln.rstrip() for ln in out]


def source_lines(d: Digest, source: str = "") -> list[str]:
    """Where a digest comes from: the thread (board, title), its address or file, and the
    endpoint, model and date of the digest."""
    title, board = d.meta.thread.title, d.meta.thread.board
    out = []
    if title:
        out.append(f"[{board}] {title}" if board else title)
    if source:
        out.append(source)
    when = datetime.fromtimestamp(d.meta.created_at).strftime("%Y-%m-%d %H:%M")
    out.append(f"{d.meta.endpoint} · {d.meta.model} · {when}")
    return [_one_line(x) for x in out]


def summary_text(d: Digest, source: str = "") -> str:
    """The summary with where it comes from (the plain-text flavour of Copy summary)."""
    return "\n".join([*source_lines(d, source), "", d.summary.strip()]) + "\n"


def to_ptt_text(d: Digest, source: str = "", width: int = PTT_WIDTH) -> str:
    """The digest as plain text for a PTT reply."""
    lang = d.meta.lang
    L = labels(lang)
    out: list[str] = []
    for line in source_lines(d, source):
        out += wrap(line, width)
    out += ["", f"【{L['summary']}】", *wrap(d.summary.strip(), width), ""]
    out.append(f"【{L['viewpoints']}】")
    for i, v in enumerate(d.viewpoints, 1):
        out += wrap(f"{i}. {v.title}（{size_text(v.stats, lang)}）", width, "   ")
        out += wrap(v.statement, width, "   ") if v.statement else []
        for q in v.quotes[:3]:
            out += wrap(f"   「{q.text}」 #{q.floor}", width, "    ")
        out += wrap(f"   {L['floors']}: {floor_ranges(v.floors)}", width, "   ")
    if not d.viewpoints:
        out.append(L["none"])
    out += ["", f"【{L['off_topic']}】"]
    for o in d.off_topic:
        out += wrap(
            f"・{o.title}（{size_text(o.stats, lang)}）{o.description} {floor_ranges(o.floors)}", width, "  "
        )
    if not d.off_topic:
        out.append(L["none"])
    return "\n".join(_one_line(x) for x in out).rstrip() + "\n"


def _one_line(text: str) -> str:
    """No control characters from model or thread text in a copied line."""
    return "".join(ch if ch.isprintable() else " " for ch in text)

"""Plain-text renderings for copying: the lines that say where a summary comes from, and
a whole digest as a PTT reply would hold it (no Markdown, lines of at most 78 columns,
a CJK character counting two)."""

from __future__ import annotations

import unicodedata
from datetime import datetime

from ..llm.naming import shown_model
from .model import Digest
from .reliability import verdict_line
from .wording import coverage_lines, floor_ranges, form_suffix, labels, size_text

#: PTT's screen is 80 columns; replies keep to 78
PTT_WIDTH = 78


def columns(text: str) -> int:
    """Screen columns of ``text``: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def wrap(text: str, width: int = PTT_WIDTH, indent: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` columns: breaks at spaces in Latin text and
    between any two characters in CJK text; later lines start with ``indent``."""
    out: list[str] = []
    for para in text.splitlines() or [""]:
        line, used = "", 0
        words = para.split(" ")
        for index, word in enumerate(words):
            piece = word if index == 0 else " " + word
            if used + columns(piece) <= width:
                line, used = line + piece, used + columns(piece)
                continue
            if line.strip():
                out.append(line)
                line, used = indent, columns(indent)
                piece = word
            for char in piece:  # a long CJK run (or word) breaks anywhere
                char_width = columns(char)
                if used + char_width > width and line.strip():
                    out.append(line)
                    line, used = indent, columns(indent)
                line, used = line + char, used + char_width
        out.append(line)
    return [wrapped.rstrip() for wrapped in out]


def source_lines(digest: Digest, source: str = "") -> list[str]:
    """Where a digest comes from: the thread (board, title), its address or file, and the
    endpoint, model and date of the digest (and "short answers" for a compact one)."""
    title, board = digest.meta.thread.title, digest.meta.thread.board
    out = []
    if title:
        out.append(f"[{board}] {title}" if board else title)
    if source:
        out.append(source)
    when = datetime.fromtimestamp(digest.meta.created_at).strftime("%Y-%m-%d %H:%M")
    out.append(f"{digest.meta.endpoint} · {shown_model(digest.meta.model)} · {when}{form_suffix(digest)}")
    return [_one_line(line) for line in out]


def summary_text(digest: Digest, source: str = "") -> str:
    """The summary with where it comes from, and what it covers when it read only part of
    the thread (the plain-text flavour of Copy summary)."""
    head = [*source_lines(digest, source), *_verdict(digest)]
    return "\n".join([*head, "", digest.summary.strip()]) + "\n"


def _verdict(digest: Digest) -> list[str]:
    """The low-confidence line, when there is one, and what a partial digest covers, each
    as its own paragraph."""
    line = verdict_line(digest.reliability, digest.meta.lang)
    out = ["", "⚠ " + line] if line else []
    for note in coverage_lines(digest):
        out += ["", _one_line(note)]
    return out


def to_ptt_text(digest: Digest, source: str = "", width: int = PTT_WIDTH) -> str:
    """The digest as plain text for a PTT reply."""
    lang = digest.meta.lang
    words = labels(lang)
    out: list[str] = []
    for line in source_lines(digest, source):
        out += wrap(line, width)
    for line in _verdict(digest):
        out += wrap(line, width, "  ")
    out += ["", f"【{words['summary']}】", *wrap(digest.summary.strip(), width), ""]
    out.append(f"【{words['viewpoints']}】")
    for i, viewpoint in enumerate(digest.viewpoints, 1):
        out += wrap(f"{i}. {viewpoint.title}（{size_text(viewpoint.stats, lang)}）", width, "   ")
        out += wrap(viewpoint.statement, width, "   ") if viewpoint.statement else []
        for quote in viewpoint.quotes[:3]:
            out += wrap(f"   「{quote.text}」 #{quote.floor}", width, "    ")
        out += wrap(f"   {words['floors']}: {floor_ranges(viewpoint.floors)}", width, "   ")
    if not digest.viewpoints:
        out.append(words["none"])
    out += ["", f"【{words['off_topic']}】"]
    for digression in digest.off_topic:
        out += wrap(
            f"・{digression.title}（{size_text(digression.stats, lang)}）"
            + (f"{digression.description} " if digression.description.strip() else "")
            + floor_ranges(digression.floors),
            width,
            "  ",
        )
    if not digest.off_topic:
        out.append(words["none"])
    return "\n".join(_one_line(out_line) for out_line in out).rstrip() + "\n"


def _one_line(text: str) -> str:
    """No control characters from model or thread text in a copied line."""
    return "".join(char if char.isprintable() else " " for char in text)

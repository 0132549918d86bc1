"""The interface font: the user's family and size, with Traditional Chinese fallbacks."""

from __future__ import annotations

from PySide6.QtGui import QFont, QGuiApplication

from ..store.settings import Settings

#: Han text must never fall back to Japanese glyph forms.
CJK_FAMILIES = [
    "Noto Sans CJK TC",
    "Microsoft JhengHei UI",
    "PingFang TC",
    "Noto Sans TC",
    "Source Han Sans TC",
    "Microsoft JhengHei",
]


def apply_font(app: QGuiApplication, settings: Settings) -> QFont:
    font = QFont(app.font())
    base = [settings.font_family] if settings.font_family else [font.family()]
    font.setFamilies(base + [family for family in CJK_FAMILIES if family not in base])
    if settings.font_size > 0:
        font.setPointSize(settings.font_size)
    app.setFont(font)
    return font

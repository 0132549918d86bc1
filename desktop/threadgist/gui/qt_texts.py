"""Qt's own words that Qt's Traditional Chinese catalogue (qtbase_zh_TW) lacks, for the
translators: listed here so that pyside6-lupdate puts them in our .ts (in Qt's own
contexts). Our translator answers for them when qtbase's has nothing; gui/i18n.py loads
both. Nothing calls this module: it only has to be among the files lupdate reads.
tests/test_gui_leftovers.py opens Qt's file dialog in Chinese and fails on English."""

from PySide6.QtCore import QT_TRANSLATE_NOOP

QT_TEXTS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)

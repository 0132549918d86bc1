"""UI languages: English (the source strings) and Traditional Chinese, switchable at
run time. Qt's own dialogs are translated too (qtbase_zh_TW from Qt)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtWidgets import QWidget

from ..bundled import resource
from ..messages import Text

LANGS = ("en", "zh_TW")


def resolve(ui_lang: str) -> str:
    """'auto' → the system's language when we have it (any Chinese → zh_TW)."""
    if ui_lang in LANGS:
        return ui_lang
    for name in QLocale.system().uiLanguages():
        if name.lower().startswith("zh"):
            return "zh_TW"
        if name.lower().startswith("en"):
            return "en"
    return "en"


def qm_path(lang: str) -> Path | None:
    node = resource("i18n", f"threadgist_{lang}.qm")
    return Path(str(node)) if node.is_file() else None


def qt_translation_dirs() -> list[str]:
    """Where Qt's own catalogues are: Qt's configured folder, then PySide6's (a frozen
    or relocated Qt may point elsewhere)."""
    import PySide6

    here = Path(PySide6.__file__).parent
    return [
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        str(here / "Qt" / "translations"),
        str(here / "translations"),
    ]


class Translations:
    """Keeps the installed translators alive (Qt does not own them). Translators belong
    to the application, not to a window: use :func:`app_translations`, so that a window
    that is closed (or not yet collected) cannot leave its language behind."""

    def __init__(self) -> None:
        self.current = "en"
        self._installed: list[QTranslator] = []

    def apply(self, ui_lang: str) -> str:
        app = QCoreApplication.instance()
        lang = resolve(ui_lang)
        for translator in self._installed:
            QCoreApplication.removeTranslator(translator)
        self._installed = []
        if lang != "en" and app is not None:
            ours = QTranslator()
            path = qm_path(lang)
            if path is not None and ours.load(str(path)):
                self._installed.append(ours)
            qt_translator = QTranslator()  # Qt's own dialogs (the file dialog, the buttons)
            if any(qt_translator.load(f"qtbase_{lang}", folder) for folder in qt_translation_dirs()):
                self._installed.append(qt_translator)
            for translator in self._installed:
                QCoreApplication.installTranslator(translator)
        self.current = lang
        return lang


_APP_TRANSLATIONS: Translations | None = None


def app_translations() -> Translations:
    """The application's one set of installed translators."""
    global _APP_TRANSLATIONS
    if _APP_TRANSLATIONS is None:
        _APP_TRANSLATIONS = Translations()
    return _APP_TRANSLATIONS


class _Retranslator(QObject):
    """Calls ``retranslate`` whenever its widget receives a LanguageChange event."""

    def __init__(self, widget: QWidget, retranslate: Callable[[], None]) -> None:
        super().__init__(widget)
        self._retranslate = retranslate
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        return False


def tr(text: str) -> str:
    """A free function's translation (lupdate files free ``tr()`` calls under the context
    ""); widgets use their own ``self.tr``."""
    return QCoreApplication.translate("", text)


def follow_language(widget: QWidget, retranslate: Callable[[], None]) -> None:
    """Set the widget's texts now and again after every UI language switch."""
    _Retranslator(widget, retranslate)
    retranslate()


def say(text: Text | None) -> str:
    """The core's words in the interface's language: a message's template translated
    (context "core"; the templates are listed for lupdate in core_texts.py), its
    parameters — names, numbers, a server's or a model's words — filled in as they are.
    Plain text (data) is shown as it is."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.render(lambda template: QCoreApplication.translate("core", template))


def catalog_text(text: str) -> str:
    """A text of the shipped model catalog (its "good_for" and "languages") in the
    interface's language; a catalog of one's own (THREADGIST_CATALOG) shows its own."""
    return QCoreApplication.translate("catalog", text)


def endpoint_label(name: str) -> str:
    """An endpoint profile's name as shown: the built-in engine's own profile is named in
    English in the core ("Built-in (local)"), shown in the interface's language."""
    return preset_label("builtin", name) if name == "Built-in (local)" else name


def model_label(model: str) -> str:
    """A model as the plan names it: the built-in engine's own name for the model it runs
    ("local") in the interface's language."""
    return QCoreApplication.translate("presets", "local model") if model == "local" else model


def preset_label(preset_id: str, english: str) -> str:
    """An endpoint kind's name in the interface's language (the presets are named in
    English in the Qt-free core)."""
    names = {
        "builtin": QCoreApplication.translate("presets", "Built-in (local)"),
        "custom": QCoreApplication.translate("presets", "Custom (OpenAI-compatible)"),
        "azure-v1": QCoreApplication.translate("presets", "Azure OpenAI (v1)"),
        "azure-classic": QCoreApplication.translate("presets", "Azure OpenAI (classic)"),
        "llamacpp": QCoreApplication.translate("presets", "llama.cpp server"),
    }
    return names.get(preset_id, english)


def without_mnemonic(text: str) -> str:
    """A menu entry's words for a toolbar button or a tooltip: no "&", and no "(&S)" that
    a Chinese translation adds for its mnemonic ("&&" stays one "&")."""
    text = re.sub(r"\s*[(（]&[^&\s][)）]", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")

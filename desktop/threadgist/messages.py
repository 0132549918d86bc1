"""Words for people from the Qt-free core, as data: an English template with named
parameters. ``str()`` gives the English text (the command line, the log, JSON files);
the GUI translates the template through Qt's translator (context "core",
``threadgist.gui.i18n.say``) and then fills in the parameters, so that a 繁體中文 window
shows none of the core's English.

The rules, checked by ``tools/core_texts.py`` (which lists the templates for the
translators in ``threadgist/gui/core_texts.py``) and its test:

- a template is a string literal at the call of :func:`msg`, never built at run time;
- it names its parameters in braces, ``{name}``, with an optional format spec
  (``{count:,}``); a literal brace is written ``{{`` or ``}}``; the call passes exactly
  the parameters the template names;
- parameters are data — names, numbers, file names, a server's or a model's words — and
  are never translated, except a parameter that is itself a Message.

Every layer may import this module (it imports nothing of the project).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

#: what a parameter may be: data shown as it is, or a message translated in its turn
Param: TypeAlias = "str | int | float | Message"
#: the Qt translator's view of a template: English in, the interface's language out
Translate = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Message:
    """A template (English, literal at its :func:`msg` call) and its parameters."""

    template: str
    params: tuple[tuple[str, Param], ...] = ()

    def __str__(self) -> str:
        return self.render()

    def render(self, translate: Translate | None = None) -> str:
        """The text: the template translated by ``translate`` (None: English), the
        parameters filled in. A translation whose placeholders do not match its template
        falls back to the English text rather than fail."""
        values = {k: v.render(translate) if isinstance(v, Message) else v for k, v in self.params}
        if translate is not None:
            translated = translate(self.template)
            if translated and translated != self.template:
                try:
                    return translated.format_map(values)
                except (KeyError, IndexError, ValueError, AttributeError):
                    pass
        return self.template.format_map(values)

    @property
    def args(self) -> dict[str, Param]:
        return dict(self.params)

    def to_json(self) -> dict[str, Any]:
        return {
            "template": self.template,
            "params": {k: v.to_json() if isinstance(v, Message) else v for k, v in self.params},
        }

    @classmethod
    def from_json(cls, doc: Any) -> Message | None:
        """The message :meth:`to_json` wrote, or None for anything else."""
        if not isinstance(doc, dict) or not isinstance(doc.get("template"), str):
            return None
        raw = doc.get("params")
        params: list[tuple[str, Param]] = []
        for name, given in raw.items() if isinstance(raw, dict) else ():
            value: Param | None = (
                cls.from_json(given)
                if isinstance(given, dict)
                else given
                if isinstance(given, str | int | float)
                else None
            )
            if not isinstance(name, str) or value is None:
                return None
            params.append((name, value))
        return cls(doc["template"], tuple(params))


def msg(template: str, /, **params: Param) -> Message:
    """A message: ``template`` must be a string literal (see the module's rules)."""
    return Message(template, tuple(params.items()))


#: text for people: plain text (data, shown as it is) or a message
Text: TypeAlias = "str | Message"


def text_to_json(value: Text) -> dict[str, Any] | str:
    return value.to_json() if isinstance(value, Message) else value


def text_from_json(doc: Any) -> Text:
    return Message.from_json(doc) or (doc if isinstance(doc, str) else str(doc))

"""Text from a thread, a server or a model made safe to put in a prompt: it cannot close
one of our data blocks (``</comments>``) nor end the chat turn with a special token
(``<|im_end|>``, ``<end_of_turn>``, ``<｜User｜>``, ``[/INST]``), however it is spelt.

Matching is done on a folded copy of the text: invisible (default-ignorable) characters
dropped, then each character folded to what it looks like (NFKC: ``＜`` is ``<``; Cyrillic
and Greek letters that look Latin are Latin), with case ignored. Only the matched spans
change in the text the model reads: their opening bracket becomes a look-alike that is
not one (``‹`` for ``<``, ``⁅`` for ``[``); Chinese and every other text, invisible
characters included, stays as written (a quote the model copies must match the comment).
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterable

from ..bundled import resource

DEFUSED_ANGLE = "\u2039"  # ‹
DEFUSED_SQUARE = "\u2045"  # ⁅

#: Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties.txt): characters that
#: show nothing, so that "</com\u200bments>" reads as a delimiter
_IGNORABLE_RE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
#: look-alikes NFKC leaves alone, in pairs (character, what it looks like): Cyrillic,
#: Greek, Armenian and IPA letters, and brackets, slashes and bars. Not ‹ and ⁅ (what a
#: defused bracket becomes) and not 〈〉 (Chinese book-title marks).
_LOOKALIKES = (
    "\u0430a\u0435e\u043eo\u0440p\u0441c\u0443y\u0445x\u0456i\u0458j\u0455s\u0501d\u04bbh\u04cfl"
    "\u051bq\u051dw\u0410A\u0412B\u0415E\u041aK\u041cM\u041dH\u041eO\u0420P\u0421C\u0422T\u0425X"
    "\u0406I\u0408J\u0405S\u03bfo\u03b1a\u03b9i\u03bak\u03bdv\u03c1p\u03c4t\u03c5u\u03f2c\u0391A"
    "\u0392B\u0395E\u0396Z\u0397H\u0399I\u039aK\u039cM\u039dN\u039fO\u03a1P\u03a4T\u03a5Y\u03a7X"
    "\u0585o\u057du\u0578n\u0131i\u0251a\u0261g"
    "\u02c2<\u1438<\u276e<\u27e8<\u02c3>\u1433>\u276f>\u27e9>\u203a>"
    "\u2215/\u2044/\u29f8/\u2571/\u01c0|\u2223|\u2502|\u23d0|\u2758|"
)
#: a delimiter name that is ours although no template uses it yet
_EXTRA_NAMES = ("thread",)
_TOKEN_FILE = "special_tokens.txt"
#: the characters the patterns below match on (a fullwidth comma need not be folded; a
#: space need not either: \s matches every one)
_PATTERN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<>[]/|_")


def _fold_table() -> dict[int, str]:
    """One character for one: each that NFKC turns into one character the patterns look
    for, and the look-alikes (the folded text keeps the positions of the text)."""
    table: dict[int, str] = {}
    for code in itertools.chain(range(0xA0, 0xD800), range(0xE000, 0x10000), range(0x1D400, 0x1D800)):
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) == 1 and folded in _PATTERN_CHARS and folded != char:
            table[code] = folded
    pairs = iter(_LOOKALIKES)
    table.update((ord(char), like) for char, like in zip(pairs, pairs, strict=True))
    return table


def _class_source(codes: Iterable[int]) -> str:
    """A character class of ``codes``, as ranges (a long list of single characters
    beyond the BMP makes the regex engine test each one in turn)."""
    ranges: list[list[int]] = []
    for code in sorted(set(codes)):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]"


def delimiter_names() -> list[str]:
    """The tag names our prompt templates use (``article``, ``comments``, ``partials``)."""
    names: set[str] = set(_EXTRA_NAMES)
    for path in resource("prompts").glob("*.txt"):
        if path.name != _TOKEN_FILE:
            names.update(re.findall(r"</?([A-Za-z_]+)>", path.read_text(encoding="utf-8")))
    return sorted(names)


def special_tokens() -> list[str]:
    """The listed chat-template special tokens (resources/prompts/special_tokens.txt)."""
    lines = resource("prompts", _TOKEN_FILE).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _token_names() -> tuple[frozenset[str], frozenset[str], list[str]]:
    """The listed tokens by shape: names of ``<name>`` and ``[NAME]`` tokens (lower
    case), and the rest, escaped (those of the generic shapes are left out)."""
    angle: set[str] = set()
    square: set[str] = set()
    literal: list[str] = []
    for token in special_tokens():
        folded = token.translate(_FOLD_TABLE)
        if re.fullmatch(r"<\|[^|<>]+\|>|<+/?[a-z0-9]*(?:[_\u2581][a-z0-9]+)+>+", folded, re.I):
            continue  # the generic <|…|> and <snake_case> shapes below
        if named := re.fullmatch(r"<+/?([a-z0-9]+)>+", folded, re.I):
            angle.add(named.group(1).lower())
        elif named := re.fullmatch(r"\[/?([a-z0-9_]+)\]", folded, re.I):
            square.add(named.group(1).lower())
        else:
            literal.append(re.escape(folded))
    return frozenset(angle), frozenset(square), literal


def _pattern_source(literal: list[str]) -> str:
    stems = sorted({name.lower().removesuffix("s") for name in delimiter_names()})
    angle_shapes = [
        # our delimiters, also without ">", with attributes, spaces or a plural "s" less
        r"\s*+/?\s*+(?:" + "|".join(re.escape(stem) for stem in stems) + r")s?(?![a-z0-9_])",
        r"\s*+\|[^|<>\n]{0,64}\|\s*+>",  # ChatML, Llama 3, Phi, DeepSeek (<｜…｜> folded)
        r"\s*+/?[a-z][a-z0-9]*+(?:[_\u2581][a-z0-9]++)++\s*+>",  # <start_of_turn>-style
        r"\s*+/?\s*+(?P<angle>[a-z][a-z0-9]*+)\s*+>",  # <bos>, <s>, <<SYS>>: a listed name
    ]
    bracketed = r"\[(?=\s*+[/a-z])\s*+/?\s*+(?P<square>[a-z][a-z0-9_]*+)\s*+\]"  # [INST], [TOOL_CALLS]
    # one literal first character per branch: the engine skips to the next "<" or "[";
    # the lookahead makes "<<<<" fail at once
    return "|".join([r"<(?=\s*+[/|a-z])(?:" + "|".join(angle_shapes) + ")", bracketed, *literal])


_FOLD_TABLE = _fold_table()
#: any character the fold changes
_FOLDABLE_RE = re.compile(_class_source(_FOLD_TABLE))
#: any character that folds to < or [: where a match can start
_OPENERS_RE = re.compile(
    _class_source([ord("<"), ord("["), *(c for c, like in _FOLD_TABLE.items() if like in "<[")])
)
_ANGLE_NAMES, _SQUARE_NAMES, _LITERAL = _token_names()
#: every shape, on folded text
_SHAPES_RE = re.compile(_pattern_source(_LITERAL), re.I)
_UPPER_SNAKE_RE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")  # [TOOL_CALLS]-style tokens


def _defuses(match: re.Match[str]) -> bool:
    """A generic ``<name>`` or ``[NAME]`` shape counts when the name is a listed token's."""
    if (name := match.group("angle")) is not None:
        return name.lower() in _ANGLE_NAMES
    if (name := match.group("square")) is not None:
        return name.lower() in _SQUARE_NAMES or _UPPER_SNAKE_RE.fullmatch(name) is not None
    return True


def _fold(text: str) -> str:
    """``text`` folded, character for character (as long as ``text``)."""
    if len(text) > 4096:  # a long text may be dense with them: one pass in C
        return text.translate(_FOLD_TABLE)
    return _FOLDABLE_RE.sub(lambda char: _FOLD_TABLE[ord(char.group())], text)


def defuse(text: str) -> str:
    """``text`` with each delimiter or special token in it defused (its opening bracket
    replaced by a look-alike that is not one), and nothing else changed: a quote the
    model copies from it is still the comment's text."""
    if not _OPENERS_RE.search(text):
        return text
    # matched without the invisible characters; each folded position found back in text
    hidden = [match.start() - i for i, match in enumerate(_IGNORABLE_RE.finditer(text))]
    folded = _fold(_IGNORABLE_RE.sub("", text) if hidden else text)
    pieces: list[str] = []
    last = 0
    for match in _SHAPES_RE.finditer(folded):
        if not _defuses(match):
            continue
        start = match.start() + bisect.bisect_right(hidden, match.start())
        pieces += [text[last:start], DEFUSED_SQUARE if text[start] == "[" else DEFUSED_ANGLE]
        last = start + 1
    pieces.append(text[last:])
    return "".join(pieces)

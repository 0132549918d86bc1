"""JSON Schemas the model answers in, and a small validator for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_STR = {"type": "string"}
_INTS = {"type": "array", "items": {"type": "integer"}}
_STRS = {"type": "array", "items": {"type": "string"}}


def _obj(props: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(props),
        "properties": props,
    }


@dataclass(frozen=True)
class Limits:
    """Length limits for small local models (llama.cpp turns them into grammar rules),
    so that an answer always ends within the output reserve instead of looping."""

    summary: int
    title: int
    text: int
    items: int
    floors: int
    quote: int


def limits_for(reserve: int, tokens_per_char: float = 2.5) -> Limits:
    """Limits for an answer of at most ``reserve`` tokens; CJK text can cost a small
    model's tokenizer 2–3 tokens per character."""
    chars = int(reserve * 0.6 / tokens_per_char)
    return Limits(
        summary=max(30, chars * 30 // 100),
        title=max(8, min(30, chars // 12)),
        text=max(16, min(200, chars * 15 // 100)),
        items=max(1, min(8, chars // 80)),
        floors=max(6, min(80, chars // 8)),
        quote=max(12, min(40, chars // 6)),
    )


def _s(max_length: int | None) -> dict[str, Any]:
    return {"type": "string", "maxLength": max_length} if max_length else dict(_STR)


def _a(items: dict[str, Any], max_items: int | None) -> dict[str, Any]:
    return (
        {"type": "array", "items": items, "maxItems": max_items}
        if max_items
        else {"type": "array", "items": items}
    )


def partial_schema(limits: Limits | None = None) -> dict[str, Any]:
    """A digest of (part of) a thread, citing floors: single calls and map calls."""
    return _obj(
        {
            "summary": _s(limits.summary if limits else None),
            "viewpoints": _a(
                _obj(
                    {
                        "title": _s(limits.title if limits else None),
                        "statement": _s(limits.text if limits else None),
                        "floors": _a({"type": "integer"}, (limits.floors if limits else None)),
                        "quotes": _a(
                            _obj(
                                {"floor": {"type": "integer"}, "text": _s(limits.quote if limits else None)}
                            ),
                            (2 if limits else None),
                        ),
                    }
                ),
                (limits.items if limits else None),
            ),
            "off_topic": _a(
                _obj(
                    {
                        "title": _s(limits.title if limits else None),
                        "description": _s(limits.text if limits else None),
                        "floors": _a({"type": "integer"}, (limits.floors if limits else None)),
                    }
                ),
                (limits.items if limits else None),
            ),
        }
    )


def reduce_schema(limits: Limits | None = None, max_sources: int = 24) -> dict[str, Any]:
    """Merging partial results: groups refer to partial items by id (V3, D2)."""
    return _obj(
        {
            "summary": _s(limits.summary if limits else None),
            "viewpoints": _a(
                _obj(
                    {
                        "title": _s(limits.title if limits else None),
                        "statement": _s(limits.text if limits else None),
                        "sources": _a(_s(8 if limits else None), (max(1, max_sources) if limits else None)),
                    }
                ),
                (limits.items if limits else None),
            ),
            "off_topic": _a(
                _obj(
                    {
                        "title": _s(limits.title if limits else None),
                        "description": _s(limits.text if limits else None),
                        "sources": _a(_s(8 if limits else None), (max(1, max_sources) if limits else None)),
                    }
                ),
                (limits.items if limits else None),
            ),
        }
    )


#: the longest statement or description the compact grammar lets a small local model
#: write, in characters: the prompt asks for one short sentence of at most 20 words or 30
#: Chinese characters, and 20 English words run to ~130 characters
COMPACT_STATEMENT_CHARS = 140


def compact_schema(limits: Limits | None = None) -> dict[str, Any]:
    """The compact answer (digest/forms.py): floors as one string of ranges ("12-18,25"),
    no quotes (the app picks them), and a short statement or description only where the
    title needs one (a digression's title alone tended to turn a joke about the article's
    subject into a viewpoint: benchmarks/results/answer-forms.md)."""
    statement = _s(min(limits.text, COMPACT_STATEMENT_CHARS) if limits else None)
    floors = _s(limits.floors * 4 if limits else None)
    title = _s(limits.title if limits else None)
    items = limits.items if limits else None
    return _obj(
        {
            "summary": _s(limits.summary if limits else None),
            "viewpoints": _a(_obj({"title": title, "statement": statement, "floors": floors}), items),
            "off_topic": _a(_obj({"title": title, "description": statement, "floors": floors}), items),
        }
    )


def assign_schema(max_items: int | None = None) -> dict[str, Any]:
    """Placing partial items a merge left out: each item id with a merged group's id
    (G2) or "none"."""
    return _obj(
        {
            "placements": _a(
                _obj({"id": _s(8 if max_items else None), "group": _s(8 if max_items else None)}),
                max_items,
            )
        }
    )


def condense_schema(max_chars: int = 0) -> dict[str, Any]:
    return _obj({"condensed": _s(max_chars or None)})


def validate(doc: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    """Problems with ``doc`` against our (simple) schemas; [] when valid. Length
    limits are not enforced here (they only steer generation)."""
    kind = schema.get("type")
    if kind == "object":
        if not isinstance(doc, dict):
            return [f"{path} must be an object"]
        problems = [f"{path}.{key} is missing" for key in schema["required"] if key not in doc]
        for key, sub in schema["properties"].items():
            if key in doc:
                problems += validate(doc[key], sub, f"{path}.{key}")
        return problems
    if kind == "array":
        if not isinstance(doc, list):
            return [f"{path} must be an array"]
        problems = []
        for i, item in enumerate(doc):
            problems += validate(item, schema["items"], f"{path}[{i}]")
            if len(problems) > 10:
                break
        return problems
    if kind == "string":
        return [] if isinstance(doc, str) else [f"{path} must be a string"]
    if kind == "integer":
        valid = isinstance(doc, int) and not isinstance(doc, bool)
        return [] if valid else [f"{path} must be an integer"]
    return []

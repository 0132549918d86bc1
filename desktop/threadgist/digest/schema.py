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


def _s(n: int | None) -> dict[str, Any]:
    return {"type": "string", "maxLength": n} if n else dict(_STR)


def _a(items: dict[str, Any], n: int | None) -> dict[str, Any]:
    return {"type": "array", "items": items, "maxItems": n} if n else {"type": "array", "items": items}


def partial_schema(limits: Limits | None = None) -> dict[str, Any]:
    """A digest of (part of) a thread, citing floors: single calls and map calls."""
    L = limits
    return _obj(
        {
            "summary": _s(L.summary if L else None),
            "viewpoints": _a(
                _obj(
                    {
                        "title": _s(L.title if L else None),
                        "statement": _s(L.text if L else None),
                        "floors": _a({"type": "integer"}, (L.floors if L else None)),
                        "quotes": _a(
                            _obj({"floor": {"type": "integer"}, "text": _s(L.quote if L else None)}),
                            (2 if L else None),
                        ),
                    }
                ),
                (L.items if L else None),
            ),
            "off_topic": _a(
                _obj(
                    {
                        "title": _s(L.title if L else None),
                        "description": _s(L.text if L else None),
                        "floors": _a({"type": "integer"}, (L.floors if L else None)),
                    }
                ),
                (L.items if L else None),
            ),
        }
    )


def reduce_schema(limits: Limits | None = None, max_sources: int = 24) -> dict[str, Any]:
    """Merging partial results: groups refer to partial items by id (V3, D2)."""
    L = limits
    return _obj(
        {
            "summary": _s(L.summary if L else None),
            "viewpoints": _a(
                _obj(
                    {
                        "title": _s(L.title if L else None),
                        "statement": _s(L.text if L else None),
                        "sources": _a(_s(8 if L else None), (max(1, max_sources) if L else None)),
                    }
                ),
                (L.items if L else None),
            ),
            "off_topic": _a(
                _obj(
                    {
                        "title": _s(L.title if L else None),
                        "description": _s(L.text if L else None),
                        "sources": _a(_s(8 if L else None), (max(1, max_sources) if L else None)),
                    }
                ),
                (L.items if L else None),
            ),
        }
    )


def condense_schema(max_chars: int = 0) -> dict[str, Any]:
    return _obj({"condensed": _s(max_chars or None)})


def validate(doc: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    """Problems with ``doc`` against our (simple) schemas; [] when valid. Length
    limits are not enforced here (they only steer generation)."""
    t = schema.get("type")
    if t == "object":
        if not isinstance(doc, dict):
            return [f"{path} must be an object"]
        problems = [f"{path}.{k} is missing" for k in schema["required"] if k not in doc]
        for k, sub in schema["properties"].items():
            if k in doc:
                problems += validate(doc[k], sub, f"{path}.{k}")
        return problems
    if t == "array":
        if not isinstance(doc, list):
            return [f"{path} must be an array"]
        problems = []
        for i, item in enumerate(doc):
            problems += validate(item, schema["items"], f"{path}[{i}]")
            if len(problems) > 10:
                break
        return problems
    if t == "string":
        return [] if isinstance(doc, str) else [f"{path} must be a string"]
    if t == "integer":
        ok = isinstance(doc, int) and not isinstance(doc, bool)
        return [] if ok else [f"{path} must be an integer"]
    return []

"""The shape a cached digest document must have to be served (store/cache.py): a row
that is not JSON, not an object, or whose fields are missing or of the wrong type is
a damaged row, dropped as a cache miss, rather than a crash of every later run.

This mirrors what ``Digest.from_json`` (digest/model.py) reads; tests/test_cache_damage.py
checks that the two agree (the fields of ``Usage``, ``Quote``, ``GroupStats``, ``Reason``
and real digests' JSON)."""

from __future__ import annotations

import json
from collections.abc import Callable

#: the fields of a viewpoint's quote, of a group's stats, of the usage and of a reason
QUOTE_FIELDS: dict[str, type] = {"floor": int, "text": str, "author": str}
STATS_FIELDS: dict[str, type] = {
    "comments": int,
    "users": int,
    "push": int,
    "boo": int,
    "arrow": int,
    "share": float,
}
USAGE_FIELDS: dict[str, type] = {
    "prompt_tokens": int,
    "completion_tokens": int,
    "calls": int,
    "map_calls": int,
    "reduce_calls": int,
    "estimated": bool,
    "run_calls": int,
    "run_prompt_tokens": int,
    "run_completion_tokens": int,
    "uncounted_parts": int,
}
REASON_FIELDS: dict[str, type] = {"code": str, "detail": str, "figures": list}
#: fields that may be absent or null
OPTIONAL = {"author", "run_calls", "run_prompt_tokens", "run_completion_tokens", "figures"}


class BadRow(ValueError):
    """What is wrong with a row (a few words, for the user)."""


def parse_digest(text: object) -> dict[str, object]:
    """The digest document of a ``digest_json`` cell; :class:`BadRow` when it is damaged."""
    doc = parse_object(text)
    _check_digest(doc)
    return doc


def parse_object(text: object) -> dict[str, object]:
    """A JSON object from a cell; :class:`BadRow` when it is not one."""
    if not isinstance(text, str | bytes):
        raise BadRow("not text")
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        raise BadRow("not JSON") from None
    if not isinstance(doc, dict):
        raise BadRow("not a JSON object")
    return doc


def _is(value: object, kind: type) -> bool:
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def _need(doc: dict[str, object], name: str, kind: type) -> object:
    value = doc.get(name)
    if not _is(value, kind):
        raise BadRow(f"“{name}” is missing or not {kind.__name__}")
    return value


def _record(value: object, spec: dict[str, type], what: str) -> None:
    """An object with only the fields of ``spec``, each of its type (or absent/null when
    optional)."""
    if not isinstance(value, dict):
        raise BadRow(f"{what} is not an object")
    for name, field_value in value.items():
        kind = spec.get(name)
        if kind is None:
            raise BadRow(f"{what} has an unknown field “{name}”")
        if not (field_value is None and name in OPTIONAL) and not _is(field_value, kind):
            raise BadRow(f"{what}: “{name}” is not {kind.__name__}")
    missing = [
        name for name in spec if name not in value and name not in OPTIONAL and spec is not USAGE_FIELDS
    ]
    if missing:
        raise BadRow(f"{what} lacks “{missing[0]}”")


def _list_of(value: object, check: Callable[[object], None], what: str) -> None:
    if not isinstance(value, list):
        raise BadRow(f"“{what}” is not a list")
    for item in value:
        check(item)


def _floors(value: object) -> None:
    if not isinstance(value, list) or not all(_is(floor, int) for floor in value):
        raise BadRow("floors are not a list of numbers")


def _group(value: object, text_field: str) -> None:
    if not isinstance(value, dict):
        raise BadRow("a group is not an object")
    _need(value, "title", str)
    _need(value, text_field, str)
    _floors(value.get("floors"))
    if value.get("stats") is not None:
        _record(value["stats"], STATS_FIELDS, "a group's stats")
    if text_field == "statement":
        _list_of(value.get("quotes"), lambda quote: _record(quote, QUOTE_FIELDS, "a quote"), "quotes")
        authors = value.get("authors", [])
        if not isinstance(authors, list) or not all(isinstance(author, str) for author in authors):
            raise BadRow("a viewpoint's authors are not a list of names")


def _removed(value: object) -> None:
    if not isinstance(value, dict):
        raise BadRow("a removed citation is not an object")
    for name in ("kind", "where", "text", "reason"):
        _need(value, name, str)
    if value.get("floor") is not None:
        _need(value, "floor", int)


def _numbers(value: object, kind: type, what: str) -> None:
    if not isinstance(value, dict) or not all(_is(number, kind) for number in value.values()):
        raise BadRow(f"“{what}” is not an object of numbers")


def _check_digest(doc: dict[str, object]) -> None:
    _need(doc, "summary", str)
    _list_of(doc.get("viewpoints"), lambda group: _group(group, "statement"), "viewpoints")
    _list_of(doc.get("off_topic"), lambda group: _group(group, "description"), "off_topic")
    _numbers(doc.get("totals"), int, "totals")
    _numbers(doc.get("shares"), float, "shares")
    verification = doc.get("verification")
    if not isinstance(verification, dict):
        raise BadRow("“verification” is not an object")
    _need(verification, "checked", int)
    _list_of(verification.get("removed"), _removed, "removed")
    for name in ("quotes_given", "quotes_kept", "settled"):
        if name in verification:
            _need(verification, name, int)
    _record(doc.get("usage"), USAGE_FIELDS, "“usage”")
    warnings = doc.get("warnings", [])
    if not isinstance(warnings, list) or not all(isinstance(warning, str) for warning in warnings):
        raise BadRow("“warnings” is not a list of text")
    reliability = doc.get("reliability")
    if isinstance(reliability, dict):
        if "level" in reliability:
            _need(reliability, "level", str)
        _list_of(
            reliability.get("reasons", []),
            lambda reason: _record(reason, REASON_FIELDS, "a reliability reason"),
            "reasons",
        )

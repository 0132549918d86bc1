"""Tolerant extraction of one JSON object from a model's answer."""

from __future__ import annotations

import json
import re
from typing import Any

_THINK_RE = re.compile(r"<think>.*?(?:</think>|\Z)", re.S | re.I)
# "\s*+": the spaces after the fence are read once (each one given back made ".*?" look
# for the closing fence again: quadratic time on an unclosed fence)
_FENCE_RE = re.compile(r"```(?:json|JSON)?\s*+(.*?)```", re.S)


def extract_json(text: str) -> tuple[Any, str | None]:
    """(document, None) or (None, what is wrong). Strips ``<think>`` blocks (also an
    unterminated one), code fences and prose around the object."""
    answer = _THINK_RE.sub("", text).strip()
    fence = _FENCE_RE.search(answer)
    if fence:
        answer = fence.group(1).strip()
    if not answer:
        return None, "the answer was empty"
    try:
        return json.loads(answer), None
    except json.JSONDecodeError:
        pass
    except RecursionError:  # "[[[[…" thousands deep: no answer of ours nests like that
        return None, "the JSON is nested too deeply"
    start = answer.find("{")
    if start < 0:
        return None, "the answer contains no JSON object"
    decoder = json.JSONDecoder()
    try:
        obj, _ = decoder.raw_decode(answer[start:])
        return obj, None
    except json.JSONDecodeError as e:
        return None, f"the JSON is invalid or cut off ({e.msg} at character {e.pos})"
    except RecursionError:
        return None, "the JSON is nested too deeply"

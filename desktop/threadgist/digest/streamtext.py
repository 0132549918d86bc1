"""Read the ``summary`` field out of a JSON answer while it is still streaming."""

from __future__ import annotations

import json
import re

_START_RE = re.compile(r'"summary"\s*:\s*"')


def partial_summary(prefix: str) -> str:
    return summary_state(prefix)[0]


def summary_state(prefix: str) -> tuple[str, bool]:
    """(the summary so far, whether its closing quote has arrived)."""
    m = _START_RE.search(prefix)
    if not m:
        return "", False
    i = m.end()
    out: list[str] = []
    while i < len(prefix):
        ch = prefix[i]
        if ch == '"':
            return "".join(out), True
        if ch == "\\":
            esc = prefix[i : i + 6] if prefix[i + 1 : i + 2] == "u" else prefix[i : i + 2]
            if len(esc) < 2 or (esc[1] == "u" and len(esc) < 6):
                return "".join(out), False  # incomplete escape: wait for more text
            try:
                out.append(json.loads(f'"{esc}"'))
            except json.JSONDecodeError:
                out.append(esc)
            i += len(esc)
            continue
        out.append(ch)
        i += 1
    return "".join(out), False

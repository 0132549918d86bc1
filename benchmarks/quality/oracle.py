"""The ceiling: answers to Threadgist's prompts computed from a thread's hand labels.

Served by the scripted server (tests/fakeserver.py), it answers the single, map and reduce
prompts exactly as a perfect model would: every comment line of the prompt in its labelled
group, the labelled quotes, the hand-written summary. Its score is the best the pipeline,
the grounding and the scorer allow, so it also proves the scorer: anything below 1.0 is
lost by the app's own mechanics, not by a model.
"""

from __future__ import annotations

import re
from typing import Any

from threadgist.digest.labels import DIGRESSION, LabelledThread

_LINE_RE = re.compile(r"^(\d+)(?:-(\d+))?\D")
_ITEM_RE = re.compile(r"^([VD]\d+) \[\d+\] (.*?) — ", re.M)
_GROUP_RE = re.compile(r"^(\d+)\. \[(?:viewpoint|digression)\] (.*)$", re.M)
_TOPIC_RE = re.compile(r"^(\d+)\. \[(?:on|off) topic\] (.*?): ", re.M)


def floors_in(block: str) -> list[int]:
    """The floors of every comment line in a prompt's comment block."""
    out: list[int] = []
    for line in block.splitlines():
        m = _LINE_RE.match(line.strip())
        if m:
            first = int(m.group(1))
            last = int(m.group(2) or first)
            out.extend(range(first, last + 1))
    return out


def _between(text: str, tag: str) -> str | None:
    start = text.find(f"<{tag}>")
    end = text.rfind(f"</{tag}>")
    return text[start + len(tag) + 2 : end] if 0 <= start < end else None


def answer(lt: LabelledThread, messages: list[dict[str, str]]) -> dict[str, Any]:
    user = messages[-1]["content"] if messages else ""
    if user.startswith("Step 1 of 3"):  # the staged pipeline: topics
        return {
            "topics": [
                {"title": g.title, "description": g.text, "kind": "off" if g.kind == DIGRESSION else "on"}
                for g in lt.groups
            ]
        }
    if user.startswith("Step 2 of 3"):  # … every comment line into one topic
        numbers = {title: int(n) for n, title in _TOPIC_RE.findall(user)}
        block = _between(user, "comments") or ""
        out: dict[str, Any] = {}
        for line in block.splitlines():
            m = _LINE_RE.match(line.strip())
            if m:
                gid = lt.lines.get(int(m.group(1)))
                out[m.group(1)] = numbers.get(lt.group(gid).title, 0) if gid else 0
        return out
    if user.startswith("Step 3 of 3"):  # … and the summary
        return {"summary": lt.summary}
    if user.startswith("A long thread was read in parts"):  # every comment into the merged groups
        return _sort(lt, user)
    partials = _between(user, "partials")
    if partials is not None:
        return _reduce(lt, partials)
    block = _between(user, "comments")
    if block is None:
        return {"condensed": lt.topic or lt.summary}
    whole = "This part holds floors" not in user
    return _partial(lt, floors_in(block), whole)


def _sort(lt: LabelledThread, user: str) -> dict[str, Any]:
    listed = _GROUP_RE.findall(user.split("<article>", 1)[0])
    number = {
        g.id: int(n)
        for g in lt.groups
        for n, rest in listed
        if rest.startswith(g.title + ": ") or rest == g.title
    }
    out: dict[str, Any] = {}
    for line in (_between(user, "comments") or "").splitlines():
        m = _LINE_RE.match(line.strip())
        if m:
            gid = lt.lines.get(int(m.group(1)))
            out[m.group(1)] = number.get(gid, 0) if gid else 0
    return out


def _partial(lt: LabelledThread, floors: list[int], whole: bool) -> dict[str, Any]:
    present = set(floors)
    viewpoints: list[dict[str, Any]] = []
    off_topic: list[dict[str, Any]] = []
    for g in lt.groups:
        mine = [f for f in floors if lt.lines.get(f) == g.id]
        if not mine:
            continue
        if g.kind == DIGRESSION:
            off_topic.append({"title": g.title, "description": g.text, "floors": mine})
            continue
        quotes = [{"floor": q.floor, "text": q.text} for q in g.quotes if q.floor in present]
        if not quotes:
            c = lt.thread.comment(mine[0])
            if c is not None and c.text.strip():
                quotes = [{"floor": mine[0], "text": c.text.strip()[:12]}]
        viewpoints.append({"title": g.title, "statement": g.text, "floors": mine, "quotes": quotes})
    summary = (
        lt.summary
        if whole
        else (
            f"本段有 {len(floors)} 則留言。"
            if lt.lang == "zh-TW"
            else f"This part has {len(floors)} comments."
        )
    )
    return {"summary": summary, "viewpoints": viewpoints, "off_topic": off_topic}


def _reduce(lt: LabelledThread, partials: str) -> dict[str, Any]:
    by_title: dict[str, list[str]] = {}
    for item_id, title in _ITEM_RE.findall(partials):
        by_title.setdefault(title.strip(), []).append(item_id)
    viewpoints: list[dict[str, Any]] = []
    off_topic: list[dict[str, Any]] = []
    for g in lt.groups:
        ids = by_title.get(g.title, [])
        if not ids:
            continue
        if g.kind == DIGRESSION:
            off_topic.append({"title": g.title, "description": g.text, "sources": ids})
        else:
            viewpoints.append({"title": g.title, "statement": g.text, "sources": ids})
    return {"summary": lt.summary, "viewpoints": viewpoints, "off_topic": off_topic}

"""``parse --json`` written as a stream: the same bytes as ``json.dumps`` of
:func:`~.serialize.thread_to_dict` (``ensure_ascii=False``, default separators), built one
comment at a time, so that a big thread never exists twice more in memory (as a dict of
dicts and as one huge string)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import chain
from typing import Any

from .model import Comment, Thread, Utterance

#: what ``json.dumps(obj, ensure_ascii=False)`` uses, made once
_ENCODER = json.JSONEncoder(ensure_ascii=False)
#: items written to the output at once (each write is one string of this many items)
BATCH = 2000

_HEAD_KEYS = ("format", "encoding", "site", "board", "title", "author", "author_nick")


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def comment_dict(comment: Comment) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "floor": comment.floor,
        "tag": comment.tag,
        "author": comment.author,
        "text": comment.text,
        "time": _iso(comment.time),
        "ip": comment.ip,
        "parent": comment.parent,
        "depth": comment.depth,
    }
    if comment.deleted:
        doc["deleted"] = True
    return doc


def utterance_dict(utterance: Utterance) -> dict[str, Any]:
    return {"floors": [utterance.first, utterance.last], "author": utterance.author, "text": utterance.text}


def _array(docs: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON array of ``docs``, in pieces of at most :data:`BATCH` items."""
    encode = _ENCODER.encode
    yield "["
    batch: list[str] = []
    first = True
    for doc in docs:
        batch.append(encode(doc))
        if len(batch) >= BATCH:
            yield ("" if first else ", ") + ", ".join(batch)
            batch.clear()
            first = False
    if batch:
        yield ("" if first else ", ") + ", ".join(batch)
    yield "]"


def head_dict(thread: Thread) -> dict[str, Any]:
    """What a thread's JSON object says before its comments."""
    head = {key: getattr(thread, key) for key in _HEAD_KEYS}
    head["posted_at"] = _iso(thread.posted_at)
    head.update(url=thread.url, ip=thread.ip, body=thread.body)
    return head


def tail_dict(thread: Thread) -> dict[str, Any]:
    """What a thread's JSON object says after its comments and utterances."""
    stats = thread.stats
    return {
        "notes": [
            {"after_floor": note.after_floor, "kind": note.kind, "author": note.author, "text": note.text}
            for note in thread.notes
        ],
        "stats": {
            "push": stats.push,
            "boo": stats.boo,
            "arrow": stats.arrow,
            "comments": stats.comments,
            "users": stats.users,
        },
        "warnings": [str(warning) for warning in thread.warnings],
    }


def thread_pieces(thread: Thread) -> Iterator[str]:
    """One thread's JSON object, in pieces."""
    encode = _ENCODER.encode
    yield encode(head_dict(thread))[:-1] + ', "comments": '
    yield from _array(comment_dict(comment) for comment in thread.comments)
    yield ', "utterances": '
    yield from _array(utterance_dict(utterance) for utterance in thread.each_utterance())
    yield ", " + encode(tail_dict(thread))[1:]


def write_threads_json(threads: list[Thread], write: Callable[[str], object]) -> None:
    """``{"threads": [...]}`` and a newline, as ``print(json.dumps(..., ensure_ascii=False))``
    would write them."""
    write('{"threads": [')
    for i, thread in enumerate(threads):
        for piece in chain([", "] if i else [], thread_pieces(thread)):
            write(piece)
    write("]}\n")

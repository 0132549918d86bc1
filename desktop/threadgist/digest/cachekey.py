"""Cache keys: a canonical hash of the thread's content plus what shapes the answer."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..thread.model import Comment, Thread


def _hash(*parts: Any) -> str:
    data = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def _content(thread: Thread, comments: list[Comment]) -> tuple[Any, ...]:
    """What a thread says: its article and ``comments``, whatever file format it came from."""
    return (
        thread.site,
        thread.board,
        thread.title,
        thread.author,
        thread.posted_at,
        thread.body,
        [
            (comment.floor, comment.tag, comment.author, comment.text, comment.time, comment.parent)
            for comment in comments
        ],
    )


def thread_hash(thread: Thread) -> str:
    """Same content → same hash, whatever file format it came from."""
    replies = [(note.after_floor, note.kind, note.text) for note in thread.notes if note.kind == "reply"]
    return _hash_streamed(thread, thread.comments, [replies])


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _hash_streamed(thread: Thread, comments: list[Comment], after: list[Any]) -> str:
    """``_hash(*_content(thread, comments), *after)``, fed to the hash a batch of comments
    at a time: a big thread is never held again as tuples and one huge string."""
    digest = hashlib.sha256()
    head = _content(thread, [])[:-1]
    digest.update(_dump(list(head))[:-1].encode() + b",[")
    for start in range(0, len(comments), 4096):
        rows = _content(thread, comments[start : start + 4096])[-1]
        digest.update((("," if start else "") + _dump(rows)[1:-1]).encode())
    digest.update(("]" + "".join("," + _dump(part) for part in after) + "]").encode())
    return digest.hexdigest()


#: a run's options that shape its answers (language, pipeline, "what's new" floor)
Options = dict[str, str | int]


def digest_key(thread: str, base_url: str, model: str, prompt_version: str, options: Options) -> str:
    return _hash("digest", thread, base_url.rstrip("/"), model, prompt_version, options)


def scope_key(base_url: str, model: str, prompt_version: str, options: Options) -> str:
    """What shapes every answer of a run apart from the thread: the endpoint, the model,
    the prompts' version and the run's options (language, pipeline)."""
    return _hash("scope", base_url.rstrip("/"), model, prompt_version, options)


def partial_key(scope: str, messages: list[dict[str, str]], shape: Any) -> str:
    """A partial result (one part of a thread, or the condensed article) by its content:
    the exact messages sent and the answer's shape (its schema limits). The same part of
    a thread that has grown since has the same key, whatever the thread's hash."""
    return _hash("partial", scope, messages, shape)


def parts_key(scope: str, thread: Thread, since_floor: int | None) -> str:
    """Where a run records how it cut this thread (its title, board, author and time,
    whatever its comments): a later run, with a thread that has grown or a token count
    calibrated since, cuts it the same way where it can (digest/plan.py: ``hints``)."""
    return _hash(
        "parts", scope, thread.site, thread.board, thread.title, thread.author, thread.posted_at, since_floor
    )


def prefix_hash(thread: Thread, count: int) -> str:
    """The article and the first ``count`` comments: tells whether a later state of the
    thread only added comments after them."""
    return _hash_streamed(thread, thread.comments[:count], [])

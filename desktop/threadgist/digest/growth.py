"""A thread that grows (a live PTT thread gains hundreds of pushes an hour): what an
earlier digest covered, how many comments came since, and the thread of those new
comments alone, for a "what's new" digest beside the whole thread's."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ..store.cache import Cache
from ..thread.model import Comment, Thread
from .cachekey import digest_key, prefix_hash, thread_hash
from .model import Digest


@dataclass(frozen=True)
class Growth:
    """Comments added to a thread since an earlier digest of it."""

    covered: int  # comments the earlier digest read
    last_floor: int  # the last floor it read
    new: int  # comments added since
    since: float  # when the earlier digest was made (seconds since the epoch)
    first_new_floor: int | None  # None when nothing was added

    def text(self) -> str:
        """An English line for logs and the CLI (the GUI words its own)."""
        return f"{self.new} new comment(s) since the digest of {self.covered} comment(s)"


def covered(thread: Thread) -> dict[str, Any]:
    """What a digest of ``thread`` covers, kept in ``meta["covered"]``: the number of
    comments, the last floor, and a hash of the article and those comments."""
    n = len(thread.comments)
    return {"comments": n, "last_floor": thread.comments[-1].floor if n else 0,
            "prefix": prefix_hash(thread, n)}


def _covered_count(thread: Thread, digest: Digest) -> int | None:
    """How many of ``thread``'s first comments ``digest`` read, when it is a digest of an
    earlier state of this thread (its comments are a prefix of this one's); else None."""
    cov = digest.meta.get("covered")
    if isinstance(cov, dict) and isinstance(cov.get("comments"), int):
        n = cov["comments"]
        ok = n <= len(thread.comments) and prefix_hash(thread, n) == cov.get("prefix")
        return n if ok else None
    # a digest made before meta["covered"]: its thread hash, tried on this thread cut short
    n = digest.totals.get("comments")
    old = digest.meta.get("thread", {}).get("hash") if isinstance(digest.meta.get("thread"),
                                                                   dict) else None
    if not isinstance(n, int) or not old or n > len(thread.comments):
        return None
    last = thread.comments[n - 1].floor if n else 0
    cut = dataclasses.replace(thread, comments=thread.comments[:n],
                              notes=[x for x in thread.notes if x.after_floor <= last])
    return n if thread_hash(cut) == old else None


def growth(thread: Thread, digest: Digest) -> Growth | None:
    """The comments ``thread`` gained since ``digest`` was made of an earlier state of it;
    None when ``digest`` is not of this thread or the thread changed otherwise (an edited
    article, a comment removed or reordered)."""
    n = _covered_count(thread, digest)
    if n is None:
        return None
    new = thread.comments[n:]
    created = digest.meta.get("created_at")
    return Growth(covered=n, last_floor=thread.comments[n - 1].floor if n else 0, new=len(new),
                  since=float(created) if isinstance(created, int | float) else 0.0,
                  first_new_floor=new[0].floor if new else None)


def new_comments(thread: Thread, digest: Digest) -> list[Comment] | None:
    """The comments added after those ``digest`` read (None: see :func:`growth`)."""
    n = _covered_count(thread, digest)
    return None if n is None else thread.comments[n:]


def since_thread(thread: Thread, floor: int) -> Thread:
    """The same article with only the comments after ``floor``, which keep their floor
    numbers (citations are checked against them), and the author's notes from ``floor``
    on."""
    return dataclasses.replace(
        thread, comments=[c for c in thread.comments if c.floor > floor],
        notes=[x for x in thread.notes if x.after_floor >= floor],
        warnings=list(thread.warnings))


def previous_digest(cache: Cache, thread: Thread, identity: str, model: str,
                    options: dict[str, Any]) -> Digest | None:
    """The latest whole-thread digest of this thread or an earlier state of it, made with
    this endpoint, model and options (any prompt version), or None."""
    for key, doc in cache.digests_titled(thread.title):
        meta = doc.get("meta", {})
        if meta.get("new_since") is not None or not isinstance(meta.get("thread"), dict):
            continue
        version = str(meta.get("prompt_version", ""))
        if key != digest_key(str(meta["thread"].get("hash", "")), identity, model, version,
                             options):
            continue
        digest = Digest.from_json(doc)
        if _covered_count(thread, digest) is not None:
            return digest
    return None

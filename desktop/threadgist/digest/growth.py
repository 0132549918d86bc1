"""A thread that grows (a live PTT thread gains hundreds of pushes an hour): what an
earlier digest covered, how many comments came since, and the thread of those new
comments alone, for a "what's new" digest beside the whole thread's."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..store.cache import Cache
from ..thread.model import Comment, Thread
from .cachekey import Options, digest_key, prefix_hash, thread_hash
from .meta import Covered, DigestMeta
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


def covered(thread: Thread) -> Covered:
    """What a digest of ``thread`` covers, kept in its meta: the number of comments, the
    last floor, and a hash of the article and those comments."""
    count = len(thread.comments)
    return Covered(count, thread.comments[-1].floor if count else 0, prefix_hash(thread, count))


def _covered_count(thread: Thread, digest: Digest) -> int | None:
    """How many of ``thread``'s first comments ``digest`` read, when it is a digest of an
    earlier state of this thread (its comments are a prefix of this one's); else None."""
    cov = digest.meta.covered
    if cov is not None:
        seen = cov.comments
        same_prefix = seen <= len(thread.comments) and prefix_hash(thread, seen) == cov.prefix
        return seen if same_prefix else None
    # a digest made before meta.covered: its thread hash, tried on this thread cut short
    count = digest.totals.get("comments")
    old = digest.meta.thread.hash
    if not isinstance(count, int) or not old or count > len(thread.comments):
        return None
    seen = count
    last = thread.comments[seen - 1].floor if seen else 0
    cut = dataclasses.replace(
        thread,
        comments=thread.comments[:seen],
        notes=[note for note in thread.notes if note.after_floor <= last],
    )
    return seen if thread_hash(cut) == old else None


def growth(thread: Thread, digest: Digest) -> Growth | None:
    """The comments ``thread`` gained since ``digest`` was made of an earlier state of it;
    None when ``digest`` is not of this thread or the thread changed otherwise (an edited
    article, a comment removed or reordered)."""
    seen = _covered_count(thread, digest)
    if seen is None:
        return None
    new = thread.comments[seen:]
    return Growth(
        covered=seen,
        last_floor=thread.comments[seen - 1].floor if seen else 0,
        new=len(new),
        since=digest.meta.created_at,
        first_new_floor=new[0].floor if new else None,
    )


def new_comments(thread: Thread, digest: Digest) -> list[Comment] | None:
    """The comments added after those ``digest`` read (None: see :func:`growth`)."""
    seen = _covered_count(thread, digest)
    return None if seen is None else thread.comments[seen:]


def since_thread(thread: Thread, floor: int) -> Thread:
    """The same article with only the comments after ``floor``, which keep their floor
    numbers (citations are checked against them), and the author's notes from ``floor``
    on."""
    return dataclasses.replace(
        thread,
        comments=[comment for comment in thread.comments if comment.floor > floor],
        notes=[note for note in thread.notes if note.after_floor >= floor],
        warnings=list(thread.warnings),
    )


def previous_digest(
    cache: Cache, thread: Thread, identity: str, model: str, options: Options
) -> Digest | None:
    """The latest whole-thread digest of this thread or an earlier state of it, made with
    this endpoint, model and options (any prompt version), or None."""
    for key, doc in cache.digests_titled(thread.title):
        meta = DigestMeta.from_json(doc.get("meta"))
        if meta.new_since is not None or not meta.thread.hash:
            continue
        if key != digest_key(meta.thread.hash, identity, model, meta.prompt_version, options):
            continue
        digest = Digest.from_json(doc)
        if _covered_count(thread, digest) is not None:
            return digest
    return None

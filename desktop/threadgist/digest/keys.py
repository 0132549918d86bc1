"""Cache keys: a canonical hash of the thread's content plus what shapes the answer."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..thread.model import Thread


def _h(*parts: Any) -> str:
    data = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def thread_hash(t: Thread) -> str:
    """Same content → same hash, whatever file format it came from."""
    return _h(
        t.site, t.board, t.title, t.author, t.posted_at, t.body,
        [(c.floor, c.tag, c.author, c.text, c.time, c.parent) for c in t.comments],
        [(n.after_floor, n.kind, n.text) for n in t.notes if n.kind == "reply"],
    )


def digest_key(thread: str, base_url: str, model: str, prompt_version: str,
               options: dict[str, Any]) -> str:
    return _h("digest", thread, base_url.rstrip("/"), model, prompt_version, options)


def chunk_key(digest: str, article: str, text: str) -> str:
    return _h("chunk", digest, article, text)

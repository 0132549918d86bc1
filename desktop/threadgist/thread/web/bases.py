"""Where each site is fetched from (:class:`SiteBases`): the real sites by default, a
replay server on 127.0.0.1 in tests, set through ``THREADGIST_*_BASE`` for the command
line's."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SiteBases:
    """Where each site is fetched from, without a trailing slash. Tests point these at a
    replay server on 127.0.0.1."""

    ptt: str = "https://www.ptt.cc"
    reddit: str = "https://www.reddit.com"
    hn_algolia: str = "https://hn.algolia.com/api/v1"
    hn_firebase: str = "https://hacker-news.firebaseio.com/v0"


DEFAULT_BASES = SiteBases()

#: Environment variables that override the bases (for tests of the command line).
BASE_ENV = {
    "ptt": "THREADGIST_PTT_BASE",
    "reddit": "THREADGIST_REDDIT_BASE",
    "hn_algolia": "THREADGIST_HN_ALGOLIA_BASE",
    "hn_firebase": "THREADGIST_HN_FIREBASE_BASE",
}
_ALLOWED_BASE_RE = re.compile(r"^(?:https://[^/\s]+|http://127\.0\.0\.1(?::\d{1,5})?)(?:/\S*)?$")


def allowed_base(value: str) -> bool:
    """True for an https:// address or an http:// one on 127.0.0.1 (a local test server)."""
    return bool(_ALLOWED_BASE_RE.match(value))


def bases_from_env(environ: Mapping[str, str] | None = None) -> SiteBases:
    """The default bases, with the ``THREADGIST_*_BASE`` overrides that are allowed
    (https://, or http://127.0.0.1); other values are ignored."""
    env = os.environ if environ is None else environ
    found: dict[str, str] = {}
    for field_name, var in BASE_ENV.items():
        value = env.get(var, "").strip()
        if value and allowed_base(value):
            found[field_name] = value.rstrip("/")
    return SiteBases(**found)


def firebase_item_url(item_id: int | str, bases: SiteBases = DEFAULT_BASES) -> str:
    return f"{bases.hn_firebase}/item/{item_id}.json"

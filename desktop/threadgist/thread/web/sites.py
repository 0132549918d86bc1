"""What each site needs to hand over one thread: the request (cookie, headers), and for
Reddit and Hacker News a look at the JSON (Reddit's "more" stubs, loaded by
:mod:`.reddit_more`; HN's Algolia tree, with the Firebase API walked item by item when
Algolia fails)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ...messages import Text, msg
from .hn_firebase import fetch_firebase_tree
from .http import FetchCancelled, FetchDeadline, FetchError, Session
from .reddit_more import load_more
from .urls import ThreadUrl, hn_url


@dataclass
class Fetched:
    """The bytes to save for a thread, and what the fetch noticed on the way."""

    url: ThreadUrl  # may differ from the one asked for (an HN comment → its story)
    data: bytes
    warnings: list[Text] = field(default_factory=list)
    not_loaded: int = 0  # comments the site held back (Reddit "more", the HN item cap)


def fetch_thread(url: ThreadUrl, session: Session) -> Fetched:
    if url.site == "ptt":
        return _ptt(url, session)
    if url.site == "reddit":
        return _reddit(url, session)
    return _hn(url, session)


def _ptt(url: ThreadUrl, session: Session) -> Fetched:
    data = session.get(
        url.fetch_url(session.options.bases),
        label=url.canonical,
        site="PTT",
        cookie="over18=1",
        accept="text/html,application/xhtml+xml",
    )
    return Fetched(url, data)


def _reddit(url: ThreadUrl, session: Session) -> Fetched:
    data = session.get(
        url.fetch_url(session.options.bases), label=url.canonical, site="Reddit", accept="application/json"
    )
    doc = _json_or_none(data)
    if doc is None:
        return Fetched(url, data)
    more = load_more(data, doc, url, session)
    return Fetched(url, more.data, more.warnings, more.not_loaded)


def _hn(url: ThreadUrl, session: Session) -> Fetched:
    bases = session.options.bases
    try:
        data = session.get(
            url.fetch_url(bases), label=url.canonical, site="Hacker News", accept="application/json"
        )
        doc = _json_or_none(data)
        if not isinstance(doc, dict) or not isinstance(doc.get("children"), list):
            raise FetchError("bad_response", msg("Algolia did not send an item tree"))
        story = doc.get("story_id")
        if doc.get("type") == "comment" and isinstance(story, int) and str(story) != url.id:
            url = hn_url(story)  # a comment's address: open the whole story
            data = session.get(
                url.fetch_url(bases), label=url.canonical, site="Hacker News", accept="application/json"
            )
            doc = _json_or_none(data)
            if not isinstance(doc, dict) or not isinstance(doc.get("children"), list):
                raise FetchError("bad_response", msg("Algolia did not send an item tree"))
        return Fetched(url, data)
    except (FetchCancelled, FetchDeadline):
        raise
    except FetchError as algolia:
        # Algolia lags behind new items and is sometimes down: ask Hacker News itself
        try:
            tree = fetch_firebase_tree(int(url.id), session, label=url.canonical)
        except FetchCancelled:
            raise
        except FetchError as firebase:
            if firebase.kind == "not_found" or not algolia.network:
                raise
            raise algolia from None
    story_url = hn_url(tree.story_id)
    warnings: list[Text] = []
    if tree.not_loaded and tree.late:
        warnings.append(
            msg(
                "{count} comment(s) were not loaded: the Hacker News API was read item by item "
                "(the Algolia tree was not available) and the time a fetch may take ({seconds:g} s) "
                "was up after {loaded}",
                count=tree.not_loaded,
                loaded=tree.loaded,
                seconds=session.options.deadline,
            )
        )
    elif tree.not_loaded:
        warnings.append(
            msg(
                "{count} comment(s) were not loaded: the Hacker News API was read item by item and "
                "stopped at {loaded} (the Algolia tree was not available)",
                count=tree.not_loaded,
                loaded=tree.loaded,
            )
        )
    try:
        data = json.dumps(tree.doc, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate in an item's text: JSON can escape it
        data = json.dumps(tree.doc).encode("ascii")
    return Fetched(story_url, data, warnings, tree.not_loaded)


def _json_or_none(data: bytes) -> Any:
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None

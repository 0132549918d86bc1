"""Thread addresses: recognise a ptt.cc article, a Reddit thread or a Hacker News item,
and say where each is fetched from. Nothing here touches the network."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

from ...messages import msg
from ..errors import ThreadFileError
from .bases import DEFAULT_BASES, SiteBases

Site = Literal["ptt", "reddit", "hn"]

SITE_NAMES: dict[Site, str] = {"ptt": "PTT", "reddit": "Reddit", "hn": "Hacker News"}


class UrlError(ThreadFileError):
    """The text is not the address of a thread this app can open."""


@dataclass(frozen=True, slots=True)
class ThreadUrl:
    """A recognised thread address.

    ``id`` is the post id (``M.1559093660.A.946``), the Reddit id (``abc123``) or the HN
    item number; ``board`` is the PTT board or the subreddit when the address names it;
    ``canonical`` is the address a browser would show.
    """

    site: Site
    id: str
    canonical: str
    board: str | None = None

    @property
    def file_name(self) -> str:
        """A stable file name for the saved copy."""
        if self.site == "ptt":
            return f"ptt-{self.board}-{self.id}.html"
        return f"{self.site}-{self.id}.json"

    def fetch_url(self, bases: SiteBases = DEFAULT_BASES) -> str:
        """Where the thread is fetched from (for HN: the Algolia tree; the Firebase API is
        the fallback, see :func:`firebase_item_url`)."""
        if self.site == "ptt":
            return f"{bases.ptt}/bbs/{self.board}/{self.id}.html"
        if self.site == "reddit":
            return f"{bases.reddit}/comments/{self.id}.json?limit=500"
        return f"{bases.hn_algolia}/items/{self.id}"


def hn_url(item_id: int | str) -> ThreadUrl:
    return ThreadUrl("hn", str(item_id), f"https://news.ycombinator.com/item?id={item_id}")


_PTT_HOSTS = ("www.ptt.cc", "ptt.cc")
_REDDIT_HOSTS = (
    "reddit.com",
    "www.reddit.com",
    "old.reddit.com",
    "new.reddit.com",
    "np.reddit.com",
    "m.reddit.com",
    "i.reddit.com",
    "sh.reddit.com",
)
_HN_HOSTS = ("news.ycombinator.com", "ycombinator.com", "www.ycombinator.com")
_KNOWN_HOSTS = (
    *_PTT_HOSTS,
    *_REDDIT_HOSTS,
    *_HN_HOSTS,
    "redd.it",
    "hn.algolia.com",
    "hacker-news.firebaseio.com",
)

_PTT_ARTICLE_RE = re.compile(
    r"^/bbs/(?P<board>[A-Za-z0-9_-]{1,20})/(?P<id>[MG]\.\d{1,12}\.A(?:\.[0-9A-Fa-f]{3})?)\.html$"
)
_PTT_BOARD_RE = re.compile(r"^/bbs/[A-Za-z0-9_-]{1,20}(?:/(?:index\d*\.html)?)?$")
_REDDIT_RE = re.compile(
    r"^/(?:(?:r|u|user)/(?P<sub>[A-Za-z0-9_-]{1,40})/)?comments/(?P<id>[A-Za-z0-9]{1,13})(?:[/.]|$)"
)
_REDDIT_SHARE_RE = re.compile(r"^/r/[A-Za-z0-9_]+/s/[A-Za-z0-9]+/?$")
_SHORT_ID_RE = re.compile(r"^/(?P<id>[A-Za-z0-9]{1,13})/?$")
_DIGITS_RE = re.compile(r"^\d{1,12}$")

_SUPPORTED = msg(
    "only ptt.cc articles (www.ptt.cc/bbs/<board>/M.….html), Reddit threads "
    "(reddit.com/r/<sub>/comments/<id>/…) and Hacker News items "
    "(news.ycombinator.com/item?id=…) can be opened"
)


def looks_like_url(text: str) -> bool:
    """True when ``text`` is meant as a web address rather than a file name: it starts with
    http:// or https://, or with the host name of a supported site."""
    address = text.strip()
    if not address or any(char.isspace() for char in address):
        return False
    low = address.lower()
    if low.startswith(("http://", "https://")):
        return True
    return low.split("/", 1)[0] in _KNOWN_HOSTS


def _shown(text: str) -> str:
    return text if len(text) <= 160 else text[:157] + "…"


def parse_url(text: str) -> ThreadUrl:
    """Recognise and normalise a thread address. Raises :class:`UrlError` (naming the
    address) for anything else."""
    raw = text.strip().strip("<>\"'")
    if "://" not in raw and raw.lower().split("/", 1)[0] in _KNOWN_HOSTS:
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
        host = (parts.hostname or "").lower()
    except ValueError:
        raise UrlError(msg("it is not a valid web address"), path=_shown(raw)) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise UrlError(
            msg("it is not a web address (http:// or https://); {supported}", supported=_SUPPORTED),
            path=_shown(raw),
        )
    path = parts.path or "/"
    if host in _PTT_HOSTS:
        return _ptt(path, parts.query, raw)
    if host in _REDDIT_HOSTS or host == "redd.it":
        return _reddit(host, path, raw)
    if host in (*_HN_HOSTS, "hn.algolia.com", "hacker-news.firebaseio.com"):
        return _hn(host, path, parts.query, raw)
    raise UrlError(msg("this site is not supported: {supported}", supported=_SUPPORTED), path=_shown(raw))


def _ptt(path: str, query: str, raw: str) -> ThreadUrl:
    if path == "/ask/over18":  # the address of the age check names the article in "from"
        origin = parse_qs(query).get("from", [""])[0]
        if origin.startswith("/bbs/"):
            return _ptt(unquote(origin).split("?", 1)[0], "", raw)
    match = _PTT_ARTICLE_RE.match(path)
    if match:
        board, post = match["board"], match["id"]
        return ThreadUrl("ptt", post, f"https://www.ptt.cc/bbs/{board}/{post}.html", board)
    if _PTT_BOARD_RE.match(path):
        raise UrlError(
            msg("this is a board's article list, not an article: open one article and copy its address"),
            path=_shown(raw),
            looked_like=msg("a ptt.cc board"),
        )
    raise UrlError(
        msg(
            "it is not the address of a ptt.cc article "
            "(https://www.ptt.cc/bbs/<board>/M.<number>.A.<code>.html)"
        ),
        path=_shown(raw),
    )


def _reddit(host: str, path: str, raw: str) -> ThreadUrl:
    post: str | None = None
    sub: str | None = None
    if host == "redd.it":
        short = _SHORT_ID_RE.match(path)
        post = short["id"] if short else None
    else:
        match = _REDDIT_RE.match(path)
        if match:
            post, sub = match["id"], match["sub"] if path.startswith("/r/") else None
        elif _REDDIT_SHARE_RE.match(path):
            raise UrlError(
                msg(
                    "this is a Reddit share link: open it in a browser and copy "
                    "the address it leads to (…/comments/<id>/…)"
                ),
                path=_shown(raw),
            )
    if post is None:
        raise UrlError(
            msg("it is not the address of a Reddit thread (https://www.reddit.com/r/<sub>/comments/<id>/…)"),
            path=_shown(raw),
        )
    post = post.lower()
    canonical = (
        f"https://www.reddit.com/r/{sub}/comments/{post}/"
        if sub
        else f"https://www.reddit.com/comments/{post}/"
    )
    return ThreadUrl("reddit", post, canonical, sub)


def _hn(host: str, path: str, query: str, raw: str) -> ThreadUrl:
    item: str | None = None
    if host == "hn.algolia.com":
        match = re.match(r"^/api/v1/items/(\d{1,12})/?$", path)
        item = match.group(1) if match else None
    elif host == "hacker-news.firebaseio.com":
        match = re.match(r"^/v0/item/(\d{1,12})\.json$", path)
        item = match.group(1) if match else None
    elif path.rstrip("/") == "/item":
        given = parse_qs(query).get("id", [""])[0]
        item = given if _DIGITS_RE.match(given) else None
    if item is None:
        raise UrlError(
            msg(
                "it is not the address of a Hacker News item: open the story's "
                "comments (https://news.ycombinator.com/item?id=<number>)"
            ),
            path=_shown(raw),
        )
    return hn_url(int(item))

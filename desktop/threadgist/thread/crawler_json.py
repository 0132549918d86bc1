"""PTT crawler outputs: which entries of a document are articles, of which kind, and the
document read into threads (each kind by thread/crawler_schemas.py): jwlin/ptt-web-crawler
(and ptt2json), PyPtt post dicts (1.x and 0.9), balaOuO-style ``comments`` dicts and
Rayer/pcrawler-go documents."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from ..messages import msg
from . import jsondoc
from .crawler_schemas import PARSERS, CrawlerKind
from .errors import ThreadFileError
from .model import Thread

_TRAILING_COMMA_RE = re.compile(r",(\s*[\]}])")


def tolerant_loads(text: str) -> Any:
    """Load JSON that old crawlers wrote with a trailing comma (``…},]}``)."""
    try:
        return jsondoc.loads(_TRAILING_COMMA_RE.sub(r"\1", text))
    except (json.JSONDecodeError, RecursionError):
        return None


def _articles(doc: Any) -> list[Any] | None:
    if isinstance(doc, Mapping) and isinstance(doc.get("articles"), list):
        return list(doc["articles"])
    if isinstance(doc, Mapping):
        return [doc]
    if isinstance(doc, list) and doc and all(isinstance(item, Mapping) for item in doc):
        return doc
    return None


def article_kind(article: Any) -> CrawlerKind | None:
    """Which crawler wrote ``article`` (a key of :data:`~.crawler_schemas.PARSERS`), or None."""
    if not isinstance(article, Mapping):
        return None
    if "messages" in article or "article_id" in article or "article_title" in article:
        return "jwlin"
    if "CommitterInfoList" in article:
        return "pcrawler"
    if "push_list" in article or ("aid" in article and "comments" in article):
        return "pyptt"
    if isinstance(article.get("comments"), list) and ("title" in article or "content" in article):
        return "comments"
    return None


def is_crawler(doc: Any) -> bool:
    arts = _articles(doc)
    return arts is not None and any(article_kind(article) for article in arts)


def parse(doc: Any, encoding: str) -> list[Thread]:
    arts = _articles(doc) or []
    threads: list[Thread] = []
    skipped = 0
    for article in arts:
        kind = article_kind(article)
        if kind is None or (isinstance(article, Mapping) and "error" in article and len(article) <= 2):
            skipped += 1
            continue
        threads.append(PARSERS[kind](article, encoding))
    if not threads:
        raise ThreadFileError(msg("it holds no article"), looked_like="PTT crawler JSON")
    if skipped:
        threads[0].warnings.append(
            msg("{count} entr(ies) in the file are not articles and were skipped", count=skipped)
        )
    return threads

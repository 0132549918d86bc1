"""Opening a thread from its web address (ptt.cc, Reddit, Hacker News): recognise the
address, fetch with urllib (off the GUI thread), save the copy, parse it with the file
loader. Qt-free; the caller chooses the folder (the thread layer knows no app folders).

The API the app uses::

    parse_url(text) -> ThreadUrl                  # UrlError for other addresses
    looks_like_url(text) -> bool
    open_url(url, folder, *, options=None, progress=None, cancel=None) -> FetchResult
    saved_source(path) -> SavedSource | None       # source_url_of(path) -> str | None
    load_saved(path) -> LoadResult                 # load_path + the fetch's notes
"""

from .bases import DEFAULT_BASES, SiteBases, bases_from_env
from .http import (
    MAX_FETCH_BYTES,
    USER_AGENT,
    FetchCancelled,
    FetchDeadline,
    FetchError,
    FetchOptions,
    ProgressFn,
)
from .save import (
    FetchResult,
    SavedSource,
    default_options,
    load_saved,
    open_url,
    saved_path,
    saved_source,
    source_url_of,
)
from .urls import (
    ThreadUrl,
    UrlError,
    looks_like_url,
    parse_url,
)

__all__ = [
    "DEFAULT_BASES",
    "MAX_FETCH_BYTES",
    "USER_AGENT",
    "FetchCancelled",
    "FetchDeadline",
    "FetchError",
    "FetchOptions",
    "FetchResult",
    "ProgressFn",
    "SavedSource",
    "SiteBases",
    "ThreadUrl",
    "UrlError",
    "bases_from_env",
    "default_options",
    "load_saved",
    "looks_like_url",
    "open_url",
    "parse_url",
    "saved_path",
    "saved_source",
    "source_url_of",
]

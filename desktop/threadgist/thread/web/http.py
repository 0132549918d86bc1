"""HTTP GET with urllib: a real User-Agent, timeouts, a size cap, gzip, cancellation
between blocks, progress, and every failure turned into a :class:`FetchError` whose
message a user understands (a :class:`~threadgist.messages.Message`: English by ``str()``,
the GUI's language in the window). Text sent by servers never goes into a message."""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Literal
from urllib.parse import urlsplit

from ... import __version__
from ...messages import Message, Text, msg
from ..errors import ThreadFileError
from .bases import DEFAULT_BASES, SiteBases

USER_AGENT = f"threadgist/{__version__} (desktop thread reader)"
MAX_FETCH_BYTES = 32 * 1024 * 1024
DEFAULT_TIMEOUT = 20.0
#: seconds for a whole fetch, every request of it included (a site that sends a byte
#: now and then never trips the timeout of each read)
DEFAULT_DEADLINE = 60.0
BLOCK = 64 * 1024

#: Called with the bytes received so far and the expected total (None when unknown).
ProgressFn = Callable[[int, int | None], None]

FetchErrorKind = Literal[
    "not_found",
    "blocked",
    "offline",
    "timeout",
    "server",
    "too_large",
    "bad_response",
    "cancelled",
    "not_saved",
    "cut_short",
]
#: Kinds that come from the network or the site's mood, not from the thread: trying
#: again later may work.
NETWORK_KINDS: frozenset[str] = frozenset({"blocked", "offline", "timeout", "server", "cut_short"})


class FetchError(ThreadFileError):
    """Fetching a thread failed. ``kind`` says how; ``status`` is the HTTP status, if any."""

    def __init__(
        self, kind: FetchErrorKind, reason: Text, *, path: str | None = None, status: int | None = None
    ):
        super().__init__(reason, path=path)
        self.kind: FetchErrorKind = kind
        self.status = status

    @property
    def network(self) -> bool:
        """True for offline, timeouts, blocking and server errors (try again later)."""
        return self.kind in NETWORK_KINDS


class FetchCancelled(FetchError):
    """The caller set the cancel event."""

    def __init__(self, *, path: str | None = None):
        super().__init__("cancelled", msg("the download was cancelled"), path=path)


class FetchDeadline(FetchError):
    """The fetch took longer than :attr:`FetchOptions.deadline`."""

    def __init__(self, site: Text, seconds: float, *, path: str | None = None):
        super().__init__(
            "timeout",
            msg(
                "{site} did not send the thread within {seconds:g} s, the time a fetch may take: "
                "the site or the network is too slow; try again later",
                site=site,
                seconds=seconds,
            ),
            path=path,
        )


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """Limits and addresses for one fetch."""

    bases: SiteBases = DEFAULT_BASES
    timeout: float = DEFAULT_TIMEOUT  # seconds, to connect and for each read
    deadline: float = DEFAULT_DEADLINE  # seconds for the whole fetch
    max_bytes: int = MAX_FETCH_BYTES  # per response, after decompression
    max_hn_items: int = 5000  # Firebase fallback: items fetched one by one at most
    hn_workers: int = 8  # Firebase fallback: parallel requests
    max_reddit_requests: int = 30  # Reddit "more" comments: extra requests at most
    max_reddit_comments: int = 10_000  # Reddit "more" comments: loaded at most
    user_agent: str = USER_AGENT


@dataclass
class Session:
    """The requests of one fetch: shared options, cancel event, and a byte meter.
    ``progress`` is only called on the thread that created the session."""

    options: FetchOptions
    cancel: threading.Event | None = None
    progress: ProgressFn | None = None
    received: int = 0
    requests: int = 0
    site: Text = field(default_factory=lambda: msg("the site"))  # named by the last request
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _owner: int = field(default_factory=threading.get_ident, repr=False)
    _ends_at: float = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._ends_at = time.monotonic() + self.options.deadline

    def check(self, label: str) -> None:
        """Raise :class:`FetchCancelled` when cancelled, :class:`FetchDeadline` when the
        fetch's time is up."""
        self.check_cancel(label)
        if time.monotonic() >= self._ends_at:
            raise FetchDeadline(self.site, self.options.deadline, path=label)

    def check_cancel(self, label: str) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise FetchCancelled(path=label)

    def _wait(self, label: str) -> float:
        """How long one network operation may wait: the timeout, or less when the
        fetch's deadline comes first."""
        self.check(label)
        return min(self.options.timeout, max(0.001, self._ends_at - time.monotonic()))

    def _failed(self, reason: object, host: Text, label: str) -> FetchError:
        # (a wait cut short by the deadline may wake a hair before it)
        if isinstance(reason, TimeoutError | socket.timeout) and time.monotonic() >= self._ends_at - 0.1:
            return FetchDeadline(self.site, self.options.deadline, path=label)
        return _network_error(reason, host, label, self.options.timeout)

    def report(self, total: int | None = None) -> None:
        if self.progress is not None and threading.get_ident() == self._owner:
            with self._lock:
                done = self.received
            self.progress(done, total)

    def _count(self, size: int, total: int | None) -> None:
        with self._lock:
            self.received += size
        self.report(total)

    def get(
        self, url: str, *, label: str, site: str, cookie: str | None = None, accept: str = "*/*"
    ) -> bytes:
        """The body of ``url`` (200 after redirects). ``label`` names the thread in errors;
        ``site`` names the site ("Reddit") in them."""
        self.site = site
        self.check(label)
        with self._lock:
            self.requests += 1
        headers = {"User-Agent": self.options.user_agent, "Accept": accept, "Accept-Encoding": "gzip"}
        if cookie:
            headers["Cookie"] = cookie
        request = urllib.request.Request(url, headers=headers)
        host: Text = urlsplit(url).hostname or msg("the site")
        try:
            response = _opener(url).open(request, timeout=self._wait(label))
        except urllib.error.HTTPError as e:
            retry = e.headers.get("Retry-After") if e.headers else None
            e.close()
            raise status_error(e.code, label=label, site=site, retry_after=retry) from None
        except FetchError as e:
            e.path = label
            raise
        except urllib.error.URLError as e:
            raise self._failed(e.reason, host, label) from None
        except (OSError, http.client.HTTPException) as e:
            raise self._failed(e, host, label) from None
        with response:
            return self._read(response, label, host)

    def _read(self, response: http.client.HTTPResponse, label: str, host: Text) -> bytes:
        cap = self.options.max_bytes
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        with self._lock:  # progress counts every request's bytes: so does the total
            expected = None if total is None else self.received + total
        encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
        if encoding not in ("identity", "gzip", "x-gzip"):
            raise FetchError(
                "bad_response", msg("{host} sent an encoding this app cannot read", host=host), path=label
            )
        if total is not None and encoding == "identity" and total > cap:
            raise _too_large(cap, label)
        inflate = zlib.decompressobj(31) if encoding != "identity" else None
        parts: list[bytes] = []
        size = 0
        raw = 0  # bytes received (compressed): a Content-Length counts these
        while block := self._block(response, label, host, raw, total):
            raw += len(block)
            self._count(len(block), expected)
            if inflate is None:
                parts.append(block)
                size += len(block)
            else:
                size = _inflate(inflate, block, parts, size, cap, label)
            if size > cap:
                raise _too_large(cap, label)
        if total is not None and raw < total:  # urllib ends such a body without a word
            raise _cut_short(host, raw, total, label)
        if inflate is not None:
            _inflate_end(inflate, parts, host, label)
        return b"".join(parts)

    def _block(
        self, response: http.client.HTTPResponse, label: str, host: Text, raw: int, total: int | None
    ) -> bytes:
        """The next block of the body; b"" at its end."""
        _read_timeout(response, self._wait(label))
        try:
            return response.read1(BLOCK)
        except (http.client.IncompleteRead, ConnectionResetError):  # chunks without the last one
            raise _cut_short(host, raw, total, label) from None
        except (OSError, http.client.HTTPException) as e:
            raise self._failed(e, host, label) from None


def _cut_short(host: Text, received: int, total: int | None, label: str) -> FetchError:
    """The connection ended before the body did: a network failure (try again), never
    the page (what came is dropped)."""
    reason = (
        msg(
            "the download was cut short ({received:,} of {total:,} bytes): {host} closed the "
            "connection early; try again",
            received=received,
            total=total,
            host=host,
        )
        if total is not None
        else msg(
            "the download was cut short ({received:,} bytes came, then {host} closed the "
            "connection before the end); try again",
            received=received,
            host=host,
        )
    )
    return FetchError("cut_short", reason, path=label)


def _inflate_end(decompressor: zlib._Decompress, parts: list[bytes], host: Text, label: str) -> None:
    """The last of the gzip data; a stream without its end was cut short."""
    try:
        parts.append(decompressor.flush())
    except zlib.error:
        raise FetchError(
            "bad_response", msg("{host} sent damaged compressed data", host=host), path=label
        ) from None
    if not decompressor.eof:  # flush() gives what there is, complete or not
        raise FetchError(
            "cut_short",
            msg(
                "the download was cut short: {host} sent compressed data that ends early; try again",
                host=host,
            ),
            path=label,
        )


def _read_timeout(response: http.client.HTTPResponse, seconds: float) -> None:
    """Let the next read of ``response`` wait ``seconds`` at most (the socket's timeout
    was set when it connected; the fetch's deadline may come sooner)."""
    sock = getattr(getattr(response.fp, "raw", None), "_sock", None)
    if isinstance(sock, socket.socket):
        sock.settimeout(seconds)


def _inflate(
    decompressor: zlib._Decompress, block: bytes, parts: list[bytes], size: int, cap: int, label: str
) -> int:
    """Decompress one block, never more than the cap allows (a "zip bomb" stops early)."""
    data = block
    try:
        while data:
            piece = decompressor.decompress(data, cap - size + 1)
            parts.append(piece)
            size += len(piece)
            if size > cap:
                raise _too_large(cap, label)
            data = decompressor.unconsumed_tail
    except zlib.error:
        raise FetchError("bad_response", msg("the site sent damaged compressed data"), path=label) from None
    return size


def _too_large(cap: int, label: str) -> FetchError:
    size = f"{cap / 1048576:.0f} MB" if cap >= 1048576 else f"{cap / 1024:.0f} KB"
    return FetchError(
        "too_large",
        msg("the response is larger than {size}; threads larger than that are not fetched", size=size),
        path=label,
    )


def status_error(status: int, *, label: str, site: str, retry_after: str | None = None) -> FetchError:
    """The error for an HTTP status other than 200."""
    save = (
        msg(
            "or open the thread in a browser, save the page, and open the file (add .json "
            "to the thread's address first)"
        )
        if site == "Reddit"
        else msg("or open the thread in a browser, save the page, and open the file")
    )
    reason: Message
    if status in (404, 410):
        return FetchError(
            "not_found",
            msg(
                "no such thread ({site} answered HTTP {status}): it was deleted, or the address is wrong",
                site=site,
                status=status,
            ),
            path=label,
            status=status,
        )
    if status == 429:
        if retry_after and retry_after.strip().isdigit() and int(retry_after) <= 3600:
            reason = msg(
                "{site} is limiting requests (HTTP 429): try again in {seconds} s, {save}",
                site=site,
                seconds=int(retry_after),
                save=save,
            )
        else:
            reason = msg(
                "{site} is limiting requests (HTTP 429): try again in a few minutes, {save}",
                site=site,
                save=save,
            )
        return FetchError("blocked", reason, path=label, status=status)
    if status in (401, 403, 451):
        return FetchError(
            "blocked",
            msg(
                "{site} refused the request (HTTP {status}): it may "
                "block this network or program, or the thread is "
                "private; try again later, {save}",
                site=site,
                status=status,
                save=save,
            ),
            path=label,
            status=status,
        )
    if status >= 500:
        return FetchError(
            "server",
            msg("{site} has a problem (HTTP {status}): try again later", site=site, status=status),
            path=label,
            status=status,
        )
    return FetchError(
        "bad_response",
        msg("{site} did not send the thread (HTTP {status})", site=site, status=status),
        path=label,
        status=status,
    )


def _network_error(reason: object, host: Text, label: str, timeout: float) -> FetchError:
    if isinstance(reason, FetchError):
        return reason
    if isinstance(reason, TimeoutError | socket.timeout):
        return FetchError(
            "timeout",
            msg(
                "{host} did not answer within {seconds:g} s: the site "
                "or the network is slow or down; try again",
                host=host,
                seconds=timeout,
            ),
            path=label,
        )
    why: Text
    if isinstance(reason, socket.gaierror):
        why = msg("its name could not be looked up")
    elif isinstance(reason, ConnectionRefusedError):
        why = msg("the connection was refused")
    elif isinstance(
        reason, ConnectionResetError | http.client.IncompleteRead | http.client.RemoteDisconnected
    ):
        why = msg("the connection was cut")
    elif isinstance(reason, OSError) and reason.strerror:
        why = reason.strerror[:80]  # the system's words, as they are
    else:
        why = msg("the connection failed")
    return FetchError(
        "offline",
        msg("cannot reach {host} ({why}): check the network connection", host=host, why=why),
        path=label,
    )


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only, and never carry a cookie to another host."""

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
    ) -> IO[bytes] | None:
        # urllib answers a redirect to file:, data: or javascript: with an HTTPError of the
        # redirect's status ("HTTP 302"): say what it is, as for any other scheme
        target = headers.get("location") or headers.get("uri") or ""
        scheme = urlsplit(target).scheme.lower()
        if scheme and scheme not in ("http", "https"):
            raise _not_a_web_page()
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise _not_a_web_page()
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and urlsplit(newurl).hostname != urlsplit(req.full_url).hostname:
            new.remove_header("Cookie")
        return new


def _not_a_web_page() -> FetchError:
    return FetchError("bad_response", msg("the site redirected to an address that is not a web page"))


_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _opener(url: str) -> urllib.request.OpenerDirector:
    """An opener with safe redirects; no proxy for the local test server."""
    handlers: list[urllib.request.BaseHandler] = [_SafeRedirects()]
    if urlsplit(url).hostname in _LOOPBACK:
        handlers.append(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener(*handlers)

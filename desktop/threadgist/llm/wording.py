"""What the client says when an endpoint's answer is not an answer: each error with the
endpoint's name, what was wrong and what to do next (``msg`` templates the gui
translates). Nothing here decides; the client and its transports raise what these make.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..messages import Message, msg
from .errors import EndpointError, ErrorKind
from .profiles import EndpointProfile


def seconds_text(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def media_type(header: str | None) -> str:
    """The media type of a Content-Type header, lower case, or "" (only the characters a
    media type has: the header is the server's text)."""
    media = (header or "").split(";", 1)[0].strip().lower()
    return media if re.fullmatch(r"[a-z0-9.+-]{1,40}/[a-z0-9.+-]{1,60}", media) else ""


def shown_url(url: str) -> str:
    """A base URL for messages: without user name, password, query or fragment."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return url.split("?", 1)[0]
    if not parts.scheme or not host:
        return url.split("?", 1)[0]
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}{port}{parts.path}"


def _where(profile: EndpointProfile) -> Message:
    return msg("“{name}” at {url}", name=profile.name, url=shown_url(profile.base_url))


def _url_hint(profile: EndpointProfile) -> Message:
    if profile.kind.deployments:
        return msg("check the endpoint's base URL")
    return msg("check the base URL (it usually ends in /v1)")


def check_media_type(profile: EndpointProfile, media: str) -> None:
    """A web page or a JSON document is not read as a stream (it may be large)."""
    if media in ("text/html", "application/xhtml+xml"):
        raise EndpointError(
            ErrorKind.CONFIG,
            msg(
                "{where} answered with a web page, not an OpenAI-compatible API: {hint}",
                where=_where(profile),
                hint=_url_hint(profile),
            ),
        )
    if media == "application/json" or media.endswith("+json"):
        raise EndpointError(
            ErrorKind.CONFIG,
            msg(
                "{where} answered with a JSON document, not an answer stream: it is "
                "not an OpenAI-compatible chat API, or it does not stream; {hint}",
                where=_where(profile),
                hint=_url_hint(profile),
            ),
        )


def no_stream(profile: EndpointProfile, media: str) -> EndpointError:
    """A body that held no event at all, by its media type."""
    if media == "text/event-stream":
        return EndpointError(
            ErrorKind.SERVER,
            msg(
                "“{name}” ended the answer stream without sending anything; the connection may have dropped",
                name=profile.name,
            ),
        )
    if media:
        return EndpointError(
            ErrorKind.CONFIG,
            msg(
                "{where} answered with a {media} document, not an OpenAI answer stream: {hint}",
                where=_where(profile),
                media=media,
                hint=_url_hint(profile),
            ),
        )
    return EndpointError(
        ErrorKind.CONFIG,
        msg(
            "{where} answered with a body of no declared type, not an OpenAI answer stream: {hint}",
            where=_where(profile),
            hint=_url_hint(profile),
        ),
    )


def ended_early(profile: EndpointProfile) -> EndpointError:
    return EndpointError(
        ErrorKind.SERVER,
        msg(
            "the answer stream of “{name}” ended before the model finished (no "
            "finish_reason); the connection may have dropped",
            name=profile.name,
        ),
    )


def malformed(profile: EndpointProfile, what: Message) -> EndpointError:
    return EndpointError(
        ErrorKind.BAD_OUTPUT,
        msg(
            "“{name}” sent a malformed answer stream ({what}): the server is not "
            "fully OpenAI-compatible, or something between altered the answer; "
            "{hint} and any proxy",
            name=profile.name,
            what=what,
            hint=_url_hint(profile),
        ),
    )


def too_long(profile: EndpointProfile, what: Message, max_tokens: int) -> EndpointError:
    return EndpointError(
        ErrorKind.BAD_OUTPUT,
        msg(
            "“{name}” sent {what} for an answer of at most {max_tokens} tokens: "
            "the server does not respect the output limit (max_tokens), so the "
            "answer was not read further; choose another endpoint or server",
            name=profile.name,
            what=what,
            max_tokens=max_tokens,
        ),
    )


def too_big(profile: EndpointProfile, limit: int, max_tokens: int) -> EndpointError:
    return EndpointError(
        ErrorKind.BAD_OUTPUT,
        msg(
            "“{name}” sent more than {mib} MB without finishing an answer of at "
            "most {max_tokens} tokens (keep-alive comments, events without answer "
            "text or a data line that does not end), so the stream was not read "
            "further; check the server and any proxy, or choose another "
            "endpoint or server",
            name=profile.name,
            mib=f"{limit / 2**20:g}",
            max_tokens=max_tokens,
        ),
    )


def out_of_time(name: str, seconds: float | None, *, run: bool, answering: bool) -> EndpointError:
    """A request's deadline (``seconds`` long) passed: the run's, or the request's own
    while waiting for the answer or while ``answering``."""
    limit = msg(" ({seconds} s)", seconds=seconds_text(seconds)) if seconds is not None else ""
    if run:
        return EndpointError(
            ErrorKind.TIMEOUT,
            msg(
                "the run's time limit{limit} ran out while waiting for “{name}”: "
                "run the same command again to resume (finished parts are kept), "
                "or allow more time",
                limit=limit,
                name=name,
            ),
        )
    if answering:
        return EndpointError(
            ErrorKind.TIMEOUT,
            msg(
                "“{name}” did not finish its answer within the time limit of one "
                "request{limit}: try again, choose a smaller or faster model, or "
                "raise the endpoint's request timeout",
                name=name,
                limit=limit,
            ),
        )
    return EndpointError(
        ErrorKind.TIMEOUT,
        msg(
            "“{name}” did not answer within the time limit of one request{limit}: "
            "try again, choose a smaller or faster model, or raise the endpoint's "
            "request timeout",
            name=name,
            limit=limit,
        ),
    )


def no_model_list(profile: EndpointProfile, seconds: float) -> EndpointError:
    return EndpointError(
        ErrorKind.TIMEOUT,
        msg(
            "“{name}” did not list its models within {seconds} s",
            name=profile.name,
            seconds=seconds_text(seconds),
        ),
    )


def no_tier(detail: str | None) -> EndpointError:
    """No structured-output request the endpoint accepts (``detail``: its last refusal)."""
    return EndpointError(
        ErrorKind.BAD_OUTPUT,
        msg("this endpoint accepts no structured-output request we know ({server})", server=detail)
        if detail is not None
        else msg("this endpoint accepts no structured-output request we know"),
    )


def still_invalid(profile: EndpointProfile, problems: list[str]) -> EndpointError:
    return EndpointError(
        ErrorKind.BAD_OUTPUT,
        msg(
            "the model ({model}) did not return the requested JSON even after one "
            "correction ({problems}); try a larger model",
            model=profile.model_label,
            problems="; ".join(problems[:3]),
        ),
    )

"""Turn openai exceptions into user-facing EndpointErrors (or internal fallbacks)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from ..messages import msg
from .errors import ContextExceeded, EndpointError, ErrorKind, redact
from .profiles import EndpointProfile

if TYPE_CHECKING:
    import openai

_CTX_RE = re.compile(
    r"maximum context length|context size|context length|context_length_exceeded|"
    r"exceed_context_size_error|prompt is too long|too many tokens|longer than the context",
    re.I,
)
_FORMAT_RE = re.compile(r"response_format|json_schema|json_object|structured output|schema", re.I)
# from the start of a run of digits and commas only, each character read once (from
# every digit of a long run, "\d[\d,]*" read the rest of it again: quadratic time)
_NUM_RE = re.compile(r"(?<![\d,]),*+(\d[\d,]*+)\s*+tokens", re.I)


class TierRejected(Exception):
    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class ParamRejected(Exception):
    def __init__(self, param: str):
        super().__init__(param)
        self.param = param


def _body_fields(error: openai.APIError) -> tuple[str, str, str]:
    body: Any = error.body
    message, code, typ = error.message or "", "", ""
    if isinstance(body, str) and body.strip():
        message = body
    if isinstance(body, dict):
        inner: dict[str, Any] = body["error"] if isinstance(body.get("error"), dict) else body
        message = str(inner.get("message") or message)
        code = str(inner.get("code") or "")
        typ = str(inner.get("type") or "")
    return message, code, typ


def _retry_after(error: openai.APIStatusError) -> float | None:
    headers = error.response.headers
    try:
        if headers.get("retry-after-ms"):
            return float(headers["retry-after-ms"]) / 1000.0
        if headers.get("retry-after"):
            return float(headers["retry-after"])
    except ValueError:
        return None
    return None


def _host(profile: EndpointProfile) -> str:
    return urlparse(profile.base_url).netloc or profile.base_url


def classify(
    error: Exception, profile: EndpointProfile, tier: str | None, *, secrets: list[str | None]
) -> Exception:
    """An error of the openai package as what it means for the client: an
    :class:`EndpointError` with its next step, or a :class:`ParamRejected` or
    :class:`TierRejected` that the client learns from."""
    import openai

    if isinstance(error, openai.APITimeoutError | openai.APIConnectionError):
        return _not_connected(error, profile)
    if not isinstance(error, openai.APIError):
        return EndpointError(ErrorKind.CONFIG, redact(str(error), secrets))
    message, code, typ = _body_fields(error)
    status = getattr(error, "status_code", None)
    low = f"{message} {code} {typ}".lower()
    if _CTX_RE.search(low) and status in (None, 400, 413, 422, 500):
        return _context_exceeded(error, profile, message)
    if status in (400, 422) and (
        "unsupported_parameter" in low or "not supported" in low or "unrecognized" in low or "unknown" in low
    ):
        rejected = _param_rejected(error, message)
        if rejected is not None:
            return rejected
    clean = redact(message, secrets)[:300]
    if tier in ("json_schema", "json_object") and status in (400, 422, 500) and _FORMAT_RE.search(low):
        return TierRejected(clean)
    if isinstance(error, openai.RateLimitError):
        return _rate_limited(
            error, profile, quota=code == "insufficient_quota" or "quota" in low or "billing" in low
        )
    return _refused(error, profile, status, clean)


def _not_connected(error: Exception, profile: EndpointProfile) -> EndpointError:
    """No answer in time, or no connection (refused, or broken after it was made)."""
    import openai

    name = profile.name
    if isinstance(error, openai.APITimeoutError):
        return EndpointError(
            ErrorKind.TIMEOUT,
            msg(
                "“{name}” did not answer in time; a local model may need more time for a long "
                "thread: try again, or choose a smaller model",
                name=name,
            ),
        )
    cause = error.__cause__ or error.__context__
    if cause is not None and type(cause).__name__ not in ("ConnectError", "ConnectTimeout"):
        # reached the server, then the connection broke (stale keep-alive, crash):
        # worth a retry, unlike a refused connection
        return EndpointError(
            ErrorKind.SERVER,
            msg(
                "the connection to “{name}” was interrupted ({error})",
                name=name,
                error=type(cause).__name__,
            ),
        )
    hint = profile.kind.start_hint
    if profile.kind.local and hint:
        said = msg("cannot connect to “{name}” at {url}: {hint}", name=name, url=profile.base_url, hint=hint)
    else:
        said = msg(
            "cannot connect to “{name}” ({host}): check the base URL and your network connection",
            name=name,
            host=_host(profile),
        )
    return EndpointError(ErrorKind.UNREACHABLE, said)


def _context_exceeded(error: openai.APIError, profile: EndpointProfile, message: str) -> ContextExceeded:
    n_ctx = _int(error.body, "n_ctx")
    n_prompt = _int(error.body, "n_prompt_tokens")
    if n_prompt is None:
        nums = [int(number.replace(",", "")) for number in _NUM_RE.findall(message)]
        if len(nums) >= 2:
            n_ctx, n_prompt = nums[0], nums[1]
    return ContextExceeded(
        msg("the prompt is larger than the context window of “{name}”", name=profile.name),
        n_prompt=n_prompt,
        n_ctx=n_ctx,
    )


def _param_rejected(error: openai.APIError, message: str) -> ParamRejected | None:
    """The request parameter the endpoint refused, when it is one the client can leave out."""
    known = ("max_completion_tokens", "max_tokens", "stream_options", "temperature", "return_progress")
    named = _field(error.body, "param") or ""
    match = re.search(
        r"(?:unsupported|unrecognized|unknown) (?:parameter|argument)s?:?\s*'?(\w+)", message, re.I
    )
    if named not in known and match:
        named = match.group(1)
    if named in known:
        return ParamRejected(named)
    mentioned = sorted((message.find(param), param) for param in known if param in message)
    return ParamRejected(mentioned[0][1]) if mentioned else None


def _rate_limited(error: openai.RateLimitError, profile: EndpointProfile, *, quota: bool) -> EndpointError:
    name = profile.name
    if quota:
        return EndpointError(
            ErrorKind.QUOTA,
            msg(
                "“{name}” says the account has no quota or credit left: check the billing "
                "page of your provider, or switch to another endpoint",
                name=name,
            ),
        )
    retry_after = _retry_after(error)
    return EndpointError(
        ErrorKind.RATE_LIMIT,
        msg(
            "“{name}” is rate-limiting requests (asked to wait {seconds} s): wait a moment and retry",
            name=name,
            seconds=f"{retry_after:.0f}",
        )
        if retry_after
        else msg("“{name}” is rate-limiting requests: wait a moment and retry", name=name),
        retry_after=retry_after,
    )


def _refused(
    error: openai.APIError, profile: EndpointProfile, status: int | None, clean: str
) -> EndpointError:
    """A refusal by its status: the key, a missing model, a server error, or another."""
    import openai

    name = profile.name
    if isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
        return EndpointError(
            ErrorKind.AUTH,
            msg(
                "“{name}” rejected the API key ({status}): set the key again in the endpoint "
                "settings (threadgist endpoints add … --key-stdin)",
                name=name,
                status=str(status),
            ),
        )
    if isinstance(error, openai.NotFoundError):
        return EndpointError(
            ErrorKind.MODEL_NOT_FOUND,
            msg(
                "“{name}” has no model “{model}” (404): pick one of the endpoint's models "
                "(threadgist endpoints models {name}), or check the base URL",
                name=name,
                model=profile.model_label,
            ),
        )
    if status is None:
        return EndpointError(
            ErrorKind.SERVER, msg("“{name}” had a server error: {server}", name=name, server=clean)
        )
    if status >= 500:
        return EndpointError(
            ErrorKind.SERVER,
            msg(
                "“{name}” had a server error ({status}): {server}",
                name=name,
                status=str(status),
                server=clean,
            ),
        )
    return EndpointError(
        ErrorKind.SERVER,
        msg("“{name}” refused the request ({status}): {server}", name=name, status=str(status), server=clean),
    )


def _get(body: Any, key: str) -> Any:
    """``body[key]``, or ``body["error"][key]`` (providers nest differently)."""
    if not isinstance(body, dict):
        return None
    value = body.get(key)
    if value is None and isinstance(body.get("error"), dict):
        value = body["error"].get(key)
    return value


def _field(body: Any, key: str) -> str | None:
    value = _get(body, key)
    return value if isinstance(value, str) else None


def _int(body: Any, key: str) -> int | None:
    value = _get(body, key)
    return value if isinstance(value, int) else None

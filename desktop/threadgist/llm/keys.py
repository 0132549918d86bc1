"""API keys: the OS keyring, an environment variable, or this session only.

Keys never go to a settings file, the cache or a log. When no keyring backend works
(a headless Linux box), a key lives in memory for this session and the caller is told.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from dataclasses import dataclass

import keyring
import keyring.errors

from ..messages import Message, msg
from .profiles import EndpointProfile

SERVICE = "threadgist"

KEYRING = "keyring"
SESSION = "session"
ENVIRONMENT = "environment"


@dataclass(frozen=True)
class KeyLookup:
    key: str | None
    source: str | None  # KEYRING, SESSION, ENVIRONMENT or None
    keyring_error: Message | None = None  # why the keyring could not be used


def env_var_for(profile: EndpointProfile) -> str:
    return "THREADGIST_KEY_" + re.sub(r"[^A-Z0-9]", "_", profile.name.upper())


class KeyStore:
    def __init__(self) -> None:
        self._session: dict[str, str] = {}
        self._why: dict[str, Message] = {}  # why a session key could not go to the keyring

    def get(self, profile: EndpointProfile) -> KeyLookup:
        for var in (env_var_for(profile), profile.kind.key_env):
            if var and os.environ.get(var):
                return KeyLookup(os.environ[var], ENVIRONMENT)
        if profile.name in self._session:
            return KeyLookup(self._session[profile.name], SESSION, self._why.get(profile.name))
        try:
            key = keyring.get_password(SERVICE, profile.name)
        except keyring.errors.KeyringError as e:
            return KeyLookup(None, None, _describe(e))
        return KeyLookup(key, KEYRING if key else None)

    def set(self, profile_name: str, key: str) -> KeyLookup:
        """Store a key. Falls back to this session only; ``keyring_error`` says why."""
        try:
            keyring.set_password(SERVICE, profile_name, key)
        except keyring.errors.KeyringError as e:
            self._session[profile_name] = key
            self._why[profile_name] = _describe(e)
            return KeyLookup(key, SESSION, self._why[profile_name])
        self._session.pop(profile_name, None)
        self._why.pop(profile_name, None)
        return KeyLookup(key, KEYRING)

    def delete(self, profile_name: str) -> None:
        self._session.pop(profile_name, None)
        self._why.pop(profile_name, None)
        try:
            keyring.delete_password(SERVICE, profile_name)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError:
            pass


#: query parameters that carry a key (lower case, "-" read as "_")
SECRET_PARAMS = frozenset(
    {
        "key",
        "api_key",
        "apikey",
        "x_api_key",
        "token",
        "access_token",
        "auth_token",
        "auth",
        "password",
        "secret",
        "client_secret",
        "sig",
        "signature",
        "code",  # Azure Functions' function key
    }
)


def _secret_param(name: str) -> bool:
    return name.strip().lower().replace("-", "_") in SECRET_PARAMS


def url_secret(url: str) -> Message | None:
    """Why a base URL must not be stored as it is: it carries a key (``user:KEY@host``,
    ``?api-key=KEY``, ``?key=``, ``?token=``…), which would sit in endpoints.json in plain
    text and be printed. None when it carries none. The key itself is never in the message."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
    except ValueError:
        return None
    if "@" in parts.netloc:
        return msg(
            "the base URL holds a user name or key before “@”: endpoints.json keeps no keys. Give "
            "the URL without it, and the key as the endpoint's key (the system keyring keeps it)"
        )
    found = [
        name for name, _ in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if _secret_param(name)
    ]
    if found:
        return msg(
            "the base URL holds a key (“{param}=…”): endpoints.json keeps no keys. Give the URL "
            "without it, and the key as the endpoint's key (the system keyring keeps it)",
            param=found[0],
        )
    return None


def redact_url(url: str) -> str:
    """A base URL to show: a user name or key before "@" and the values of key
    parameters replaced by "***" (for profiles saved before keys were refused)."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "***"
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "***@" + netloc.rpartition("@")[2]
    query = "&".join(
        f"{name}=***"
        if _secret_param(urllib.parse.unquote_plus(name))
        else f"{name}={value}"
        if sep
        else name
        for name, sep, value in (piece.partition("=") for piece in parts.query.split("&") if piece)
    )
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _describe(error: Exception) -> Message:
    """Why the keyring could not be used, in a few words."""
    if isinstance(error, keyring.errors.NoKeyringError):
        return msg("no system keyring is available")
    if isinstance(error, keyring.errors.KeyringLocked):
        return msg("the system keyring is locked")
    return msg("the system keyring failed ({error})", error=type(error).__name__)

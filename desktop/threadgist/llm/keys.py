"""API keys: the OS keyring, an environment variable, or this session only.

Keys never go to a settings file, the cache or a log. When no keyring backend works
(a headless Linux box), a key lives in memory for this session and the caller is told.
"""

from __future__ import annotations

import os
import re
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


def _describe(error: Exception) -> Message:
    """Why the keyring could not be used, in a few words."""
    if isinstance(error, keyring.errors.NoKeyringError):
        return msg("no system keyring is available")
    if isinstance(error, keyring.errors.KeyringLocked):
        return msg("the system keyring is locked")
    return msg("the system keyring failed ({error})", error=type(error).__name__)

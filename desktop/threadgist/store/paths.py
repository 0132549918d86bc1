"""Where Threadgist keeps its files. ``THREADGIST_HOME`` puts all of them under one
folder (tests, portable installs); otherwise platformdirs' per-user folders."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "threadgist"


def _home() -> Path | None:
    h = os.environ.get("THREADGIST_HOME")
    return Path(h) if h else None


def config_dir() -> Path:
    h = _home()
    return h / "config" if h else Path(platformdirs.user_config_dir(APP, appauthor=False))


def cache_dir() -> Path:
    h = _home()
    return h / "cache" if h else Path(platformdirs.user_cache_dir(APP, appauthor=False))


def log_dir() -> Path:
    h = _home()
    return h / "log" if h else Path(platformdirs.user_log_dir(APP, appauthor=False))


def data_dir() -> Path:
    h = _home()
    return h / "data" if h else Path(platformdirs.user_data_dir(APP, appauthor=False))

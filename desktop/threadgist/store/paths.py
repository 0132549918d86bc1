"""Where Threadgist keeps its files. ``THREADGIST_HOME`` puts all of them under one
folder (tests, portable installs); otherwise platformdirs' per-user folders."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "threadgist"


def _home() -> Path | None:
    home = os.environ.get("THREADGIST_HOME")
    return Path(home) if home else None


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP, appauthor=False))


def cache_dir() -> Path:
    home = _home()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(APP, appauthor=False))


def log_dir() -> Path:
    home = _home()
    return home / "log" if home else Path(platformdirs.user_log_dir(APP, appauthor=False))


def data_dir() -> Path:
    home = _home()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP, appauthor=False))

"""Small JSON documents written atomically (:func:`threadgist.fsutil.atomic_write`)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..fsutil import atomic_write


def write_json_atomic(path: Path, data: Any) -> None:
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


class DamagedFile(Exception):
    """A JSON file that exists but cannot be read: not UTF-8, not JSON, not a file, or no
    permission (``why``, in a few words). The file is left as it is."""

    def __init__(self, path: Path, why: str):
        super().__init__(f"{path}: {why}")
        self.path = path
        self.why = why


def read_json_checked(path: Path) -> Any:
    """The document, or None when the file does not exist; :class:`DamagedFile` when it
    cannot be read. Nothing is moved or changed (see :func:`move_aside`)."""
    try:
        with open(path, encoding="utf-8") as json_file:
            return json.load(json_file)
    except FileNotFoundError:
        return None
    except json.JSONDecodeError as e:
        raise DamagedFile(path, f"not JSON: {e.msg} at line {e.lineno}, column {e.colno}") from None
    except UnicodeDecodeError:
        raise DamagedFile(path, "not UTF-8 text") from None
    except RecursionError:
        raise DamagedFile(path, "nested too deeply") from None
    except OSError as e:
        raise DamagedFile(path, e.strerror or str(e)) from None


def move_aside(path: Path) -> Path | None:
    """Rename a damaged file to ``name.corrupt`` (``name.corrupt-2``… when that is taken:
    earlier evidence is never overwritten); the new path, or None when there was no file."""
    aside = path.with_name(path.name + ".corrupt")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.corrupt-{number}")
    try:
        os.rename(path, aside)
    except FileNotFoundError:
        return None
    return aside


def read_json(path: Path) -> Any:
    """The document, or None when the file does not exist or cannot be opened. A corrupt
    file is moved aside (``name.corrupt``) so that the user's next save does not lose
    evidence. For what may be forgotten (settings, what endpoints support); endpoint
    profiles use :func:`read_json_checked`, which says what is wrong and moves nothing."""
    try:
        with open(path, encoding="utf-8") as json_file:
            return json.load(json_file)
    except FileNotFoundError:
        return None
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        os.replace(path, path.with_name(path.name + ".corrupt"))
        return None
    except OSError:  # a folder in its place, no permission: left as it is
        return None

"""Small JSON documents written atomically (temp file + fsync + rename)."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any


def write_json_atomic(path: Path, data: Any) -> None:
    import tempfile  # (not at start-up, where only reading happens)

    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out_file:
            json.dump(data, out_file, ensure_ascii=False, indent=2, sort_keys=True)
            out_file.write("\n")
            out_file.flush()
            os.fsync(out_file.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_json(path: Path) -> Any:
    """The document, or None when the file does not exist. A corrupt file is moved
    aside (``name.corrupt``) so that the user's next save does not lose evidence."""
    try:
        with open(path, encoding="utf-8") as json_file:
            return json.load(json_file)
    except FileNotFoundError:
        return None
    except (json.JSONDecodeError, UnicodeDecodeError):
        os.replace(path, path.with_name(path.name + ".corrupt"))
        return None

"""Before `make run`: are the system libraries Qt needs on a desktop, and CJK fonts, here?
Names the missing Debian/Ubuntu packages and the command that installs them (exit 1), or
says nothing (exit 0). On other systems it only checks what it can and never blocks.

    python3 tools/check_system.py
"""

from __future__ import annotations

import ctypes.util
import glob
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable

#: shared library (as ctypes.util.find_library names it) → the Debian package holding it
LIBRARIES: dict[str, str] = {
    "glib-2.0": "libglib2.0-0",
    "EGL": "libegl1",
    "GL": "libgl1",
    "fontconfig": "libfontconfig1",
    "xkbcommon": "libxkbcommon0",
    "dbus-1": "libdbus-1-3",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
}
CJK_FONT_PACKAGE = "fonts-noto-cjk"
CJK_FONT_GLOBS = ("/usr/share/fonts/opentype/noto/NotoSansCJK*", "/usr/share/fonts/**/*CJK*")


def missing_packages(
    find_library: Callable[[str], str | None] = ctypes.util.find_library,
    font_globs: Iterable[str] = CJK_FONT_GLOBS,
) -> list[str]:
    """The Debian packages whose files are not found here."""
    missing = [pkg for lib, pkg in LIBRARIES.items() if find_library(lib) is None]
    if not any(glob.glob(g, recursive=True) for g in font_globs) and not _fc_has_cjk():
        missing.append(CJK_FONT_PACKAGE)
    return sorted(set(missing))


def _fc_has_cjk() -> bool:
    if shutil.which("fc-list") is None:
        return False
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh-tw", "family"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(out.strip())


def main() -> int:
    if not sys.platform.startswith("linux"):
        return 0  # the wheels bring what Qt needs on Windows and macOS
    missing = missing_packages()
    if not missing:
        return 0
    print(
        "Threadgist's window needs system packages that are not installed here:\n  "
        + " ".join(missing)
        + "\nOn Debian or Ubuntu:\n  sudo apt-get install "
        + " ".join(missing)
        + "\n(the command line works without them: .venv/bin/threadgist --help)",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())

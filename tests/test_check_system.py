"""`make run` checks the system packages the window needs and names the missing ones."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import check_system  # noqa: E402


def test_missing_libraries_and_fonts_are_named(tmp_path: Path) -> None:
    have = {"glib-2.0", "EGL", "GL", "fontconfig", "dbus-1"}
    missing = check_system.missing_packages(
        lambda lib: f"lib{lib}.so" if lib in have else None, font_globs=[str(tmp_path / "*")]
    )
    assert "libxkbcommon0" in missing and "libxcb-cursor0" in missing
    assert "libegl1" not in missing
    # fonts: found by file, else asked of fontconfig (which has them on this machine or not)
    (tmp_path / "NotoSansCJK-Regular.ttc").write_bytes(b"x")
    with_font = check_system.missing_packages(lambda lib: "x", font_globs=[str(tmp_path / "*")])
    assert with_font == []


def test_every_package_is_one_ci_installs() -> None:
    ci = (REPO / ".ci/run").read_text()
    for pkg in [*check_system.LIBRARIES.values(), check_system.CJK_FONT_PACKAGE]:
        assert pkg in ci, pkg


def test_the_check_passes_on_this_machine_and_make_run_calls_it() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the check is for Linux")
    r = subprocess.run([sys.executable, str(REPO / "tools/check_system.py")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr  # .ci/run installed them
    makefile = (REPO / "Makefile").read_text()
    run = makefile[makefile.index("\nrun:") :]
    assert "tools/check_system.py" in run.split("\n\n")[0]

"""tools/code_metrics.py: module and function lengths and ``dict[str, Any]`` in signatures."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import code_metrics  # noqa: E402

SOURCE = '''"""A module."""
from typing import Any


def small(x: int) -> int:
    return x


def boundary(body: dict[str, Any], extra: Dict[str, Any]) -> dict[str, Any]:
    """Three annotations that spell it."""
    return body


class Holder:
    data: dict[str, Any]

    async def method(self, rows: list[dict[str, object]]) -> None:
        def inner() -> None:
            pass

        inner()
'''


def test_measures_a_package(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "a.py").write_text(SOURCE, encoding="utf-8")
    (pkg / "b.py").write_text("x = 1\n", encoding="utf-8")
    m = code_metrics.measure(pkg)
    assert sorted((s.where, s.lines) for s in m.modules) == [("pkg/a.py", 21), ("pkg/b.py", 1)]
    assert sorted((s.where, s.lines) for s in m.functions) == [
        ("pkg/a.py:17 method", 5),
        ("pkg/a.py:18 inner", 2),
        ("pkg/a.py:5 small", 2),
        ("pkg/a.py:9 boundary", 3),
    ]
    # the class attribute is no signature; dict[str, object] is not dict[str, Any]
    assert m.dict_any == ["pkg/a.py:9 boundary"] * 3
    table = code_metrics.table(["pkg"], [m])
    assert "| `dict[str, Any]` in signatures | 3 |" in table
    assert "| module lines p50 / p90 / max | 11 / 19 / 21 |" in table


def test_percentile_interpolates() -> None:
    values = list(range(1, 11))
    assert code_metrics.percentile(values, 50) == 6  # 5.5, rounded
    assert code_metrics.percentile(values, 90) == 9
    assert code_metrics.percentile([], 90) == 0
    assert code_metrics.percentile([7], 90) == 7

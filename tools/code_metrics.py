"""Size metrics of a Python package, the measure of issue 24 (one script for every codebase).

- module lines: physical lines of each ``.py`` file (blank lines and comments included);
- function lines: ``end_lineno - lineno + 1`` of every ``def``/``async def`` (methods and
  nested functions included, decorators not);
- ``dict[str, Any]`` in signatures: each parameter or return annotation that spells it
  (``Dict[str, Any]`` too), listed with file:line.

Percentiles interpolate linearly between ranks and round (``statistics.quantiles`` with
``method="inclusive"``, numpy's default), so p90 of 1..10 is 9. Several roots print side by
side. Run: ``python tools/code_metrics.py [ROOT ...] [--label NAME ...] [--top N]``.
"""

from __future__ import annotations

import argparse
import ast
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "desktop" / "threadgist"
DICT_ANY = re.compile(r"\b[Dd]ict\[str, *(typing\.)?Any\]")


@dataclass(frozen=True)
class Sized:
    """A module or a function and its length in lines."""

    where: str
    lines: int


@dataclass
class Metrics:
    """Everything measured over one root."""

    modules: list[Sized] = field(default_factory=list)
    functions: list[Sized] = field(default_factory=list)
    dict_any: list[str] = field(default_factory=list)


def percentile(values: list[int], p: int) -> int:
    """The ``p``-th percentile, interpolated between ranks and rounded (0 for no values)."""
    if len(values) < 2:
        return values[0] if values else 0
    return round(statistics.quantiles(values, n=100, method="inclusive")[p - 1])


def signature_annotations(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.expr]:
    """The annotations of a function's parameters and its return."""
    args = node.args
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    every += [a for a in (args.vararg, args.kwarg) if a is not None]
    found = [a.annotation for a in every if a.annotation is not None]
    if node.returns is not None:
        found.append(node.returns)
    return found


def measure_file(path: Path, name: str, into: Metrics) -> None:
    """Add one file's module length, function lengths and ``dict[str, Any]`` annotations."""
    text = path.read_text(encoding="utf-8")
    into.modules.append(Sized(name, len(text.splitlines())))
    for node in ast.walk(ast.parse(text, filename=str(path))):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        end = node.end_lineno or node.lineno
        into.functions.append(Sized(f"{name}:{node.lineno} {node.name}", end - node.lineno + 1))
        for annotation in signature_annotations(node):
            if DICT_ANY.search(ast.unparse(annotation)):
                into.dict_any.append(f"{name}:{annotation.lineno} {node.name}")


def measure(root: Path) -> Metrics:
    """The metrics of every ``.py`` file under ``root`` (names relative to its parent)."""
    found = Metrics()
    for path in sorted(root.rglob("*.py")):
        measure_file(path, path.relative_to(root.parent).as_posix(), found)
    return found


def summary_rows(metrics: Metrics) -> list[str]:
    """The cells of the summary table for one root, in the order of ``SUMMARY_NAMES``."""
    mods = [m.lines for m in metrics.modules]
    funcs = [f.lines for f in metrics.functions]
    return [
        f"{len(mods)} / {sum(mods):,}",
        f"{percentile(mods, 50)} / {percentile(mods, 90)} / {max(mods, default=0):,}",
        f"{len(funcs):,}",
        f"{percentile(funcs, 50)} / {percentile(funcs, 90)} / {max(funcs, default=0)}",
        str(len(metrics.dict_any)),
    ]


SUMMARY_NAMES = [
    "modules / lines",
    "module lines p50 / p90 / max",
    "functions",
    "function lines median / p90 / max",
    "`dict[str, Any]` in signatures",
]


def table(labels: list[str], measured: list[Metrics]) -> str:
    """The summary as a Markdown table, one column per root."""
    cols = [summary_rows(m) for m in measured]
    lines = ["| | " + " | ".join(labels) + " |", "|---|" + "---:|" * len(labels)]
    for i, name in enumerate(SUMMARY_NAMES):
        lines.append(f"| {name} | " + " | ".join(c[i] for c in cols) + " |")
    return "\n".join(lines)


def largest(items: list[Sized], top: int) -> list[str]:
    """The ``top`` longest items as Markdown list lines."""
    ranked = sorted(items, key=lambda s: (-s.lines, s.where))[:top]
    return [f"- {s.lines:,} `{s.where}`" for s in ranked]


def details(label: str, metrics: Metrics, top: int) -> str:
    """The largest modules and functions and every ``dict[str, Any]`` of one root."""
    parts = [f"## {label}", "", f"Largest modules ({top}):", *largest(metrics.modules, top), ""]
    parts += [f"Largest functions ({top}):", *largest(metrics.functions, top), ""]
    parts += [f"`dict[str, Any]` in signatures ({len(metrics.dict_any)}):"]
    parts += [f"- `{d}`" for d in metrics.dict_any] or ["- none"]
    return "\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("roots", nargs="*", type=Path, help="package directories (default: desktop/threadgist)")
    ap.add_argument("--label", action="append", default=[], help="a column's name, once per root")
    ap.add_argument("--top", type=int, default=10, help="how many largest modules and functions to list")
    args = ap.parse_args()
    roots: list[Path] = args.roots or [DEFAULT_ROOT]
    labels: list[str] = args.label or [str(r) for r in roots]
    if len(labels) != len(roots):
        ap.error("give one --label per root")
    measured = [measure(r) for r in roots]
    print(table(labels, measured))
    for label, metrics in zip(labels, measured, strict=True):
        print()
        print(details(label, metrics, args.top))


if __name__ == "__main__":
    main()

"""How many of the names the code binds are one or two letters long (issue 16's measure).

Counted: names assigned (``x = …``, ``for x in …``, ``with … as x``, comprehension
variables), function parameters, and the names of functions and classes, each binding
once; ``self``, ``cls`` and ``_`` are left out; leading underscores do not count towards
the length. Run: ``python tools/short_names.py [--files N]``.
"""

from __future__ import annotations

import argparse
import ast
import collections
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "desktop" / "threadgist"
SKIP = {"self", "cls", "_"}


def bound_names(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.append(node.id)
        elif isinstance(node, ast.arg):
            names.append(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
    return [n for n in names if n not in SKIP]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=15, help="list the N files with the most short names")
    args = ap.parse_args()
    total = short = 0
    per_file: collections.Counter[str] = collections.Counter()
    all_in_file: collections.Counter[str] = collections.Counter()
    which: collections.Counter[str] = collections.Counter()
    for path in sorted(ROOT.rglob("*.py")):
        if path.name == "core_texts.py":  # generated
            continue
        rel = str(path.relative_to(ROOT))
        for name in bound_names(ast.parse(path.read_text("utf-8"))):
            total += 1
            all_in_file[rel] += 1
            if len(name.lstrip("_")) <= 2:
                short += 1
                per_file[rel] += 1
                which[name] += 1
    print(f"{short} of {total} bound names are one or two letters long: {short / total:.1%}")
    for rel, n in per_file.most_common(args.files):
        print(f"{n:4d} of {all_in_file[rel]:4d}  {rel}")
    print("most used:", ", ".join(f"{n} ({c})" for n, c in which.most_common(20)))


if __name__ == "__main__":
    main()

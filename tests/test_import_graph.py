"""The import graph: no circle anywhere in threadgist: the gui's modules import each other
without one (helpers take a parent widget and their data, never the window), and so do the
core's packages, the command line's and the top-level modules."""

from __future__ import annotations

import grimp
import pytest


def circles(graph: grimp.ImportGraph, prefix: str) -> list[list[str]]:
    """Strongly connected groups of more than one module among those under ``prefix``."""
    mods = sorted(m for m in graph.modules if m.startswith(prefix))
    edges = {
        m: sorted(i for i in graph.find_modules_directly_imported_by(m) if i.startswith(prefix)) for m in mods
    }
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's algorithm
        order[v] = low[v] = len(order)
        stack.append(v)
        for w in edges[v]:
            if w not in order:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], order[w])
        if low[v] == order[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for m in mods:
        if m not in order:
            visit(m)
    return found


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("threadgist")


def packages(graph: grimp.ImportGraph) -> list[str]:
    """``threadgist.`` and each of its subpackages, as prefixes (top-level modules are
    covered by the first)."""
    found = {"threadgist."}
    for m in graph.modules:
        parts = m.split(".")
        for depth in range(2, len(parts)):
            found.add(".".join(parts[:depth]) + ".")
    return sorted(found)


def test_no_circle_anywhere(graph: grimp.ImportGraph) -> None:
    """No circle among all of threadgist's modules, function-level imports included (grimp
    reads those too), so none in any package either."""
    assert circles(graph, "threadgist.") == []


def test_every_package_is_covered(graph: grimp.ImportGraph) -> None:
    seen = packages(graph)
    for prefix in ("threadgist.commands.", "threadgist.gui.", "threadgist.thread.web.", "threadgist.digest."):
        assert prefix in seen
    assert "threadgist.cli" in graph.modules and "threadgist.launcher" in graph.modules


@pytest.mark.parametrize(
    "prefix",
    [
        "threadgist.commands.",
        "threadgist.gui.",
        "threadgist.digest.",
        "threadgist.services.",
        "threadgist.llm.",
        "threadgist.thread.",
        "threadgist.store.",
    ],
)
def test_no_circle(graph: grimp.ImportGraph, prefix: str) -> None:
    assert circles(graph, prefix) == []


def test_a_circle_is_found() -> None:
    """The check itself: a made-up graph with a circle."""
    g = grimp.ImportGraph()
    for m in ("p.a", "p.b", "p.c"):
        g.add_module(m)
    g.add_import(importer="p.a", imported="p.b")
    g.add_import(importer="p.b", imported="p.a")
    g.add_import(importer="p.c", imported="p.a")
    assert circles(g, "p.") == [["p.a", "p.b"]]


def test_function_level_imports_count(graph: grimp.ImportGraph) -> None:
    """A circle cannot hide behind an import inside a function (as commands/common.py ↔
    fetch.py did): load_threads imports fetch that way, and the graph has it."""
    assert graph.direct_import_exists(
        importer="threadgist.commands.common", imported="threadgist.commands.fetch"
    )

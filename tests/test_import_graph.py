"""The import graph: the gui's modules import each other without a circle (helpers take
a parent widget and their data, never the window), and so do the core's packages."""

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


@pytest.mark.parametrize(
    "prefix",
    [
        "threadgist.gui.",
        "threadgist.digest.",
        "threadgist.services",
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

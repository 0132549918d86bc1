"""Finding regular expressions that take more than linear time (tests/test_redos.py).

Every pattern the app runs on text from files, servers and models is found by reading
the sources (``re.compile`` and ``re.match``/``search``/… calls, whatever they are
assigned to) and by importing the modules (patterns built from pieces). Each is then
run on *pumped* strings: a prefix of a string it matches, one character class (or a
mix of two) repeated ``n`` times, and an ending that makes the match fail, which is
what makes a backtracking engine try every way to split the run. The characters come
from the pattern itself: each literal, each end of each range, one member of every
class (``\\s``, ``\\d``, ``\\w``, ``.``) and one outsider of every negated class.

The cost is measured in CPU time of this thread (not wall-clock time, so that other
processes on a busy machine do not count) at ``n`` to ``8 n``: linear code takes about
8 times as long, quadratic 64 times, cubic 512 times. A growth above ``LIMIT`` is
measured again, best of several, before it counts.
"""

from __future__ import annotations

import ast
import importlib
import math
import pkgutil
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from re import _constants as C
from re import _parser
from typing import Any

PACKAGES = (
    "threadgist.thread",
    "threadgist.thread.web",
    "threadgist.digest",
    "threadgist.llm",
    "threadgist.commands",
)
#: the power of the size that the time may grow with: 1 is linear, 2 quadratic
LIMIT = 1.5
#: below this much CPU time at the largest size nothing counts (timer noise)
FLOOR = 0.001
#: a size that takes longer than this is the last one measured
BUDGET = 0.2

_CLASS_MEMBERS = {
    C.CATEGORY_DIGIT: "7",
    C.CATEGORY_NOT_DIGIT: "a",
    C.CATEGORY_SPACE: " \t\u3000",
    C.CATEGORY_NOT_SPACE: "x",
    C.CATEGORY_WORD: "a_中",
    C.CATEGORY_NOT_WORD: "-",
    C.CATEGORY_LINEBREAK: "\n",
    C.CATEGORY_NOT_LINEBREAK: "x",
}
#: always tried: a line break, a non-ASCII letter, punctuation, a control character
_ALWAYS = "\n中.<>\"'\x01"


@dataclass(frozen=True)
class Found:
    """One pattern, where it is, and whether the app only ever ``match``-es it (from one
    position) or also searches with it (from every position: ``search``, ``sub``, …)."""

    where: str  # module:line or module.NAME
    pattern: re.Pattern[Any]
    match_only: bool


# --- finding the patterns ------------------------------------------------------------
def modules() -> list[Any]:
    out = []
    for name in PACKAGES:
        package = importlib.import_module(name)
        out.append(package)
        out += [
            importlib.import_module(f"{name}.{info.name}")
            for info in pkgutil.iter_modules(package.__path__)
            if not info.ispkg
        ]
    return out


_RE_CALLS = {"compile", "match", "search", "fullmatch", "sub", "subn", "split", "findall", "finditer"}
_MATCHING = {"match", "fullmatch"}


def all_patterns() -> tuple[list[Found], list[str]]:
    """Every distinct pattern of the app's text-handling packages; and the ``re`` calls
    whose pattern is neither a literal nor one of the modules' attributes."""
    mods = modules()
    sources = {m.__name__: Path(m.__file__).read_text(encoding="utf-8") for m in mods}
    everything = "\n".join(sources.values())
    found: list[tuple[Found, bool | None]] = []  # with how it is used (None: unknown)
    computed: list[str] = []
    for module in mods:
        literal, not_literal = source_patterns(module.__name__, sources[module.__name__])
        found += literal
        computed += not_literal
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                uses = set(re.findall(rf"\b{name}\.(\w+)\(", everything))
                found.append(
                    (Found(f"{module.__name__}.{name}", value, False), uses <= _MATCHING if uses else None)
                )
    by_key: dict[tuple[Any, int], list[tuple[Found, bool | None]]] = {}
    for item in found:
        by_key.setdefault((item[0].pattern.pattern, item[0].pattern.flags), []).append(item)
    distinct: list[Found] = []
    for group in by_key.values():  # match-only when every known use is a match
        known = [use for _, use in group if use is not None]
        where = next((f.where for f, _ in group if ":" not in f.where), group[0][0].where)  # a name
        distinct.append(Found(where, group[0][0].pattern, bool(known) and all(known)))
    return distinct, computed


def source_patterns(module: str, source: str) -> tuple[list[tuple[Found, bool | None]], list[str]]:
    """Patterns written as literals in ``re.*`` calls; and the places whose pattern is not
    a literal (they must be among the modules' attributes)."""
    found: list[tuple[Found, bool | None]] = []
    computed: list[str] = []
    tree = ast.parse(source)
    # built from pieces into a module's attribute: the attribute is judged
    attributes = {id(stmt.value) for stmt in tree.body if isinstance(stmt, ast.Assign | ast.AnnAssign)}
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.func.attr in _RE_CALLS
            and node.args
        ):
            continue
        where = f"{module}:{node.lineno}"
        arg = node.args[0]
        flags = _literal_flags(node, node.func.attr)
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str | bytes) and flags is not None:
            # None: compiled, judged by its uses (found as a module attribute)
            use = None if node.func.attr == "compile" else node.func.attr in _MATCHING
            found.append((Found(where, re.compile(arg.value, flags), bool(use)), use))
        elif id(node) not in attributes:
            computed.append(where)
    return found, computed


def _literal_flags(node: ast.Call, call: str) -> int | None:
    """The flags of an ``re`` call when they are written as ``re.X | re.Y`` (else None)."""
    flag_nodes = [kw.value for kw in node.keywords if kw.arg == "flags"]
    if call == "compile":
        flag_nodes += node.args[1:2]
    elif call in ("match", "search", "fullmatch", "findall", "finditer", "split"):
        flag_nodes += node.args[2:3]
    else:  # sub, subn: pattern, repl, string, count, flags
        flag_nodes += node.args[4:5]
    flags = 0
    for flag in flag_nodes:
        for name in _or_names(flag):
            if name is None:
                return None
            flags |= getattr(re, name)
    return flags


def _or_names(node: ast.expr) -> list[str | None]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _or_names(node.left) + _or_names(node.right)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "re":
        return [node.attr]
    return [None]


# --- the strings ---------------------------------------------------------------------
def characters(pattern: re.Pattern[Any]) -> list[str]:
    """One character of each kind the pattern tells apart, plus a few that it does not."""
    out: set[str] = set(_ALWAYS)
    source = pattern.pattern
    if isinstance(source, bytes):
        _walk(_parser.parse(source.decode("latin-1")), out)
        return sorted(c for c in out if ord(c) < 256)
    _walk(_parser.parse(source, pattern.flags), out)
    return sorted(out)


def _walk(tree: Any, out: set[str]) -> None:
    for op, value in tree:
        if op in (C.LITERAL, C.NOT_LITERAL):
            out.add(chr(value))
            out.update(chr(value).swapcase())
        elif op is C.ANY:
            out.add("x")
        elif op is C.IN:
            _class(value, out)
        elif op is C.SUBPATTERN:
            _walk(value[-1], out)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            _walk(value[2], out)
        elif op is C.ATOMIC_GROUP:
            _walk(value, out)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            _walk(value[1], out)
        elif op is C.BRANCH:
            for branch in value[1]:
                _walk(branch, out)
        elif op is C.GROUPREF_EXISTS:
            _walk(value[1], out)
            if value[2] is not None:
                _walk(value[2], out)


def _class(items: Any, out: set[str]) -> None:
    for op, value in items:
        if op is C.LITERAL:
            out.add(chr(value))
        elif op is C.RANGE:
            out.update((chr(value[0]), chr(value[1])))
        elif op is C.CATEGORY:
            out.update(_CLASS_MEMBERS.get(value, ""))
        elif op is C.NEGATE:
            out.update("x中")


def units(chars: list[str]) -> list[str]:
    """What is repeated: each character, and each character after each other one."""
    return chars + [a + b for a in chars for b in chars if a != b]


# --- the measuring ---------------------------------------------------------------------
def runner(found: Found) -> Callable[[Any], None]:
    """What the app does with the pattern: ``match`` at the start, or every match from
    every position (what ``sub``, ``findall`` and a failing ``search`` do)."""
    pattern = found.pattern

    def run(text: Any) -> None:
        if found.match_only:
            pattern.match(text)
        else:
            for _ in pattern.finditer(text):
                pass

    return run


def cpu_time(run: Callable[[Any], None], text: Any, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.thread_time()
        run(text)
        best = min(best, time.thread_time() - start)
    return best


def exponent(run: Callable[[Any], None], make: Callable[[int], Any], n: int, repeat: int = 1) -> float:
    """How the time grows from ``make(n)`` to ``make(8 n)``, as the power of the size
    (1 linear, 2 quadratic). When n is not quick, by doubling, stopping after a size that
    took more than ``BUDGET`` (a cubic pattern could take minutes at 8 n)."""
    sizes = [n]
    times = [cpu_time(run, make(n), repeat)]
    if times[0] * 8**3 < BUDGET:  # even cubic growth would stay cheap: straight to 8 n
        sizes.append(8 * n)
        times.append(cpu_time(run, make(8 * n), repeat))
    for size in (2 * n, 4 * n, 8 * n) if len(sizes) == 1 else ():
        sizes.append(size)
        times.append(cpu_time(run, make(size), repeat))
        if times[-1] > BUDGET:
            break
    if times[-1] < FLOOR or len(times) < 2:
        return 1.0
    return math.log(times[-1] / max(times[0], 1e-7)) / math.log(sizes[-1] / sizes[0])


def superlinear(run: Callable[[Any], None], make: Callable[[int], Any], n: int) -> float | None:
    """The growth exponent when it is above ``LIMIT``, measured twice (the second time best
    of five, so that one slow run on a busy machine does not count); else None."""
    for repeat in (1, 5):
        power = exponent(run, make, n, repeat)
        if power <= LIMIT:
            return None
    return power


def pumped(prefix: str, unit: str, tail: str, as_bytes: bool) -> Callable[[int], Any]:
    def make(n: int) -> Any:
        text = prefix + unit * (n // len(unit)) + tail
        return text.encode("latin-1", "replace") if as_bytes else text

    return make

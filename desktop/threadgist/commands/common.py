"""Helpers shared by the subcommands (the console ones, re-exported here, live in
:mod:`.console`, which :mod:`.fetch` imports too)."""

from __future__ import annotations

import argparse
import dataclasses
import os

from ..digest.forms import DEFAULT_FORM, FORMS
from ..digest.pipeline import PIPELINES
from ..llm.builtin import builtin_profile
from ..llm.profiles import EndpointProfile
from ..services import Services
from ..store.cache import Cache
from ..thread import Thread, ThreadFileError
from . import EXIT_BAD_FILE, EXIT_CONFIG, EXIT_ENDPOINT, EXIT_OK, EXIT_USAGE, EXIT_WRITE
from .console import CommandError as CommandError
from .console import err as err
from .console import terminal_safe as terminal_safe


def load_threads(path: str) -> list[Thread]:
    """The threads of a file, or of a thread address (fetched and saved first)."""
    if not os.path.exists(path):
        from ..thread.web import looks_like_url

        if looks_like_url(path):
            from .fetch import fetch_threads  # (the web layer is imported only for an address)

            return fetch_threads(path)
    from ..thread.web import load_saved  # a copy fetched by this app: the fetch's notes too

    try:
        return load_saved(path).threads
    except ThreadFileError as e:
        raise CommandError(str(e), EXIT_BAD_FILE) from None
    except (RecursionError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise CommandError(
            f"{path}: could not be parsed ({type(e).__name__}: {e}); please report this file",
            EXIT_BAD_FILE,
        ) from None


def pick_thread(threads: list[Thread], article: int | None, path: str) -> Thread:
    if article is None:
        if len(threads) > 1:
            raise CommandError(
                f"{path} holds {len(threads)} articles: choose one with --article N", EXIT_USAGE
            )
        return threads[0]
    if not 1 <= article <= len(threads):
        raise CommandError(
            f"{path} holds {len(threads)} article(s); --article must be 1–{len(threads)}",
            EXIT_USAGE,
        )
    return threads[article - 1]


BUILTIN_NAMES = ("builtin", "Built-in (local)")


def resolve_profile(services: Services, endpoint: str | None, model: str | None) -> EndpointProfile:
    """The named endpoint (or the default one, or the built-in engine), with ``model``.
    When endpoints.json is damaged, a run that names or defaults to a profile that could
    not be read stops (:data:`EXIT_CONFIG`) rather than run elsewhere; otherwise the
    damage is told in one line and the run goes on."""
    refuse_lost(services, endpoint)
    profile = services.profiles.get(endpoint)
    if profile is None and endpoint in (None, *BUILTIN_NAMES):
        profile = builtin_profile()
    if profile is None:
        if endpoint:
            raise CommandError(
                f"no endpoint named “{endpoint}” (see `threadgist endpoints list`)", EXIT_USAGE
            )
        raise CommandError(
            "no endpoint is configured and the built-in engine is not installed: add one, e.g. "
            "`threadgist endpoints add local --preset ollama --model qwen2.5:7b`, or "
            "pip install 'threadgist[local]'",
            EXIT_ENDPOINT,
        )
    report_damage(services)
    if model:
        profile = dataclasses.replace(profile, model=model)
    return profile


def refuse_lost(services: Services, endpoint: str | None) -> None:
    store = services.profiles
    damage = store.damage
    if damage is None or (endpoint is not None and endpoint in store.profiles):
        return
    path = damage.path
    if endpoint is None and damage.whole is not None:
        raise CommandError(
            f"{path} cannot be read ({damage.whole}), so the default endpoint is not known: "
            "fix the file, or name the endpoint with --endpoint NAME (builtin: the built-in engine)",
            EXIT_CONFIG,
        )
    if endpoint is None and damage.default is not None:
        named = f" “{damage.default}”" if damage.default else ""
        raise CommandError(
            f"the default endpoint{named} in {path} could not be read "
            f"({_why(services, damage.default)}): fix the file, or name another with --endpoint NAME",
            EXIT_CONFIG,
        )
    if endpoint is not None and damage.whole is not None and endpoint not in BUILTIN_NAMES:
        raise CommandError(
            f"{path} cannot be read ({damage.whole}), so the endpoint “{endpoint}” is not known: "
            "fix the file, or add the endpoint again (the file is then moved aside)",
            EXIT_CONFIG,
        )
    if endpoint is not None and endpoint in damage.lost_names():
        raise CommandError(
            f"the endpoint “{endpoint}” in {path} could not be read ({_why(services, endpoint)}): "
            f"fix the file, or remove it with `threadgist endpoints remove {endpoint}`",
            EXIT_CONFIG,
        )


def _why(services: Services, name: str) -> str:
    damage = services.profiles.damage
    lost = damage.lost if damage else ()
    found = [str(problem.why) for problem in lost if (problem.name or "") == name]
    return found[0] if found else "it could not be read"


def report_damage(services: Services) -> None:
    """One line on stderr when endpoints.json was damaged (once per command)."""
    damage = services.profiles.damage
    if damage is not None and not services.profiles.damage_told:
        services.profiles.damage_told = True
        err(damage.line())


def tell_cache(cache: Cache) -> None:
    """The cache's warnings not told yet, a line each (each is told once)."""
    for warning in cache.take_warnings():
        err(warning)


def unkept(cache: Cache, code: int) -> int:
    """``code``, or :data:`EXIT_WRITE` when it would be success but the result cache could
    not be written (a full disk: the output is there, the cache did not keep it; the line
    that says so was told by :func:`tell_cache`)."""
    return EXIT_WRITE if code == EXIT_OK and cache.not_kept is not None else code


def seconds(text: str) -> float:
    """An argparse type: a positive number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value < 10**7:
        raise argparse.ArgumentTypeError(f"not a positive number of seconds: {text!r}")
    return value


def add_pipeline_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pipeline",
        choices=PIPELINES,
        default="single",
        help="single: one call, or map/reduce over parts, then every comment sorted "
        "into the merged groups (default; not on the built-in engine); merge: the same "
        "without the sort (one call per part fewer, groups less exact); staged: find "
        "topics, sort every comment into them, then summarize",
    )
    parser.add_argument(
        "--form",
        choices=FORMS,
        default=DEFAULT_FORM,
        help="compact: the model writes floors as ranges and no quotes (the app picks "
        "them), about half the answer tokens; rich: every floor and the model's own quotes "
        f"(default: {DEFAULT_FORM})",
    )

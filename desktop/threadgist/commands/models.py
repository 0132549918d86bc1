"""threadgist models: the model catalog for the built-in engine."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from ..llm.catalog import GB, CatalogModel, assess, download_model, installed_path, load_catalog, recommend
from ..llm.download import DownloadCancelled, DownloadError
from ..llm.hardware import this_machine
from ..llm.profiles import EndpointProfile, ProfileStore
from ..store.paths import data_dir
from . import EXIT_BAD_FILE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from .common import CommandError, terminal_safe


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "models",
        help="the model catalog for the built-in engine",
        description="Curated instruct GGUF models from their publishers' repositories, each "
        "with its size, SHA-256, licence and languages. `list` says which fit this computer "
        "(its free memory) and marks the suggested one (★); `get ID` downloads a model "
        "(resuming a stopped download, checking every part) and adds it as an endpoint.",
    )
    s = p.add_subparsers(dest="models_cmd", metavar="ACTION", required=True)
    ls = s.add_parser("list", help="the catalog, and what fits this computer")
    ls.add_argument(
        "--english", action="store_true", help="suggest a model for English threads (default: Chinese ones)"
    )
    ls.set_defaults(run=list_)
    g = s.add_parser("get", help="download a catalog model and add it as an endpoint")
    g.add_argument("id", metavar="ID")
    g.add_argument("--default", action="store_true", help="make it the default endpoint")
    g.set_defaults(run=get)


def folder() -> Path:
    return data_dir() / "models"


def list_(args: argparse.Namespace) -> int:
    models = _catalog()
    machine = this_machine()
    fits = [assess(m, machine) for m in models]
    best = recommend(fits, chinese=not args.english)
    print(
        f"this computer: {machine.ram_usable / GB:.1f} GB of {machine.ram_total / GB:.1f} GB "
        f"memory free, {machine.cores} CPU cores"
    )
    for f in fits:
        m = f.model
        star = "★" if best is not None and best.model.id == m.id else " "
        have = (
            "downloaded"
            if installed_path(m, folder())
            else ("fits" if f.fits else f"too big ({f.ram_needed / GB:.1f} GB)")
        )
        licence = m.licence if m.commercial_use else m.licence + " — not for commercial use"
        print(f"{star} {m.id:<36} {m.size / GB:5.1f} GB  Chinese: {m.chinese:<4}  {have}")
        print(f"    {m.name} · {m.publisher} · {licence}")
        print(f"    {m.good_for}")
    return EXIT_OK


def get(args: argparse.Namespace) -> int:
    models = {m.id: m for m in _catalog()}
    m = models.get(args.id)
    if m is None:
        raise CommandError(
            f"no model {args.id!r} in the catalog; `threadgist models list` shows the ids", EXIT_USAGE
        )
    cancel = threading.Event()
    tty = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if tty:
            sys.stderr.write(f"\r{m.name}: {done / GB:.2f} of {total / GB:.2f} GB   ")
            sys.stderr.flush()

    try:
        path = download_model(m, folder(), progress=progress, cancel=cancel)
    except KeyboardInterrupt:
        cancel.set()
        print("\nthreadgist: download stopped; `threadgist models get` resumes it", file=sys.stderr)
        return EXIT_INTERRUPTED
    except DownloadCancelled:
        return EXIT_INTERRUPTED
    except (DownloadError, OSError) as e:
        if tty:
            sys.stderr.write("\n")
        raise CommandError(f"{m.name}: {terminal_safe(str(e))}", EXIT_BAD_FILE) from None
    if tty:
        sys.stderr.write("\n")
    name = f"Built-in: {m.name}"
    ProfileStore().add(
        EndpointProfile.from_preset(name, "builtin", model=str(path)), make_default=args.default
    )
    print(
        f"{m.name} is in {path}; endpoint {name!r} uses it (`threadgist summarize FILE --endpoint {name!r}`)"
    )
    return EXIT_OK


def _catalog() -> list[CatalogModel]:
    try:
        return load_catalog()
    except ValueError as e:
        raise CommandError(str(e), EXIT_BAD_FILE) from None

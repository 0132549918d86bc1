"""threadgist models: the model catalog for the built-in engine."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from ..llm.catalog import GB, CatalogModel, download_model, installed_path, load_catalog
from ..llm.catalog_fit import assess, recommend
from ..llm.download import DownloadCancelled, DownloadError
from ..llm.hardware import this_machine
from ..llm.profile_store import ProfileStore
from ..llm.profiles import EndpointProfile
from ..store.paths import data_dir
from . import EXIT_BAD_FILE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from .common import CommandError, terminal_safe


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "models",
        help="the model catalog for the built-in engine",
        description="Curated instruct GGUF models from their publishers' repositories, each "
        "with its size, SHA-256, licence and languages. `list` says which fit this computer "
        "(its free memory) and marks the suggested one (★); `get ID` downloads a model "
        "(resuming a stopped download, checking every part) and adds it as an endpoint.",
    )
    actions = parser.add_subparsers(dest="models_cmd", metavar="ACTION", required=True)
    list_action = actions.add_parser("list", help="the catalog, and what fits this computer")
    list_action.add_argument(
        "--english", action="store_true", help="suggest a model for English threads (default: Chinese ones)"
    )
    list_action.set_defaults(run=list_)
    get_action = actions.add_parser("get", help="download a catalog model and add it as an endpoint")
    get_action.add_argument("id", metavar="ID")
    get_action.add_argument("--default", action="store_true", help="make it the default endpoint")
    get_action.set_defaults(run=get)


def folder() -> Path:
    return data_dir() / "models"


def list_(args: argparse.Namespace) -> int:
    models = _catalog()
    machine = this_machine()
    fits = [assess(model, machine) for model in models]
    best = recommend(fits, chinese=not args.english)
    print(
        f"this computer: {machine.ram_usable / GB:.1f} GB of {machine.ram_total / GB:.1f} GB "
        f"memory free, {machine.cores} CPU cores"
    )
    for fit in fits:
        model = fit.model
        star = "★" if best is not None and best.model.id == model.id else " "
        have = (
            "downloaded"
            if installed_path(model, folder())
            else ("fits" if fit.fits else f"too big ({fit.ram_needed / GB:.1f} GB)")
        )
        licence = model.licence if model.commercial_use else model.licence + " — not for commercial use"
        print(f"{star} {model.id:<36} {model.size / GB:5.1f} GB  Chinese: {model.chinese:<4}  {have}")
        print(f"    {model.name} · {model.publisher} · {licence}")
        print(f"    {model.good_for}")
    return EXIT_OK


def get(args: argparse.Namespace) -> int:
    models = {model.id: model for model in _catalog()}
    model = models.get(args.id)
    if model is None:
        raise CommandError(
            f"no model {args.id!r} in the catalog; `threadgist models list` shows the ids", EXIT_USAGE
        )
    cancel = threading.Event()
    tty = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if tty:
            sys.stderr.write(f"\r{model.name}: {done / GB:.2f} of {total / GB:.2f} GB   ")
            sys.stderr.flush()

    try:
        path = download_model(model, folder(), progress=progress, cancel=cancel)
    except KeyboardInterrupt:
        cancel.set()
        print("\nthreadgist: download stopped; `threadgist models get` resumes it", file=sys.stderr)
        return EXIT_INTERRUPTED
    except DownloadCancelled:
        return EXIT_INTERRUPTED
    except (DownloadError, OSError) as e:
        if tty:
            sys.stderr.write("\n")
        raise CommandError(f"{model.name}: {terminal_safe(str(e))}", EXIT_BAD_FILE) from None
    if tty:
        sys.stderr.write("\n")
    name = f"Built-in: {model.name}"
    store = ProfileStore()
    store.add(EndpointProfile.from_preset(name, "builtin", model=str(path)), make_default=args.default)
    if store.moved_aside is not None:
        print(
            f"warning: {store.path} could not be read; it was moved aside to {store.moved_aside}",
            file=sys.stderr,
        )
    print(
        f"{model.name} is in {path}; endpoint {name!r} uses it "
        f"(`threadgist summarize FILE --endpoint {name!r}`)"
    )
    return EXIT_OK


def _catalog() -> list[CatalogModel]:
    try:
        return load_catalog()
    except ValueError as e:
        raise CommandError(str(e), EXIT_BAD_FILE) from None

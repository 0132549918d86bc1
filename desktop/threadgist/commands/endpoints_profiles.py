"""threadgist endpoints list, add and remove: the profiles in endpoints.json and their
keys in the system keyring."""

from __future__ import annotations

import argparse
import sys

from ..llm.keys import SESSION, env_var_for, redact_url, url_secret
from ..llm.presets import preset
from ..llm.profiles import EndpointProfile
from ..services import Services
from . import EXIT_OK, EXIT_USAGE
from .common import CommandError, report_damage


def tell_moved(services: Services) -> None:
    """Say where a save moved an endpoints.json that could not be read."""
    aside = services.profiles.moved_aside
    if aside is not None:
        services.profiles.moved_aside = None
        print(
            f"warning: {services.profiles.path} could not be read; it was moved aside to {aside} "
            "(the endpoints in it can be copied back from there)",
            file=sys.stderr,
        )


def safe(text: str) -> str:
    """Server text for the terminal: no control characters."""
    return "".join(char if char.isprintable() else "?" for char in text)


def list_(args: argparse.Namespace) -> int:
    services = Services()
    report_damage(services)
    if not services.profiles.profiles:
        if services.profiles.damage is None:
            print("no endpoints yet: threadgist endpoints add NAME --preset PRESET")
        return EXIT_OK
    for profile in services.profiles.profiles.values():
        mark = "*" if profile.name == services.profiles.default else " "
        found = services.keys.get(profile)
        key = found.source or ("none" if profile.kind.needs_key else "not needed")
        warning = (
            "  (the base URL holds a key: add the endpoint again without it)"
            if url_secret(profile.base_url)
            else ""
        )
        print(
            f"{mark} {safe(profile.name):<16} {profile.kind.label:<26} {safe(profile.model_label):<24} "
            f"{safe(redact_url(profile.base_url))}  key: {key}{warning}"
        )
    return EXIT_OK


def add(args: argparse.Namespace) -> int:
    if args.base_url is not None and (why := url_secret(args.base_url)) is not None:
        raise CommandError(f"not saved: {why}; give the key with --key-stdin", EXIT_USAGE)
    services = Services()
    report_damage(services)
    profile = EndpointProfile.from_preset(
        args.name,
        args.preset,
        base_url=args.base_url,
        model=args.model,
        api_version=args.api_version,
        deployment=args.deployment,
        context_window=args.context,
        output_reserve=args.reserve,
        concurrency=args.concurrency,
        request_timeout=args.request_timeout,
    )
    if preset(args.preset).deployments and not (args.deployment and args.api_version):
        raise CommandError("Azure (classic) needs --deployment and --api-version", EXIT_USAGE)
    services.profiles.add(profile, make_default=args.default)
    tell_moved(services)
    print(f"saved “{profile.name}” ({profile.kind.label}, {safe(redact_url(profile.base_url))})")
    if args.key_stdin:
        key = sys.stdin.readline().strip()
        if not key:
            raise CommandError("no key on standard input", EXIT_USAGE)
        stored = services.keys.set(profile.name, key)
        if stored.source == SESSION:
            print(
                f"warning: {stored.keyring_error}. The key was NOT saved; set "
                f"{env_var_for(profile)} in your environment instead.",
                file=sys.stderr,
            )
        else:
            print("key saved in the system keyring")
    return EXIT_OK


def remove(args: argparse.Namespace) -> int:
    services = Services()
    report_damage(services)
    if not services.profiles.remove(args.name):
        raise CommandError(f"no endpoint named “{args.name}”", EXIT_USAGE)
    services.keys.delete(args.name)
    tell_moved(services)
    print(f"removed “{args.name}”")
    return EXIT_OK

"""threadgist endpoints"""

from __future__ import annotations

import argparse
import asyncio
import sys

from ..digest.probe import probe
from ..llm.client import LLMClient
from ..llm.discover import scan
from ..llm.errors import EndpointError
from ..llm.keys import ENVIRONMENT, SESSION, env_var_for, redact_url, url_secret
from ..llm.presets import PRESETS, preset
from ..llm.profiles import EndpointProfile
from ..services import Services
from . import EXIT_ENDPOINT, EXIT_OK, EXIT_USAGE
from .common import CommandError, refuse_lost, report_damage, seconds


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "endpoints",
        help="list, add, remove and test LLM endpoints",
        description="Manage endpoint profiles. Keys go to the system keyring.",
    )
    actions = parser.add_subparsers(dest="endpoints_cmd", metavar="ACTION", required=True)
    actions.add_parser(
        "list",
        help="list the profiles",
        description="List the endpoint profiles: the default one marked *, their kind, "
        "model, base URL and where the key comes from (keyring, environment, session, "
        "none).",
    ).set_defaults(run=list_)
    add_action = actions.add_parser(
        "add",
        help="add or replace a profile",
        description="Add or replace a profile. Presets: " + ", ".join(PRESETS),
    )
    add_action.add_argument("name")
    add_action.add_argument("--preset", required=True, choices=list(PRESETS))
    add_action.add_argument("--base-url")
    add_action.add_argument("--model")
    add_action.add_argument("--api-version", help="Azure classic")
    add_action.add_argument("--deployment", help="Azure classic")
    add_action.add_argument("--context", type=int, help="context window in tokens")
    add_action.add_argument("--reserve", type=int, help="tokens reserved for the answer")
    add_action.add_argument("--concurrency", type=int, help="parallel requests")
    add_action.add_argument(
        "--request-timeout",
        type=seconds,
        metavar="SECONDS",
        help="the longest one request may take, its retries included (default: 600, "
        "more for local servers on long prompts, at most 3600)",
    )
    add_action.add_argument(
        "--key-stdin",
        action="store_true",
        help="read the API key from standard input (kept out of shell history)",
    )
    add_action.add_argument("--default", action="store_true", help="make it the default endpoint")
    add_action.set_defaults(run=add)
    remove_action = actions.add_parser(
        "remove",
        help="remove a profile and its key",
        description="Remove the profile NAME and delete its key from the keyring.",
    )
    remove_action.add_argument("name", metavar="NAME")
    remove_action.set_defaults(run=remove)
    test_action = actions.add_parser(
        "test",
        help="make a minimal real request and report what works",
        description="Check the endpoint NAME (default: the default one): is it "
        "reachable, is the key accepted, is the model listed, does a small "
        "structured answer come back, and which structured-output tier works. "
        "Exit 0 when it works, 4 when not.",
    )
    test_action.add_argument("name", nargs="?", metavar="NAME")
    test_action.set_defaults(run=test)
    scan_action = actions.add_parser(
        "scan",
        help="find local servers (Ollama, LM Studio, llama.cpp, vLLM, Jan)",
        description="Look for LLM servers on this computer (127.0.0.1 only) at the "
        "usual ports of Ollama (11434), LM Studio (1234), llama.cpp (8080), vLLM "
        "(8000) and Jan (1337), and list them with their models. --add makes a "
        "profile for each one found (named after it, with its first model).",
    )
    scan_action.add_argument("--add", action="store_true", help="add a profile for each server found")
    scan_action.set_defaults(run=scan_cmd)
    models_action = actions.add_parser(
        "models",
        help="list the endpoint's models",
        description="List the models the endpoint NAME (default: the default one) "
        "offers; the profile's model is marked *.",
    )
    models_action.add_argument("name", nargs="?", metavar="NAME")
    models_action.set_defaults(run=models)


def scan_cmd(args: argparse.Namespace) -> int:
    found = scan()
    if not found:
        print(
            "no local server found (Ollama, LM Studio, llama.cpp, vLLM, Jan on their usual "
            "ports of 127.0.0.1)"
        )
        return EXIT_OK
    services = Services()
    report_damage(services)
    for server in found:
        models = (
            ", ".join(server.models[:6])
            + (f" (+{len(server.models) - 6} more)" if len(server.models) > 6 else "")
            if server.models
            else "no model loaded"
        )
        print(f"{server.label:<18} {server.base_url}  {safe(models)}")
        if args.add:
            name = server.kind
            services.profiles.add(
                EndpointProfile.from_preset(
                    name,
                    server.preset,
                    base_url=server.base_url,
                    model=server.models[0] if server.models else None,
                )
            )
            _tell_moved(services)
            print(f"  added as “{name}”: threadgist summarize FILE --endpoint {name}")
    return EXIT_OK


def _tell_moved(services: Services) -> None:
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
    _tell_moved(services)
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
    _tell_moved(services)
    print(f"removed “{args.name}”")
    return EXIT_OK


def _get(services: Services, name: str | None) -> EndpointProfile:
    refuse_lost(services, name)
    report_damage(services)
    profile = services.profiles.get(name)
    if profile is None:
        raise CommandError(f"no endpoint named “{name}”" if name else "no endpoint configured", EXIT_USAGE)
    return profile


def models(args: argparse.Namespace) -> int:
    services = Services()
    profile = _get(services, args.name)
    try:
        names = asyncio.run(services.list_models(profile))
    except EndpointError as e:
        raise CommandError(e.message, EXIT_ENDPOINT) from None
    for name in names:
        print(("* " if name == profile.model else "  ") + name)
    return EXIT_OK


def test(args: argparse.Namespace) -> int:
    services = Services()
    profile = _get(services, args.name)
    try:
        found = services.key_for(profile)
        print(
            f"key:        {found.source or 'not needed'}"
            + (" (environment variable)" if found.source == ENVIRONMENT else "")
        )
        client = services.client(profile)
    except EndpointError as e:
        print(f"key:        FAILED — {e.message}")
        return EXIT_ENDPOINT
    ok = asyncio.run(_test(client, profile))
    return EXIT_OK if ok else EXIT_ENDPOINT


async def _test(client: LLMClient, profile: EndpointProfile) -> bool:
    result = await probe(client, profile)
    for check in result.checks:
        label = {"reachable": "reachable:", "model": "model:", "answer": "answer:"}[check.name]
        print(f"{label:<11} {check.text}")
    return result.ok

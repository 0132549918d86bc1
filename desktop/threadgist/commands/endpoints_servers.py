"""threadgist endpoints test, scan and models: what asks a server (a minimal real request,
the local ports, the model list)."""

from __future__ import annotations

import argparse
import asyncio

from ..digest.probe import probe
from ..llm.client import LLMClient
from ..llm.discover import scan
from ..llm.errors import EndpointError
from ..llm.keys import ENVIRONMENT
from ..llm.profiles import EndpointProfile
from ..services import Services
from . import EXIT_ENDPOINT, EXIT_OK, EXIT_USAGE
from .common import CommandError, refuse_lost, report_damage
from .endpoints_profiles import safe, tell_moved


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
            tell_moved(services)
            print(f"  added as “{name}”: threadgist summarize FILE --endpoint {name}")
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

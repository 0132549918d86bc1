"""threadgist endpoints: the command's options; its actions are in endpoints_profiles.py
(list, add, remove) and endpoints_servers.py (test, scan, models)."""

from __future__ import annotations

import argparse

from ..llm.presets import PRESETS
from .common import seconds
from .endpoints_profiles import add, list_, remove
from .endpoints_servers import models, scan_cmd, test


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
    _add_add(actions)
    remove_action = actions.add_parser(
        "remove",
        help="remove a profile and its key",
        description="Remove the profile NAME and delete its key from the keyring.",
    )
    remove_action.add_argument("name", metavar="NAME")
    remove_action.set_defaults(run=remove)
    _add_server_actions(actions)


def _add_add(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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


def _add_server_actions(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The actions that ask a server: test, scan, models."""
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

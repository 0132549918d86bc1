""" "Test" an endpoint: a minimal real request, reporting what works (shared by
`threadgist endpoints test` and the endpoint dialog)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from ..llm.chat import ChatClient
from ..llm.errors import EndpointError, ErrorKind
from ..llm.profiles import EndpointProfile
from ..messages import Text, msg
from . import schema as S


@dataclass(frozen=True)
class Check:
    name: str  # reachable | model | answer
    ok: bool
    text: Text


@dataclass
class ProbeResult:
    checks: list[Check]
    models: list[str]
    tokens_per_second: float | None = None

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks if check.name != "model")


async def probe(client: ChatClient, profile: EndpointProfile) -> ProbeResult:
    """List the models, then ask for a tiny structured answer. Closes the client."""
    result = ProbeResult([], [])
    try:
        try:
            result.models = await client.list_models()
            result.checks.append(
                Check("reachable", True, msg("yes ({count} model(s) listed)", count=len(result.models)))
            )
            if profile.model and result.models and profile.kind.lists_models:
                listed = profile.model in result.models
                result.checks.append(
                    Check(
                        "model",
                        listed,
                        msg("listed")
                        if listed
                        else msg(
                            "NOT listed (the server lists: {models})", models=", ".join(result.models[:8])
                        ),
                    )
                )
        except EndpointError as e:
            result.checks.append(
                Check("reachable", e.kind not in (ErrorKind.UNREACHABLE, ErrorKind.AUTH), e.detail)
            )
            if e.kind in (ErrorKind.UNREACHABLE, ErrorKind.AUTH):
                return result
        schema = S._obj({"answer": S._STR})
        started = time.monotonic()
        try:
            answer = await client.complete_json(
                [{"role": "user", "content": 'Reply with the JSON object {"answer": "ok"}.'}],
                schema_name="test",
                schema=schema,
                validate=lambda doc: S.validate(doc, schema),
                max_tokens=64,
            )
            took = time.monotonic() - started
            if answer.completion_tokens and took > 0:
                result.tokens_per_second = answer.completion_tokens / took
            result.checks.append(
                Check(
                    "answer",
                    True,
                    msg(
                        "ok in {seconds} s, structured output tier: {tier}, usage reported: yes",
                        seconds=f"{took:.1f}",
                        tier=answer.tier,
                    )
                    if answer.prompt_tokens is not None
                    else msg(
                        "ok in {seconds} s, structured output tier: {tier}, usage reported: no",
                        seconds=f"{took:.1f}",
                        tier=answer.tier,
                    ),
                )
            )
        except EndpointError as e:
            result.checks.append(Check("answer", False, msg("FAILED — {error}", error=e.detail)))
    finally:
        await client.aclose()
    return result

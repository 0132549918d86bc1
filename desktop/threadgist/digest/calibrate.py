"""Calibration against llama.cpp servers: the real context size (``/props``) and the
model's own token counts (``/tokenize``)."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from typing import Any

from ..llm.chat import ChatClient
from ..llm.profiles import EndpointProfile
from .tokens import TokenCounter


def server_root(profile: EndpointProfile) -> str:
    base = profile.base_url.rstrip("/")
    return base[:-3] if base.endswith("/v1") else base


def _post_json(url: str, payload: dict[str, Any], key: str | None, timeout: float) -> Any:
    req = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        method="POST",
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {key}"} if key else {})},
    )
    with urllib.request.urlopen(req, timeout=timeout) as response:
        return json.loads(response.read().decode())


def _get_json(url: str, key: str | None, timeout: float) -> Any:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"} if key else {})
    with urllib.request.urlopen(req, timeout=timeout) as response:
        return json.loads(response.read().decode())


async def llamacpp_calibrate(
    client: ChatClient, counter: TokenCounter, sample: str, key: str | None
) -> tuple[TokenCounter, int | None]:
    """For llama.cpp servers: the real context size (``/props``) and the model's own
    token count of ``sample`` (``/tokenize``), which calibrates the estimates."""
    root = server_root(client.profile)
    n_ctx: int | None = None
    try:
        props = await asyncio.to_thread(_get_json, f"{root}/props", key, 10.0)
        settings = props.get("default_generation_settings", {}) if isinstance(props, dict) else {}
        n_ctx = settings.get("n_ctx") or props.get("n_ctx")
        tok = await asyncio.to_thread(_post_json, f"{root}/tokenize", {"content": sample}, key, 30.0)
        exact = len(tok.get("tokens", []))
    except (urllib.error.URLError, OSError, ValueError, AttributeError):
        return counter, n_ctx if isinstance(n_ctx, int) else None
    base = counter.raw(sample)
    if exact and base:
        factor = round(exact / base * 1.02, 4)
        client.learn_tokenizer_factor(factor)
        counter = TokenCounter(counter.encoding, factor, exact=False)
    return counter, n_ctx if isinstance(n_ctx, int) else None

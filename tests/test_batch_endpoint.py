"""Where a batch's requests go (services/batch_endpoint.py): the pool's identity, the
prices (half through OpenAI's Batch API: the run's spend and the estimate alike), and a
client made for every endpoint or none (one that cannot be made closes the others)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from threadgist.llm.errors import EndpointError
from threadgist.llm.pool import EndpointPool
from threadgist.llm.profiles import EndpointProfile
from threadgist.services import Services
from threadgist.services.batch_endpoint import BatchEndpoints, ClientReport
from threadgist.services.estimate import price_for

from .fakeserver import FakeServer


def openai(name: str = "oa") -> EndpointProfile:
    return EndpointProfile.from_preset(name, "openai", model="gpt-4o-mini")


def test_the_batch_api_halves_every_price() -> None:
    full = price_for(openai())
    assert full is not None
    plain, batched = BatchEndpoints((openai(),)), BatchEndpoints((openai(),), batch_api=True)
    assert plain.price() == full and batched.price() == (full[0] / 2, full[1] / 2)
    spent = plain.spend(1_000_000, 1_000_000)
    assert spent == pytest.approx(full[0] + full[1])
    assert batched.spend(1_000_000, 1_000_000) == pytest.approx(spent / 2)
    assert batched.scaled((1.0, 3.0)) == (0.5, 1.5) and plain.scaled((1.0, 3.0)) == (1.0, 3.0)
    assert batched.in_flight is not None and plain.in_flight is None
    custom = EndpointProfile.from_preset("c", "custom", base_url="http://127.0.0.1:9/v1", model="m")
    assert BatchEndpoints((custom,)).spend(10, 10) is None


def test_a_pool_is_made_whole_or_not_at_all(
    home: Path, fake: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = Services()
    a = EndpointProfile.from_preset("a", "custom", base_url=fake.base_url, model="fake-model")
    b = EndpointProfile.from_preset(
        "b", "custom", base_url=fake.base_url.replace("127.0.0.1", "localhost"), model="fake-model"
    )
    pool = BatchEndpoints((b, a))

    async def made() -> ClientReport:
        client = await pool.open(services)
        assert isinstance(client, EndpointPool) and [m.client.max_attempts for m in client.members] == [1, 1]
        assert client.profile.base_url == pool.primary.base_url  # planned and priced as the pool is
        await client.aclose()
        return ClientReport.of(client)

    report = asyncio.run(made())
    assert report.pool is not None and "a: 0 request(s)" in report.pool and not report.batch_api

    closed: list[str] = []
    real_client = services.client

    def client(profile: EndpointProfile):  # type: ignore[no-untyped-def]
        made = real_client(profile)
        real_close = made.aclose

        async def aclose() -> None:
            closed.append(profile.name)
            await real_close()

        made.aclose = aclose  # type: ignore[method-assign]
        return made

    monkeypatch.setattr(services, "client", client)
    keyless = BatchEndpoints((a, openai()))  # the second needs a key, and none is set
    with pytest.raises(EndpointError, match="needs an API key"):
        asyncio.run(keyless.open(services))
    assert closed == ["a"]

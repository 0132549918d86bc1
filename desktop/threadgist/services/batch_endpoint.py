"""Where a batch's requests go, and what they cost: one endpoint, a pool of endpoints
serving the same model (:class:`~threadgist.llm.pool.EndpointPool`, a request that fails
on one going to another), or OpenAI's Batch API
(:class:`~threadgist.llm.openai_batch.BatchAPIClient`, at half the price). The run opens
the client with :meth:`BatchEndpoints.open` and closes it; :class:`ClientReport` is what
the client had to say when it was closed."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from ..llm.chat import ChatClient
from ..llm.client import LLMClient
from ..llm.openai_batch import BatchAPIClient
from ..llm.pool import EndpointPool
from ..llm.profiles import EndpointProfile
from ..store.paths import cache_dir
from . import Services
from .estimate import price_for

#: threads in flight through the Batch API: every thread waits for the batches at once
BATCH_API_IN_FLIGHT = 1_000_000


@dataclass(frozen=True)
class BatchEndpoints:
    """The endpoints of a batch: one profile, or several serving the same model (a pool;
    never the built-in engine), and whether the requests go through OpenAI's Batch API
    (one endpoint that offers it)."""

    profiles: tuple[EndpointProfile, ...]
    batch_api: bool = False
    poll: float = 30.0  # with the Batch API: seconds between looks at a batch

    @property
    def primary(self) -> EndpointProfile:
        """The profile the batch is planned and priced with: the pool's identity
        (llm/pool.py takes the same)."""
        return min(self.profiles, key=lambda profile: profile.identity)

    @property
    def in_flight(self) -> int | None:
        """Threads in flight at most (None: the run's own choice)."""
        return BATCH_API_IN_FLIGHT if self.batch_api else None

    def price(self) -> tuple[float, float] | None:
        """US$ per million prompt and completion tokens (None: not known)."""
        price = price_for(self.primary)
        if price is None or not self.batch_api:
            return price
        return price[0] / 2, price[1] / 2

    def spend(self, prompt_tokens: int, completion_tokens: int) -> float | None:
        """What these tokens cost, in US$ (None: the price is not known)."""
        price = self.price()
        if price is None:
            return None
        return prompt_tokens * price[0] / 1e6 + completion_tokens * price[1] / 1e6

    def scaled(self, cost: tuple[float, float] | None) -> tuple[float, float] | None:
        """An estimate's cost at the endpoint's list prices, as this batch pays it."""
        if cost is None or not self.batch_api:
            return cost
        return cost[0] / 2, cost[1] / 2

    async def open(self, services: Services) -> ChatClient:
        """The batch's client (made off the event loop: keys, the built-in engine's
        start); the caller closes it."""
        loop = asyncio.get_running_loop()
        clients: list[LLMClient] = []
        try:
            for profile in self.profiles:
                clients.append(await loop.run_in_executor(None, services.client, profile))
        except BaseException:
            for made in clients:
                await made.aclose()
            raise
        if self.batch_api:  # the Batch API speaks to one endpoint: the first one
            for extra in clients[1:]:
                await extra.aclose()
            return BatchAPIClient(clients[0], cache_dir() / "openai-batches", poll=self.poll)
        return clients[0] if len(clients) == 1 else _pool(clients)


def _pool(clients: list[LLMClient]) -> EndpointPool:
    for client in clients:
        client.max_attempts = 1  # the pool sends a failed request to another member instead
    return EndpointPool(clients)


@dataclass(frozen=True)
class ClientReport:
    """What a batch's client did, told when the run closes it."""

    pool: str | None = None  # a pool's members: each one's requests and failures
    batch_api: bool = False
    batches: tuple[str, ...] = ()  # the Batch API's batches this run created
    reused: int = 0  # answers from batches created before (by a run that was stopped)

    @classmethod
    def of(cls, client: ChatClient) -> ClientReport:
        if isinstance(client, EndpointPool):
            return cls(pool=client.summary())
        if isinstance(client, BatchAPIClient):
            return cls(batch_api=True, batches=tuple(client.created), reused=client.reused)
        return cls()

"""One way to summarize a thread, for the command line and the desktop app alike: the
endpoint's client (which starts the built-in engine when that is the endpoint), the token
counter, the run, and the client closed whatever happens. Errors leave as
:class:`~threadgist.llm.errors.EndpointError` (with any API key removed from the message)
or ValueError (a window too small to plan); cancelling the task cancels the run, whose
finished parts stay cached."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..digest.forms import DEFAULT_FORM
from ..digest.model import Digest
from ..digest.pipeline import Progress, ProgressSink, Summarizer
from ..digest.stage import Stage
from ..llm.chat import RunEnd
from ..llm.errors import EndpointError
from ..llm.profiles import EndpointProfile
from ..thread.model import Thread
from . import Services

if TYPE_CHECKING:
    from ..llm.client import LLMClient


@dataclass(frozen=True)
class RunOptions:
    """How to summarize: what the user chose for this run."""

    lang: str = "auto"  # output language: auto (the thread's), zh-TW, en
    use_cache: bool = True  # False: "Summarize again" (a new run replaces the cached digest)
    since_floor: int | None = None  # a "what's new" digest of the comments after this floor
    pipeline: str = "single"  # see digest.pipeline.PIPELINES
    form: str = DEFAULT_FORM  # the answers' form (digest/forms.py)
    time_limit: float | None = None  # seconds for the whole run (None: no limit)


async def summarize(
    services: Services,
    thread: Thread,
    profile: EndpointProfile,
    options: RunOptions = RunOptions(),
    progress: ProgressSink | None = None,
) -> Digest:
    """The digest of ``thread`` by ``profile``'s endpoint and model: from the cache when
    it is there (unless ``options.use_cache`` is False), else by a run. Blocking work
    (the keyring, starting the engine, the capabilities file) runs off the event loop."""
    loop = asyncio.get_running_loop()
    starting = loop.run_in_executor(None, services.client, profile)
    if profile.kind.engine and progress is not None:  # starting it takes seconds: say so, each second
        client = await _telling(starting, progress)
    else:
        client = await starting
    if options.time_limit is not None:
        client.set_run_end(RunEnd.after(options.time_limit))
    try:
        counter = await loop.run_in_executor(None, services.counter, profile, thread)
        summ = Summarizer(
            thread,
            client,
            counter,
            lang=options.lang,
            cache=services.cache,
            use_cache=options.use_cache,
            progress=progress,
            pipeline=options.pipeline,
            since_floor=options.since_floor,
            form=options.form,
        )
        return await summ.run()
    except EndpointError as e:
        clean = client.redact(e.message)
        if clean != e.message:  # a key in a server's words: the English, without it
            e.message = e.detail = clean
        raise
    finally:
        await client.aclose()


async def _telling(starting: asyncio.Future[LLMClient], progress: ProgressSink) -> LLMClient:
    """The engine's client once it has started; meanwhile a progress report a second,
    with the seconds waited so far."""
    began = time.monotonic()
    while True:
        progress(Progress(Stage.ENGINE, 0, 1, 0, 0, waited=time.monotonic() - began))
        done, _ = await asyncio.wait({starting}, timeout=1.0)
        if done:
            return starting.result()

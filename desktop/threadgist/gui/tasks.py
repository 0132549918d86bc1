"""Background work for the GUI: blocking calls on a thread pool, coroutines on one
asyncio loop in its own thread; every result comes back to the GUI thread through a
single signal. Nothing here touches widgets off the GUI thread."""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import contextlib
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

T = TypeVar("T")
Done = Callable[["cf.Future[T]"], None]


class TaskRunner(QObject):
    """Runs work off the GUI thread; ``on_done(future)`` runs on the GUI thread."""

    _to_main = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = cf.ThreadPoolExecutor(max_workers=4, thread_name_prefix="threadgist-work")
        self._loop = asyncio.new_event_loop()
        self._loop.set_default_executor(self._pool)
        self._thread = threading.Thread(target=self._loop.run_forever,
                                        name="threadgist-async", daemon=True)
        self._thread.start()
        self._closed = False
        self._pending: set[cf.Future[Any]] = set()
        self._to_main.connect(self._run_closure)

    # ---- submitting -------------------------------------------------------------------
    def call(self, fn: Callable[[], T], on_done: Done[T] | None = None) -> cf.Future[T]:
        """Run a blocking function on the pool."""
        fut = self._pool.submit(fn)
        self._track(fut, on_done)
        return fut

    def run(self, coro: Coroutine[Any, Any, T], on_done: Done[T] | None = None) -> cf.Future[T]:
        """Run a coroutine on the loop; ``future.cancel()`` cancels it at once."""
        fut = asyncio.run_coroutine_threadsafe(coro, self._loop)
        self._track(fut, on_done)
        return fut

    def run_on_main(self, fn: Callable[[], None]) -> None:
        """Call ``fn`` on the GUI thread (safe from any thread)."""
        if not self._closed:
            self._to_main.emit(fn)

    # ---- lifetime ---------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def shutdown(self, timeout: float = 3.0) -> None:
        """Cancel everything, wait a moment for it to unwind, stop the loop."""
        if self._closed:
            return
        self._closed = True
        for fut in list(self._pending):
            fut.cancel()

        async def drain() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            if tasks:
                await asyncio.wait(tasks, timeout=timeout)

        with contextlib.suppress(cf.TimeoutError, cf.CancelledError, RuntimeError):
            asyncio.run_coroutine_threadsafe(drain(), self._loop).result(timeout + 0.5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)
        self._pool.shutdown(wait=False, cancel_futures=True)

    # ---- internals --------------------------------------------------------------------
    def _track(self, fut: cf.Future[T], on_done: Done[T] | None) -> None:
        self._pending.add(fut)

        def finished(f: cf.Future[T]) -> None:
            def deliver() -> None:
                self._pending.discard(f)
                if on_done is not None and not self._closed:
                    on_done(f)

            if self._closed:
                self._pending.discard(f)
            else:
                self._to_main.emit(deliver)

        fut.add_done_callback(finished)

    def _run_closure(self, fn: Callable[[], None]) -> None:
        if not self._closed:
            fn()

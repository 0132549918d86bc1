"""Background work for the GUI: blocking calls on a thread pool, coroutines on one
asyncio loop in its own thread; every result comes back to the GUI thread through a
single signal. Nothing here touches widgets off the GUI thread."""

from __future__ import annotations

import collections
import concurrent.futures as cf
import contextlib
import sys
import threading
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")
Done = Callable[["cf.Future[T]"], None]

#: seconds a thread running Python keeps the GIL while another asks for it (Python's
#: default is 0.005)
SWITCH_INTERVAL = 0.001


def share_the_gil() -> None:
    """Make a thread busy in Python hand the GIL over after a millisecond rather than
    five. The GUI thread takes the GIL again for every call from Qt into Python (each
    visible row's data, each slot, each timer) and gives it up in between; while a worker
    or the run's event loop is busy in Python, each of those calls waits for it, and a
    frame or a timer tick that needs the GIL a few times stalls for tens of milliseconds.
    Process-wide; the command line starts no TaskRunner and keeps Python's default."""
    if sys.getswitchinterval() > SWITCH_INTERVAL:
        sys.setswitchinterval(SWITCH_INTERVAL)


_settled = threading.Lock()  # held for good once the heap is settled


def settle_the_heap() -> None:
    """Once per process, when the digest machinery has loaded: collect what is garbage
    now, then move every object alive (the modules of openai, pydantic and tiktoken, Qt's
    wrappers, the app's own: tens of thousands) out of the cyclic collector's generations
    (``gc.freeze()``). They live as long as the process, and a full collection walked them
    all: 100-200 ms with the GIL held, a stall of the window in the middle of a run
    (benchmarks/results/gui.md). Objects made later are collected as before."""
    if _settled.acquire(blocking=False):
        import gc

        gc.collect()
        gc.freeze()


class _AfterPaint(QObject):
    """Calls functions once the repaints already requested are done: Qt queues repaint
    requests at low priority, and these events are posted below them. A window shown
    for the first time is painted on its expose, which no posted event waits for: while
    the watched window is shown but not yet painted, the calls wait for its first paint
    (or :data:`FIRST_PAINT_WAIT_MS`, should it never come, e.g. shown minimized)."""

    TYPE = QEvent.Type(QEvent.registerEventType())
    PRIORITY = Qt.EventPriority.LowEventPriority.value - 1
    FIRST_PAINT_WAIT_MS = 2000

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.queue: collections.deque[Callable[[], None]] = collections.deque()
        self.window: QWidget | None = None
        self.held = 0  # events that came before the window's first paint
        self.painted = False

    def watch(self, window: QWidget) -> None:
        self.window = window
        window.installEventFilter(self)

    def post(self, callback: Callable[[], None]) -> None:
        self.queue.append(callback)
        QCoreApplication.postEvent(self, QEvent(self.TYPE), self.PRIORITY)

    def event(self, event: QEvent) -> bool:
        if event.type() == self.TYPE:
            if self._before_first_paint():
                if not self.held:
                    QTimer.singleShot(self.FIRST_PAINT_WAIT_MS, self, self._release)
                self.held += 1
            elif self.queue:
                self.queue.popleft()()
            return True
        return super().event(event)

    def _before_first_paint(self) -> bool:
        return self.window is not None and not self.painted and self.window.isVisible()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.window and not self.painted:
            self._release()  # posted now, so they run once this paint is over
        return False

    def _release(self) -> None:
        if self.painted:
            return
        self.painted = True
        if self.window is not None:
            self.window.removeEventFilter(self)
        for _ in range(self.held):
            QCoreApplication.postEvent(self, QEvent(self.TYPE), self.PRIORITY)
        self.held = 0


class TaskRunner(QObject):
    """Runs work off the GUI thread; ``on_done(future)`` runs on the GUI thread."""

    # Work for the GUI thread waits in a Python queue; the signal only wakes the GUI
    # thread, so no Python object travels through Qt's event queue.
    _wake = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool_: cf.ThreadPoolExecutor | None = None  # made by the first call
        self._loop: asyncio.AbstractEventLoop | None = None  # started by the first coroutine
        self._thread: threading.Thread | None = None
        self._closed = False
        self._pending: set[cf.Future[Any]] = set()
        self._queue: collections.deque[Callable[[], None]] = collections.deque()
        # queued even from the GUI thread: run_on_main never calls back re-entrantly
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        self._after_paint = _AfterPaint(self)
        share_the_gil()  # before any background thread starts

    @property
    def _pool(self) -> cf.ThreadPoolExecutor:
        if self._pool_ is None:
            self._pool_ = cf.ThreadPoolExecutor(max_workers=4, thread_name_prefix="threadgist-work")
        return self._pool_

    # ---- submitting -------------------------------------------------------------------
    def call(self, work: Callable[[], T], on_done: Done[T] | None = None) -> cf.Future[T]:
        """Run a blocking function on the pool (nothing runs once the runner is shut down)."""
        if self._closed:
            return _cancelled()
        fut = self._pool.submit(work)
        self._track(fut, on_done)
        return fut

    def run(self, coro: Coroutine[Any, Any, T], on_done: Done[T] | None = None) -> cf.Future[T]:
        """Run a coroutine on the loop; ``future.cancel()`` cancels it at once."""
        if self._closed:
            coro.close()
            return _cancelled()
        import asyncio

        fut = asyncio.run_coroutine_threadsafe(coro, self._event_loop())
        self._track(fut, on_done)
        return fut

    def _event_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            import asyncio

            self._loop = asyncio.new_event_loop()
            self._loop.set_default_executor(self._pool)
            self._thread = threading.Thread(
                target=self._loop.run_forever, name="threadgist-async", daemon=True
            )
            self._thread.start()
        return self._loop

    def run_on_main(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` on the GUI thread (safe from any thread)."""
        if not self._closed:
            self._queue.append(callback)
            self._wake.emit()

    def after_paint(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` on the GUI thread after the repaints already requested (so that work
        it starts does not compete with painting what the user is waiting for)."""
        if not self._closed:
            self._after_paint.post(lambda: None if self._closed else callback())

    def wait_for_first_paint(self, window: QWidget) -> None:
        """Once ``window`` is shown, :meth:`after_paint` calls wait for its first paint."""
        self._after_paint.watch(window)

    # ---- lifetime ---------------------------------------------------------------------
    def shutdown(self, timeout: float = 3.0) -> None:
        """Cancel everything, wait a moment for it to unwind, stop the loop."""
        if self._closed:
            return
        self._closed = True
        for fut in list(self._pending):
            fut.cancel()
        if self._loop is not None and self._thread is not None:
            self._stop_loop(self._loop, self._thread, timeout)
        if self._pool_ is not None:
            self._pool_.shutdown(wait=False, cancel_futures=True)

    @staticmethod
    def _stop_loop(loop: asyncio.AbstractEventLoop, thread: threading.Thread, timeout: float) -> None:
        import asyncio

        async def drain() -> None:
            tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            if tasks:
                await asyncio.wait(tasks, timeout=timeout)

        with contextlib.suppress(cf.TimeoutError, cf.CancelledError, RuntimeError):
            asyncio.run_coroutine_threadsafe(drain(), loop).result(timeout + 0.5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)

    # ---- internals --------------------------------------------------------------------
    def _track(self, fut: cf.Future[T], on_done: Done[T] | None) -> None:
        self._pending.add(fut)

        def finished(future: cf.Future[T]) -> None:
            def deliver() -> None:
                self._pending.discard(future)
                if on_done is not None and not self._closed:
                    on_done(future)

            if self._closed:
                self._pending.discard(future)
            else:
                self.run_on_main(deliver)

        fut.add_done_callback(finished)

    def _drain(self) -> None:
        while self._queue and not self._closed:
            self._queue.popleft()()


def _cancelled() -> cf.Future[Any]:
    fut: cf.Future[Any] = cf.Future()
    fut.cancel()
    return fut

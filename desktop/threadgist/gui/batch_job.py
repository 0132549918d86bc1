"""The batch behind the *Summarize all articles* table: it plans every article of the file
off the GUI thread, asks first when the batch is above the limit in Preferences, and runs
it through :class:`~threadgist.services.batch.BatchRun`, the command line's path (which
opens and closes the endpoint's client); each row of the table's model changes as its
thread starts and finishes. What the table says meanwhile goes out as :attr:`said`."""

from __future__ import annotations

import concurrent.futures as cf
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ..llm.errors import EndpointError
from ..services.batch_rows import BatchStatus
from .batch_model import BatchModel
from .batch_words import BatchWords, TableState
from .i18n import say
from .run_limits import needs_asking

if TYPE_CHECKING:
    from ..llm.profiles import EndpointProfile
    from ..messages import Text
    from ..services.batch import BatchRun, Totals
    from ..services.batch_estimate import BatchEstimate
    from ..services.batch_items import Item, Unreadable
    from ..services.batch_rows import IndexRow
    from ..thread.model import LoadResult
    from .controller import Controller

log = logging.getLogger("threadgist.gui")


@dataclass
class _Planned:
    """The file's items, the estimate (None: it failed, and ``why``), the cached articles."""

    items: list[Item]
    estimate: BatchEstimate | None
    cached: list[int] = field(default_factory=list)
    why: Text | None = None


class BatchJob(QObject):
    """The batch of one file (:meth:`reset`): :meth:`prepare`, then :meth:`start`."""

    #: the table's state, and its words' arguments
    said = Signal(object, object)
    #: a batch started (True) or ended
    running_changed = Signal(bool)
    #: the estimate is being made (True: *Summarize all* waits for it)
    planning = Signal(bool)

    def __init__(self, parent: QWidget, controller: Controller, model: BatchModel, words: BatchWords):
        super().__init__(parent)
        self.widget = parent  # the question's parent
        self.controller = controller
        self.model = model
        self.words = words
        self.result: LoadResult | None = None
        self.items: list[Item] | None = None
        self.estimate: BatchEstimate | None = None
        self.profile: EndpointProfile | None = None
        self.batch: BatchRun | None = None  # the run going on (its totals are read live)
        self.future: cf.Future[Totals] | None = None
        self.dialog: QMessageBox | None = None  # the question before a big batch, if open
        self.generation = 0  # bumps when the job is set up for a file

    @property
    def running(self) -> bool:
        return self.future is not None and not self.future.done()

    def reset(self, result: LoadResult) -> None:
        """The batch of another file: nothing planned yet."""
        self.generation += 1
        self.result = result
        self.items = None
        self.estimate = None

    def _say(self, state: TableState, *args: str) -> None:
        self.said.emit(state, args)

    # ---- the estimate and the question --------------------------------------------------
    def prepare(self) -> None:
        """Plan every article of the file (off the GUI thread: the cache and tiktoken),
        then start, or ask first when the batch is above the limit in Preferences."""
        result, profile = self.result, self.controller.profile()
        if result is None or self.running:
            return
        if profile is None:
            self._say(TableState.NO_ENDPOINT)
            return
        self.profile = profile
        lang, form = self.controller.settings.output_lang, self.controller.settings.answer_form
        gen = self.generation
        controller = self.controller
        self._say(TableState.ESTIMATING)
        self.planning.emit(True)

        def work() -> _Planned:
            from ..services.batch_estimate import estimate_batch
            from ..services.batch_items import items_of

            items = list(items_of(result.path, result.threads))
            cached: list[int] = []

            def seen(item: Item | Unreadable, calls: int) -> None:
                if calls == 0:  # nothing to ask: its digest is cached
                    cached.append(item.seq)

            try:
                est = estimate_batch(controller.services, items, profile, lang, on_item=seen, form=form)
            except EndpointError as e:
                return _Planned(items, None, why=e.detail)
            except ValueError as e:  # a thread that cannot be planned: the run says which
                return _Planned(items, None, why=getattr(e, "detail", None) or str(e))
            return _Planned(items, est, cached)

        controller.runner.call(work, lambda fut: self._estimated(gen, fut))

    def _estimated(self, gen: int, fut: cf.Future[_Planned]) -> None:
        if gen != self.generation or self.running:
            return
        self.planning.emit(False)
        try:
            planned = fut.result()
        except Exception as e:  # a bug: said in one line and logged, never a traceback
            log.exception("batch estimate failed")
            self._say(TableState.ESTIMATE_FAILED, f"{type(e).__name__}: {e}")
            return
        self.items, est = planned.items, planned.estimate
        if est is None:  # Summarize all starts it all the same
            self._say(TableState.ESTIMATE_FAILED, say(planned.why))
            return
        self.estimate = est
        for seq in planned.cached:
            self.model.set_status(seq - 1, BatchStatus.CACHED, None, self.model.rows[seq - 1].index)
        if est.key_missing and est.calls:
            self._say(TableState.NO_KEY, say(est.key_missing))
            return
        if est.calls and needs_asking(est, self.controller.settings.ask_calls):
            self._ask(est)
        else:
            self.start()

    def _ask(self, est: BatchEstimate) -> None:
        self._say(TableState.ESTIMATED)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("A big batch"),
            self.words.estimate(est, self.profile),
            QMessageBox.StandardButton.NoButton,
            self.widget,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # endpoint and model names
        box.setInformativeText(
            self.tr("Finished articles are cached: cancelling keeps them, and summarizing all again resumes.")
        )
        start = box.addButton(self.tr("Summarize all"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        gen = self.generation

        def clicked(button: object) -> None:
            if button is start and gen == self.generation:
                self.start()

        box.buttonClicked.connect(clicked)
        self.dialog = box
        box.open()

    # ---- the run ------------------------------------------------------------------------
    def start(self) -> None:
        """Run the batch: every article not cached makes its calls, all of them sharing the
        endpoint's concurrency; each row changes as its thread starts and finishes."""
        result, profile, items = self.result, self.profile, self.items
        if result is None or profile is None or items is None or self.running:
            return
        import asyncio

        from ..services.batch import BatchRun
        from ..services.batch_endpoint import BatchEndpoints

        controller = self.controller
        runner = controller.runner
        lang, form = controller.settings.output_lang, controller.settings.answer_form

        def started(item: Item) -> None:  # on the asyncio thread, as are the others
            runner.run_on_main(lambda: self._row_started(item.seq - 1))

        def done(item: Item | Unreadable, row: IndexRow, why: Text | None) -> None:
            runner.run_on_main(lambda: self._row_done(item.seq - 1, row, why))

        async def batch() -> Totals:
            loop = asyncio.get_running_loop()
            services = await loop.run_in_executor(None, lambda: controller.services)
            endpoints = BatchEndpoints((profile,))
            self.batch = run = BatchRun(
                services, endpoints, None, lang=lang, form=form, on_start=started, on_done=done
            )
            return await run.run(iter(items))

        where = f"{profile.name} ({profile.model_label})"
        log.info("batch: %d article(s) of %s on %s", len(items), result.path, where)
        self.batch = None
        self._say(TableState.STARTING)
        self.running_changed.emit(True)
        self.future = runner.run(batch(), self._finished)

    def cancel(self) -> None:
        if self.future is not None:  # (a batch that is done stays done)
            self.future.cancel()

    def _row_started(self, article: int) -> None:
        if self.running:
            self.model.set_status(article, BatchStatus.RUNNING)

    def _row_done(self, article: int, row: IndexRow, why: Text | None) -> None:
        status = row.status
        self.model.set_status(article, status, why if status is BatchStatus.FAILED else None, row)
        controller, result = self.controller, self.result
        if (
            status is BatchStatus.OK
            and result is not None
            and controller.result is result
            and controller.current is result.threads[article]
            and controller.digest is None
            and not controller.running
        ):
            controller.refresh()  # the article open in the window has its digest now: show it

    def _finished(self, fut: cf.Future[Totals]) -> None:
        self.running_changed.emit(False)
        self.model.reset_running()
        try:
            t = fut.result()  # the totals
        except cf.CancelledError:
            log.info("batch cancelled")
            self._say(TableState.CANCELLED)
            return
        except EndpointError as e:  # the client could not be made (a key, the engine)
            log.warning("batch failed (%s): %s", e.kind, e.message)
            self._say(TableState.FAILED, say(e.detail))
            return
        except Exception as e:  # a bug: said in one line and logged, never a traceback
            log.exception("batch failed")
            self._say(TableState.FAILED, f"{type(e).__name__}: {e}")
            return
        log.info("batch finished: %d ok, %d cached, %d failed, %d call(s)", t.ok, t.cached, t.failed, t.calls)
        self._say(TableState.FINISHED)

"""The controller's part that runs: the cached digest and the plan of the open thread on
the current endpoint (looked up again whenever either changes), a run started and
cancelled, its progress, and its end as a digest or a :class:`RunError`. A mixin of
:class:`~threadgist.gui.controller.Controller`, which owns the state and the signals."""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import SignalInstance

from ..llm.errors import EndpointError, ErrorKind
from ..llm.profiles import EndpointProfile
from ..messages import Text, msg
from ..store.settings import Settings
from ..thread import Thread
from .tasks import TaskRunner

if TYPE_CHECKING:
    from ..digest.growth import Growth
    from ..digest.model import Digest
    from ..digest.pipeline import Progress
    from ..llm.catalog_fit import Speed
    from ..services import Services
    from ..services.estimate import Estimate

log = logging.getLogger("threadgist.gui")


@dataclass(frozen=True)
class RunError:
    kind: ErrorKind  # an EndpointError's kind, or INTERNAL
    message: Text  # for the user: the endpoint's name, the server's words, what to do


class RunState:
    # the controller's state and signals this part uses
    runner: TaskRunner
    settings: Settings
    current: Thread | None
    digest: Digest | None
    growth: Growth | None
    last_estimate: Estimate | None
    speed: Speed | None
    _run: cf.Future[Digest] | None
    _generation: int
    cached: SignalInstance
    grown_since: SignalInstance
    estimated: SignalInstance
    estimate_failed: SignalInstance
    started: SignalInstance
    progress: SignalInstance
    finished: SignalInstance
    failed: SignalInstance
    cancelled: SignalInstance
    stopping: SignalInstance

    if TYPE_CHECKING:  # the controller's own

        @property
        def services(self) -> Services: ...

        def profile(self) -> EndpointProfile | None: ...

    # ---- planning and the cache -------------------------------------------------------
    def refresh(self) -> None:
        """Look up the cached digest and the plan for the current thread and endpoint."""
        self._generation += 1
        gen, thread, profile = self._generation, self.current, self.profile()
        if not self.running:
            self.digest = None  # until the cache says which digest goes with this endpoint
        if thread is None or profile is None:
            self.cached.emit(None)
            return
        lang, form = self.settings.output_lang, self.settings.answer_form

        def cached() -> tuple[Digest | None, Growth | None, Digest | None]:
            from ..services.estimate import cached_digest, previous_digest, thread_growth

            found = cached_digest(self.services, thread, profile, lang, form=form)
            if found is not None:
                return found, None, None
            grown = thread_growth(self.services, thread, profile, lang, form=form)
            if grown is None or not grown.new:
                return None, None, None
            return None, grown, previous_digest(self.services, thread, profile, lang, form=form)

        def plan() -> Estimate:
            from ..services.estimate import estimate

            return estimate(self.services, thread, profile, lang, form=form, speed=self.speed)

        self.runner.call(cached, lambda future: self._cached_done(gen, future))
        self.runner.call(plan, lambda future: self._estimate_done(gen, future))

    def _cached_done(
        self, gen: int, fut: cf.Future[tuple[Digest | None, Growth | None, Digest | None]]
    ) -> None:
        if gen != self._generation or self.running:
            return
        try:
            found, grown, earlier = fut.result()
        except Exception:  # the cache is an optimisation; a damaged one must not stop reading
            log.exception("cache lookup failed")
            found, grown, earlier = None, None, None
        self.digest = found
        self.growth = grown
        self.cached.emit(found)
        if grown is not None and earlier is not None:
            self.grown_since.emit(grown, earlier)

    def _estimate_done(self, gen: int, fut: cf.Future[Estimate]) -> None:
        if gen != self._generation:
            return
        try:
            self.last_estimate = fut.result()
            self.estimated.emit(self.last_estimate)
        except EndpointError as e:
            self.estimate_failed.emit(e.detail)
        except ValueError as e:  # the thread cannot be planned for this model
            from ..digest.plan import PlanError  # loaded: the estimate ran

            self.estimate_failed.emit(e.detail if isinstance(e, PlanError) else str(e))
        except Exception as e:  # the cache cannot be opened, a bug: said, logged, not lost
            log.exception("estimate failed")
            self.estimate_failed.emit(
                msg("the estimate could not be made ({error})", error=f"{type(e).__name__}: {e}")
            )

    # ---- running ----------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._run is not None and not self._run.done()

    def summarize(self, *, force: bool = False, newest: int = 0, since_floor: int | None = None) -> bool:
        """Summarize the open thread (``newest`` > 0: only its newest comments;
        ``since_floor``: a "what's new" digest of the comments after that floor)."""
        thread, profile = self.current, self.profile()
        if thread is None or self.running:
            return False
        if 0 < newest < len(thread.comments):
            part = thread.comments[-newest:]
            note = msg(
                "only the newest {newest:,} of {total:,} comments (floors {first}–{last}) were summarized",
                newest=newest,
                total=len(thread.comments),
                first=part[0].floor,
                last=part[-1].floor,
            )
            thread = dataclasses.replace(thread, comments=part, warnings=[*thread.warnings, note])
        if profile is None:
            self.failed.emit(
                RunError(
                    ErrorKind.CONFIG,
                    msg("no endpoint is configured: add one in Endpoints → Manage endpoints"),
                )
            )
            return False
        log.info(
            "summarize: endpoint %s (%s), model %s, force=%s, %d comments",
            profile.name,
            profile.preset,
            profile.model_label,
            force,
            len(thread.comments),
        )
        self.started.emit()
        chosen = (self.settings.output_lang, self.settings.answer_form)  # as they are now, on this thread
        self._run = self.runner.run(
            self._summarize(thread, profile, force, since_floor, chosen), self._run_done
        )
        return True

    def cancel(self) -> None:
        if self._run is not None and not self._run.done():
            self.stopping.emit()
            self._run.cancel()

    async def _summarize(
        self,
        thread: Thread,
        profile: EndpointProfile,
        force: bool,
        since_floor: int | None,
        chosen: tuple[str, str],
    ) -> Digest:
        """The run (on the asyncio thread); ``chosen``: the digest's language and the
        answers' form, read from the settings when the run was asked for."""
        import asyncio

        from ..services.run import RunOptions, summarize

        services = await asyncio.get_running_loop().run_in_executor(None, lambda: self.services)
        lang, form = chosen
        options = RunOptions(lang=lang, use_cache=not force, since_floor=since_floor, form=form)
        return await summarize(services, thread, profile, options, self._emit_progress)

    def _emit_progress(self, update: Progress) -> None:  # on the asyncio thread
        self.runner.run_on_main(lambda: self.progress.emit(update))

    def _run_done(self, fut: cf.Future[Digest]) -> None:
        self._run = None
        if fut.cancelled():
            log.info("summarize cancelled")
            self.cancelled.emit()
            return
        try:
            digest = fut.result()
        except EndpointError as e:
            log.warning("summarize failed (%s): %s", e.kind, e.message)
            self.failed.emit(RunError(e.kind, e.detail))
            return
        except cf.CancelledError:
            log.info("summarize cancelled")
            self.cancelled.emit()
            return
        except Exception as e:  # a bug: shown in a dialog and logged, never a traceback
            log.exception("summarize failed")
            self.failed.emit(RunError(ErrorKind.INTERNAL, f"{type(e).__name__}: {e}"))
            return
        usage = digest.usage
        log.info(
            "summarize finished: %d call(s), %d+%d tokens, %d citation(s) removed%s",
            usage.calls,
            usage.prompt_tokens,
            usage.completion_tokens,
            len(digest.verification.removed),
            " (cached)" if digest.meta.cached else "",
        )
        self.digest = digest
        self.finished.emit(digest)

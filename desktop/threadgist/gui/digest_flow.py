"""A run as the main window shows it: asking first before a big or long run, the
estimate and the progress in the run panel, the digest (cached, made, or of an earlier
state of a growing thread) in the digest view, its citations marked in the comment list,
and the end of a run said in the status bar or in a dialog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow, QWidget

from .comment_view import CommentView
from .controller import Controller
from .digest_view import DigestView
from .endpoint_bar import EndpointBar
from .i18n import say
from .run_panel import RunPanel
from .run_state import RunError
from .status_line import StatusLine

if TYPE_CHECKING:
    from ..digest.growth import Growth
    from ..digest.model import Digest
    from ..digest.pipeline import Progress
    from ..services.estimate import Estimate


@dataclass(frozen=True)
class Panes:
    """The main window's parts that show a run and its digest."""

    comments: CommentView
    digest_view: DigestView
    run_panel: RunPanel
    endpoint_bar: EndpointBar


class DigestFlow(QObject):
    """Starts and follows the controller's run for ``window``; a question or a failure's
    dialog goes to ``keep`` (the window's open dialog); ``add_endpoint(preset)`` opens
    Manage endpoints (on a new profile of that preset, "" for none)."""

    def __init__(
        self,
        window: QMainWindow,
        controller: Controller,
        panes: Panes,
        status: StatusLine,
        keep: Callable[[QWidget], None],
        add_endpoint: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.window, self.controller, self.panes, self.status = window, controller, panes, status
        self._keep, self._add_endpoint = keep, add_endpoint
        self._run_over = True  # no run under way: no progress to show
        run_panel = panes.run_panel
        controller.estimated.connect(self._estimated)
        controller.estimate_failed.connect(lambda why: run_panel.set_estimate(None, say(why)))
        controller.cached.connect(self._cached)
        controller.started.connect(self._started)
        controller.progress.connect(self._progress)
        controller.finished.connect(self._finished)
        controller.failed.connect(self._failed)
        controller.cancelled.connect(self._cancelled)
        controller.stopping.connect(run_panel.stopping)
        controller.grown_since.connect(self._grown_since)
        panes.digest_view.whats_new.connect(self._whats_new)
        panes.digest_view.floor_clicked.connect(self._floor_clicked)
        panes.digest_view.timeline.span_clicked.connect(panes.comments.show_span)

    def request(self, *, force: bool = False) -> None:
        """Summarize; a run above the limit in Preferences shows its plan and asks first
        (all of it, or only the newest comments)."""
        from .confirm_run import ConfirmRun
        from .run_limits import faster_choices, needs_asking

        controller = self.controller
        estimate, thread = controller.last_estimate, controller.current
        if controller.running or thread is None or not thread.comments:
            return  # nothing to summarize: the run panel says why
        if (
            estimate is None
            or not needs_asking(estimate, controller.settings.ask_calls, estimate.minutes)
            or (not force and controller.digest is not None)
        ):
            controller.summarize(force=force)
            return
        found = [server.label for server in controller.found]
        choices = faster_choices(found, controller.speed, controller.workload(), estimate.minutes or 0.0)
        dlg = ConfirmRun(estimate, len(thread.comments), self.window, choices)
        dlg.chosen.connect(lambda newest: controller.summarize(force=force, newest=newest))
        dlg.faster.connect(self._go_faster)
        self._keep(dlg)
        dlg.open()

    def _go_faster(self, kind: str) -> None:
        """A faster choice from the long-run question: the server found, the catalog (on
        the built-in engine's page of Manage endpoints), or a new cloud endpoint."""
        if kind == "server":
            self.controller.use_found(0)
        else:
            self._add_endpoint("builtin" if kind == "catalog" else "openai")

    def retranslate(self) -> None:
        if self.controller.running:  # the digest area's line, in the new language
            self.panes.digest_view.show_running(self.tr("Summarizing…"))

    def _estimated(self, estimate: Estimate) -> None:
        self.panes.run_panel.set_estimate(estimate)

    def _cached(self, digest: Digest | None) -> None:
        self.panes.comments.highlight([])  # marks from another endpoint's digest go with it
        if digest is None:
            self.panes.digest_view.clear()
        else:
            self.panes.digest_view.show_digest(digest)
        self.status.update()

    def _started(self) -> None:
        self._run_over = False
        self.panes.run_panel.set_running(True)
        self.panes.endpoint_bar.setEnabled(False)
        self.panes.digest_view.show_running(self.tr("Summarizing…"))
        self.status.update()

    def _progress(self, progress: Progress) -> None:
        if self._run_over:  # a cancelled run unwinding: its rows are gone with it
            return
        self.panes.run_panel.show_progress(progress)
        if progress.text:
            self.panes.digest_view.show_streaming(progress.text)

    def _run_ended(self) -> None:
        """A run ended: show the controller's digest (the new one, or the one from before)."""
        self._run_over = True
        self.panes.run_panel.set_running(False)
        self.panes.run_panel.end_calls()
        self.panes.endpoint_bar.setEnabled(True)
        if self.controller.digest is not None:
            self.panes.digest_view.show_digest(self.controller.digest)
        else:
            self.panes.digest_view.clear()
        self.status.update()

    def _finished(self, digest: Digest) -> None:
        self._run_ended()
        self.window.statusBar().showMessage(self.tr("Digest ready"), 5000)

    def _cancelled(self) -> None:
        self._run_ended()
        if self.controller.digest is not None:  # the digest from before: not this run's rows
            self.panes.run_panel.reset_calls()
        self.window.statusBar().showMessage(
            self.tr("Cancelled. Finished parts are kept: summarizing again resumes."), 8000
        )

    def _failed(self, failure: RunError) -> None:
        self._run_ended()
        from .dialogs import run_failed

        self._keep(
            run_failed(self.window, failure, lambda: self._add_endpoint(""), self.controller.summarize)
        )

    def _floor_clicked(self, floor: int, floors: list[int]) -> None:
        self.panes.comments.highlight(floors, scroll_to=floor)

    def _grown_since(self, growth: Growth, earlier: Digest) -> None:
        """No digest of the thread as it is, but one of an earlier state: show that one,
        say how much is new, tint the new comments."""
        self.panes.digest_view.show_digest(earlier)
        self.panes.digest_view.show_growth(growth)
        thread = self.controller.current
        if thread is not None and growth.first_new_floor is not None:
            first = next(
                (i for i, comment in enumerate(thread.comments) if comment.floor == growth.first_new_floor),
                None,
            )
            if first is not None:
                self.panes.comments.mark_new(first)

    def _whats_new(self) -> None:
        growth = self.controller.growth
        if growth is not None:
            self.controller.summarize(since_floor=growth.last_floor)

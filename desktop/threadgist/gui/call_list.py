"""The run panel's list of calls: one plain-text row per call of a run, changed in place
as it happens (number, step, state, what it covers, tokens, retries, repairs), the calls
under way kept in view, a call the user stopped said to be stopped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QSizePolicy, QWidget

from .i18n import follow_language, say

if TYPE_CHECKING:
    from ..digest.calls import CallState

#: rows of the list of calls in view (it scrolls; the newest row is kept in view)
CALL_ROWS = 4


class CallList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # a fixed height, and rows elided rather than widening the panel
        self.setObjectName("calls")
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.fit()
        self._rows: list[CallState] = []
        self._stopped: set[int] = set()  # calls under way when the user stopped the run
        self.hide()
        follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        for i, call in enumerate(self._rows):
            self._set_row(i, call)

    def clear_calls(self) -> None:
        """No calls listed (a new run, another thread)."""
        self._rows = []
        self._stopped = set()
        self.clear()
        self.hide()

    def stopping(self) -> None:
        """The user stops the run: the calls under way end as *stopped*, not *failed*."""
        from ..digest.calls import ENDED

        self._stopped = {call.number for call in self._rows if call.phase not in ENDED}

    def end(self) -> None:
        """The run has ended (finished, cancelled or failed): a row whose call had not
        ended says it was stopped, rather than "answering" for ever."""
        from ..digest.calls import ENDED

        for i, call in enumerate(self._rows):
            if call.phase not in ENDED:
                self._rows[i] = _stopped(call)
                self._set_row(i, self._rows[i])

    def show_calls(self, calls: tuple[CallState, ...]) -> None:
        """One row per call, changed in place: a call's state is a new object only when it
        changed, so most rows cost one comparison."""
        if not calls:
            return
        rows, added, changed = self._rows, False, False
        for i, given in enumerate(calls):
            # a call the user stopped: the core says failed, the user knows better
            call = _stopped(given) if given.number in self._stopped and given.phase == "failed" else given
            if i < len(rows):
                if rows[i] is not call and rows[i] != call:
                    changed = changed or rows[i].phase != call.phase
                    rows[i] = call
                    self._set_row(i, call)
            else:
                rows.append(call)
                self.addItem("")
                self._set_row(i, call)
                added = True
        if added or changed:
            self._keep_running_in_view()
        if not self.isVisible():
            self.fit()
            self.show()

    def _keep_running_in_view(self) -> None:
        """The first call under way at the top of the list (the ones after it, running
        at the same time, below it), not the last rows waiting for their turn; once none
        runs, the last row."""
        from ..digest.calls import ENDED, CallPhase

        rows = self._rows
        first = next(
            (i for i, call in enumerate(rows) if call.phase not in ENDED and call.phase != CallPhase.WAITING),
            None,
        )
        if first is None:
            first = next((i for i, call in enumerate(rows) if call.phase not in ENDED), None)
        if first is None:
            self.scrollToBottom()
            return
        item = self.item(first)
        self.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtTop)

    def _set_row(self, i: int, call: CallState) -> None:
        text = self.call_text(call)
        item = self.item(i)
        item.setText(text)
        item.setToolTip(text)  # the whole line, where the panel elides it

    def fit(self) -> None:
        """CALL_ROWS rows high, in the font the list has now (the interface font is set
        after the panel is made)."""
        row = self.sizeHintForRow(0) if self.count() else 0
        row = max(row, self.fontMetrics().height())
        self.setFixedHeight(row * CALL_ROWS + 2 * self.frameWidth())

    def call_text(self, call: CallState) -> str:
        """A call in one line: number, step, state, what it covers, tokens, retries and
        repairs (a narrow panel elides the end of the line)."""
        from ..digest.calls import CallPhase, CallStep

        steps = {
            CallStep.WHOLE: self.tr("Whole thread"),
            CallStep.CONDENSE: self.tr("Condense"),
            CallStep.MAP: self.tr("Read"),
            CallStep.REDUCE: self.tr("Merge"),
            CallStep.TOPICS: self.tr("Topics"),
            CallStep.SORT: self.tr("Sort"),
            CallStep.DESCRIBE: self.tr("Summary"),
        }
        phases = {
            CallPhase.WAITING: self.tr("waiting"),
            CallPhase.READING: self.tr("reading the prompt"),
            CallPhase.ANSWERING: self.tr("answering"),
            CallPhase.RETRYING: self.tr("retrying"),
            CallPhase.DONE: self.tr("done"),
            CallPhase.FAILED: self.tr("failed"),
            CallPhase.CANCELLED: self.tr("stopped"),
        }
        approx = "~" if call.estimated else ""
        parts = [
            f"{call.number}. {steps.get(call.step, call.step)}",
            phases.get(call.phase, call.phase),
            say(call.covers),
        ]
        if call.phase is not CallPhase.WAITING:
            parts.append(
                self.tr("%1 + %2 tokens")
                .replace("%1", f"{approx}{call.prompt_tokens:,}")
                .replace("%2", f"{approx}{call.answer_tokens:,}")
            )
        if call.retries:
            parts.append(
                self.tr("1 retry")
                if call.retries == 1
                else self.tr("%1 retries").replace("%1", str(call.retries))
            )
        if call.repairs:
            parts.append(
                self.tr("1 repair")
                if call.repairs == 1
                else self.tr("%1 repairs").replace("%1", str(call.repairs))
            )
        return " · ".join(parts)


def _stopped(call: CallState) -> CallState:
    from dataclasses import replace

    from ..digest.calls import CallPhase

    return replace(call, phase=CallPhase.CANCELLED)

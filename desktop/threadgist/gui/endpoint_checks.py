"""What Manage endpoints asks the server: List models (into the form's model box) and
Test (reachable, the model, an answer, and the speed), said in the form's report."""

from __future__ import annotations

import asyncio
import concurrent.futures as cf

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton

from ..digest.probe import ProbeResult, probe
from ..llm.errors import EndpointError
from ..llm.keys import KeyLookup
from ..llm.profiles import EndpointProfile
from .endpoint_form import EndpointForm
from .i18n import say


class EndpointChecks(QObject):
    """Checks for ``form``'s profile; ``test_button`` is disabled while a test runs."""

    def __init__(self, form: EndpointForm, test_button: QPushButton) -> None:
        super().__init__(form)
        self.form, self.test_button = form, test_button

    def list_models(self, profile: EndpointProfile) -> None:
        form = self.form
        form.report.setPlainText(self.tr("Asking the server for its models…"))
        form.runner.run(form.services.list_models(profile), self._models)

    def _models(self, fut: cf.Future[list[str]]) -> None:
        report, model = self.form.report, self.form.model
        try:
            names = fut.result()
        except EndpointError as e:
            report.setPlainText(say(e.detail))
            return
        current = model.currentText()
        model.clear()
        model.addItems(names)
        model.setEditText(current or (names[0] if names else ""))
        report.setPlainText(self.tr("%n model(s) listed.", "", len(names)))

    def test(self, profile: EndpointProfile, saving: cf.Future[KeyLookup] | None) -> None:
        """Test ``profile`` once its key, if one is being stored (``saving``), is stored."""
        self.form.report.setPlainText(self.tr("Testing “%1”…").replace("%1", profile.name))
        self.test_button.setEnabled(False)
        services = self.form.services

        async def run() -> ProbeResult:
            if saving is not None:  # the key typed just now must be stored before it is used
                await asyncio.wrap_future(saving)
            client = await asyncio.get_running_loop().run_in_executor(None, services.client, profile)
            return await probe(client, profile)

        self.form.runner.run(run(), self._tested)

    def _tested(self, fut: cf.Future[ProbeResult]) -> None:
        form = self.form
        self.test_button.setEnabled(True)
        if form.shown is not None:  # a test may have loaded the model: ask again
            form.window_info.show_for(form.shown)
        try:
            result = fut.result()
        except EndpointError as e:
            form.report.setPlainText(self.tr("Failed: %1").replace("%1", say(e.detail)))
            return
        names = {"reachable": self.tr("reachable"), "model": self.tr("model"), "answer": self.tr("answer")}
        lines = [
            ("✔ " if check.ok else "✘ ") + f"{names.get(check.name, check.name)}: {say(check.text)}"
            for check in result.checks
        ]
        if result.tokens_per_second:
            lines.append(self.tr("speed: %1 tokens/s").replace("%1", f"{result.tokens_per_second:.1f}"))
            form.local.set_speed(result.tokens_per_second)
        form.report.setPlainText("\n".join(lines))

"""A catalog model's particulars, in plain text: what it is good for, its publisher, size
and licence, the memory it needs against this computer's, and the open thread's minutes
on it where this computer's speed is known."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ..llm.catalog import GB
from ..llm.catalog_fit import Fit, human_minutes
from ..llm.hardware import Machine
from .i18n import catalog_text, say


class ModelDetails(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)

    def show_fit(self, fit: Fit | None, machine: Machine, catalog_error: str = "") -> None:
        """``fit``'s particulars; with none, why the catalog has nothing to show."""
        if fit is None:
            self.setText(catalog_error or self.tr("The catalog is empty."))
            return
        self.setText("\n".join(line for line in self._lines(fit, machine) if line))

    def _lines(self, fit: Fit, machine: Machine) -> list[str]:
        model = fit.model
        chinese = {
            "good": self.tr("reads Traditional Chinese well"),
            "fair": self.tr("reads Chinese (may answer in Simplified)"),
            "poor": self.tr("weak at Chinese"),
            "none": self.tr("cannot read Chinese"),
        }[model.chinese]
        lines = [
            catalog_text(model.good_for),
            self.tr("%1 · %2 billion parameters · %3 · context %4 tokens")
            .replace("%1", model.publisher)
            .replace("%2", f"{model.params_billion:g}")
            .replace("%3", model.quant)
            .replace("%4", f"{model.context:,}"),
            self.tr("Languages: %1 (%2)").replace("%1", catalog_text(model.languages)).replace("%2", chinese),
            self.tr("Licence: %1").replace("%1", model.licence)
            + ("" if model.commercial_use else " · " + self.tr("not for commercial use")),
            self.tr(
                "Download %1 GB · needs about %2 GB of memory; this computer has %3 GB "
                "free of %4 GB and %5 CPU cores"
            )
            .replace("%1", f"{model.size / GB:.1f}")
            .replace("%2", f"{fit.ram_needed / GB:.1f}")
            .replace("%3", f"{machine.ram_usable / GB:.1f}")
            .replace("%4", f"{machine.ram_total / GB:.1f}")
            .replace("%5", str(machine.cores)),
        ]
        if fit.minutes is not None:
            lines.append(
                self.tr(
                    "The open thread: %1 on this computer (estimated from the "
                    "speed measured with the bundled model)"
                ).replace("%1", say(human_minutes(fit.minutes)))
            )
        if not fit.fits:
            lines.append(self.tr("Too big: %1").replace("%1", say(fit.reason)))
        if len(model.files) > 1:
            lines.append(
                self.tr("Published in %1 parts; all are downloaded.").replace("%1", str(len(model.files)))
            )
        return lines

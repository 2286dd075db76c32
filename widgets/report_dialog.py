"""Asking for a report in the window: what, for which site or device, which period, which language.

The report is made by the same service as on the command line, on the thread pool, so the
window stays live (and the alarm banner with it) while a long period is read. The dialog
says which stage the work is in, can cancel it between stages, and opens the PDF when done.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.accounts.actors import Actor
from app.audit.trail import AuditTrail
from app.reporting.local_time import ceil_quarter, floor_quarter
from app.reporting.meters import ENERGY
from app.reporting.service import Made, ReportCancelledError, ReportRequest, make_report
from app.site.config import SiteConfig
from widgets.background import run_in_background

#: Periods offered, as (key, first day, day after the last) from today's date.
PERIODS = ("yesterday", "last-7-days", "last-week", "this-month", "last-month", "last-year", "custom")


def period_days(key: str, today: date) -> tuple[date, date]:
    """The local dates [first, after last) a period preset stands for."""
    month = today.replace(day=1)
    if key == "yesterday":
        return today - timedelta(days=1), today
    if key == "last-7-days":
        return today - timedelta(days=7), today
    if key == "last-week":
        monday = today - timedelta(days=today.weekday())
        return monday - timedelta(days=7), monday
    if key == "this-month":
        return month, today + timedelta(days=1)
    if key == "last-month":
        return (month - timedelta(days=1)).replace(day=1), month
    if key == "last-year":
        return today.replace(year=today.year - 1, month=1, day=1), today.replace(month=1, day=1)
    raise ValueError(key)


class ReportDialog(QDialog):
    #: Emitted from the worker at each stage; delivered on the GUI thread.
    stage_reached = Signal(str)

    def __init__(
        self,
        trail: AuditTrail,
        config: SiteConfig,
        actor: Actor,
        folder: Path,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New report"))
        self._trail, self._config, self._actor, self._folder = trail, config, actor, folder
        self._today = today or datetime.now().date()
        self._cancel = threading.Event()
        self.made: Made | None = None
        self._stages: dict[str, str] = {}
        self._make_fields()
        self._lay_out()
        self.stage_reached.connect(self._show_stage)
        self.period.currentIndexChanged.connect(self._period_chosen)
        self.scope.currentIndexChanged.connect(self._suggest_file)
        self.kind.currentIndexChanged.connect(lambda: (self._fill_scopes(), self._suggest_file()))
        for edit in (self.first, self.last):
            edit.dateChanged.connect(self._dates_edited)
        self._period_chosen()

    def _make_fields(self) -> None:
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Energy consumption analysis"), "energy")
        self.kind.addItem(self.tr("Device operations"), "operations")
        self.kind.addItem(self.tr("Technical diagnostics"), "diagnostics")
        self.scope = QComboBox()
        self._fill_scopes()
        self.period = QComboBox()
        names = {
            "yesterday": self.tr("Yesterday"),
            "last-7-days": self.tr("Last 7 days"),
            "last-week": self.tr("Last week (Monday to Sunday)"),
            "this-month": self.tr("This month so far"),
            "last-month": self.tr("Last month"),
            "last-year": self.tr("Last year"),
            "custom": self.tr("Dates below"),
        }
        for key in PERIODS:
            self.period.addItem(names[key], key)
        self.first = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.last = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.language = QComboBox()
        self.language.addItem("English", "en")
        self.language.addItem("Tiếng Việt", "vi")
        self.workbook = QCheckBox(self.tr("Also the tables as a workbook (XLSX)"), checked=True)
        self.open_when_done = QCheckBox(self.tr("Open the report when it is ready"), checked=True)
        self.output = QLineEdit()

    def _lay_out(self) -> None:
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._choose_file)
        where = QHBoxLayout()
        where.addWidget(self.output, 1)
        where.addWidget(browse)

        form = QFormLayout()
        form.addRow(self.tr("Report"), self.kind)
        form.addRow(self.tr("Site or device"), self.scope)
        form.addRow(self.tr("Period"), self.period)
        form.addRow(self.tr("From (first day)"), self.first)
        form.addRow(self.tr("To (last day)"), self.last)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("File"), where)
        form.addRow("", self.workbook)
        form.addRow("", self.open_when_done)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.generate = self.buttons.addButton(self.tr("Generate"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = self.buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button = self.buttons.addButton(self.tr("Open"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setEnabled(False)
        self.generate.setDefault(True)
        self.generate.clicked.connect(self.start)
        self.cancel.clicked.connect(self._cancel_or_close)
        self.open_button.clicked.connect(self._open)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    # Choices

    def _fill_scopes(self) -> None:
        """The sites this account sees and their devices (those that count energy, for an energy report)."""
        config, energy = self._config, self.kind.currentData() == "energy"
        chosen = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        for site in config.file.sites:
            if self._actor.sees_site(site.id):
                self.scope.addItem(site.name or site.id, site.id)
                for device in sorted({p.device_path for p in config.points if p.site == site.id}):
                    if not energy or any(
                        p.device_path == device and p.quantity == ENERGY for p in config.points
                    ):
                        self.scope.addItem("    " + device, device)
        self.scope.setCurrentIndex(max(0, self.scope.findData(chosen)))
        self.scope.blockSignals(False)

    def _period_chosen(self) -> None:
        key = self.period.currentData()
        if key == "custom":
            return
        first, after = period_days(key, self._today)
        for edit, day in ((self.first, first), (self.last, after - timedelta(days=1))):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        self._suggest_file()

    def _dates_edited(self) -> None:
        self.period.blockSignals(True)
        self.period.setCurrentIndex(PERIODS.index("custom"))
        self.period.blockSignals(False)
        self._suggest_file()

    def _days(self) -> tuple[date, date]:
        first, last = self.first.date().toPython(), self.last.date().toPython()
        return first, last + timedelta(days=1)  # type: ignore[operator]

    def _suggest_file(self) -> None:
        first, after = self._days()
        scope = str(self.scope.currentData() or "").replace("/", "_")
        last = after - timedelta(days=1)
        span = f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d}_{last:%Y-%m-%d}"
        self.output.setText(str(self._folder / f"{self.kind.currentData()}-{scope}-{span}.pdf"))

    def _choose_file(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the report as"), self.output.text(), self.tr("PDF (*.pdf)")
        )
        if chosen:
            self.output.setText(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")

    # Work

    def request(self) -> ReportRequest:
        scope = str(self.scope.currentData())
        site = next(s for s in self._config.file.sites if s.id == scope.split("/", maxsplit=1)[0])
        zone = site.zone()
        first, after = self._days()
        pdf = Path(self.output.text()).expanduser()
        return ReportRequest(
            kind=str(self.kind.currentData()),
            scope=scope,
            from_ms=floor_quarter(round(datetime.combine(first, time(), zone).timestamp() * 1000)),
            to_ms=ceil_quarter(round(datetime.combine(after, time(), zone).timestamp() * 1000)),
            zone=zone,
            pdf=pdf,
            xlsx=pdf.with_suffix(".xlsx") if self.workbook.isChecked() else None,
            language=str(self.language.currentData()),
        )

    def start(self) -> None:
        if self.scope.count() == 0:
            self.status.setText(self.tr("There is no site you may report on."))
            return
        first, after = self._days()
        if after <= first:
            self.status.setText(self.tr("The last day comes before the first."))
            return
        request = self.request()
        if request.pdf.suffix.lower() != ".pdf" or not request.pdf.parent.is_dir():
            self.status.setText(self.tr("Choose a PDF file in a folder that exists."))
            return
        self._cancel.clear()
        self._busy(True)
        stages = {
            "figures": self.tr("Reading the historian…"),
            "layout": self.tr("Laying out the pages…"),
            "workbook": self.tr("Writing the workbook…"),
            "finishing": self.tr("Finishing…"),
        }
        self.status.setText(stages["figures"])

        def work() -> Made:
            return make_report(
                self._trail,
                self._actor,
                self._config,
                request,
                progress=self.stage_reached.emit,
                cancelled=self._cancel.is_set,
            )

        self._stages = stages
        run_in_background(work, self._done, self)

    def _show_stage(self, stage: str) -> None:
        if self.busy.isVisible() and not self._cancel.is_set():
            self.status.setText(self._stages.get(stage, stage))

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.generate.setEnabled(not busy)
        self.cancel.setText(self.tr("Cancel") if busy else self.tr("Close"))
        for widget in (self.kind, self.scope, self.period, self.first, self.last, self.language, self.output):
            widget.setEnabled(not busy)

    def _cancel_or_close(self) -> None:
        if self.busy.isVisible():
            self._cancel.set()
            self.status.setText(self.tr("Cancelling…"))
        else:
            self.reject()

    def _done(self, result: object) -> None:
        self._busy(False)
        if isinstance(result, ReportCancelledError):
            self.status.setText(self.tr("Cancelled: nothing was written."))
            return
        if isinstance(result, Exception):
            self.status.setText(self.tr("The report could not be made: {problem}").format(problem=result))
            return
        assert isinstance(result, Made)
        self.made = result
        self.open_button.setEnabled(True)
        text = self.tr("Written: {file} ({pages} pages).").format(file=result.pdf, pages=result.pages)
        if result.xlsx is not None:
            text += " " + self.tr("Tables: {file}.").format(file=result.xlsx)
        self.status.setText(text)
        if self.open_when_done.isChecked():
            self._open()

    def _open(self) -> None:
        if self.made is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.made.pdf)))

"""The alarm history window over the real journal: a period, filters, who acted, and an audited export."""

from __future__ import annotations

import csv
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.audit.actions import Action
from app.pipeline.runtime import Runtime
from drivers.base import now_ms
from storage.alarm_journal import AlarmDefinition, AlarmJournal, EventRow
from tests.people_fixtures import ENGINEER, OPERATOR, VIEWER, seed_staff
from tests.widgets.screenshots import save_screenshot
from widgets.alarm_history import AlarmHistoryDialog, HistoryModel
from widgets.main_window import MainWindow

HOUR_MS = 3_600_000


def journal_some(runtime: Runtime, operator_ref: str) -> None:
    journal = AlarmJournal(runtime.db)
    rows = journal.register(
        [
            AlarmDefinition("old-trip", "demo-plant/genset/running", "digital", "low", "Generator tripped"),
            AlarmDefinition("hot", "demo-plant/genset/coolant_temperature", "high", "high", "Coolant hot"),
        ]
    )
    now = now_ms()
    journal.append(
        [
            EventRow(
                rows["old-trip"].id, now - 72 * HOUR_MS, "activated", "normal", "unacknowledged", "system"
            ),
            EventRow(
                rows["hot"].id, now - 2 * HOUR_MS, "activated", "normal", "unacknowledged", "system", 96.5
            ),
            EventRow(
                rows["hot"].id,
                now - 2 * HOUR_MS + 60_000,
                "acknowledged",
                "unacknowledged",
                "acknowledged",
                operator_ref,
                comment="radiator fan replaced",
            ),
        ]
    )


def opened(qtbot: QtBot, window: MainWindow) -> AlarmHistoryDialog:
    dialog = window.open_alarm_history()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
    return dialog


def shown(dialog: AlarmHistoryDialog, column: int) -> list[str]:
    model = dialog.model
    return [
        str(model.data(model.index(r, column)))
        for r in range(model.rowCount())
        if not dialog.view.isRowHidden(r)
    ]


def test_the_history_of_a_period_with_who_acted_and_what_they_wrote(
    qtbot: QtBot, runtime: Runtime, tmp_path: Path
) -> None:
    staff = seed_staff(runtime.people)
    journal_some(runtime, staff[OPERATOR].actor.ref)
    window = MainWindow(runtime, session=staff[ENGINEER])
    qtbot.addWidget(window)
    dialog = opened(qtbot, window)
    assert shown(dialog, HistoryModel.ALARM)[:2] == ["hot", "hot"]  # newest first; the 3-day-old one is out
    assert "old-trip" not in shown(dialog, HistoryModel.ALARM)
    assert shown(dialog, HistoryModel.USER)[0] == OPERATOR  # the email, not the journal's pseudonymous ref
    assert shown(dialog, HistoryModel.COMMENT)[0] == "radiator fan replaced"

    qtbot.keyClicks(dialog.filter, "radiator")
    assert shown(dialog, HistoryModel.EVENT) == ["acknowledged"]
    dialog.filter.clear()
    dialog.recent.setCurrentIndex(2)  # the last 7 days
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
    assert "old-trip" in shown(dialog, HistoryModel.ALARM)
    save_screenshot(dialog, tmp_path, "alarm-history.png")

    out = tmp_path / "history.csv"
    count = dialog.export(out)
    assert count == len(dialog.history.entries) >= 3
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["time", "alarm", "priority"] and len(rows) == count + 1
    assert [rows[1][i] for i in (1, 5, 8, 9)] == ["hot", "acknowledged", OPERATOR, "radiator fan replaced"]
    exported = runtime.people.trail.records(action_prefix=Action.DATA_EXPORTED.value)
    assert exported[-1].details is not None and exported[-1].details["entries"] == count


def test_a_viewer_reads_the_history_but_may_not_take_it_away(
    qtbot: QtBot, runtime: Runtime, tmp_path: Path
) -> None:
    staff = seed_staff(runtime.people)
    journal_some(runtime, staff[OPERATOR].actor.ref)
    window = MainWindow(runtime, session=staff[VIEWER])
    qtbot.addWidget(window)
    dialog = opened(qtbot, window)
    assert "hot" in shown(dialog, HistoryModel.ALARM)
    assert not dialog.export_button.isEnabled()
    assert dialog.export(tmp_path / "no.csv") is None and not (tmp_path / "no.csv").exists()
    refused = runtime.people.trail.records(action_prefix=Action.RIGHT_REFUSED.value)
    assert refused[-1].target == "alarm history"

"""The audit viewer on a real trail: filters, escaped text, chain verification, CSV export."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from app.accounts.actors import RightMissingError
from app.accounts.service import SignInError
from storage.audit_log import AuditRecord
from tests.people_fixtures import ADMIN, ENGINEER, OPERATOR, VIEWER, Staff
from tests.widgets.screenshots import save_screenshot
from widgets.audit_viewer import AuditModel, AuditViewer
from widgets.theme import style_sheet


def open_viewer(
    qtbot: QtBot, staff: Staff, parent: QWidget | None = None, names: object = None
) -> AuditViewer:
    viewer = AuditViewer(
        staff.people.trail,
        names or staff.people.accounts.names,  # type: ignore[arg-type]
        staff.sessions[ADMIN].actor,
        parent,
        clock=staff.clock,
    )
    if parent is None:
        qtbot.addWidget(viewer)
    viewer.show()
    return viewer


def column(viewer: AuditViewer, col: int) -> list[str]:
    model = viewer.model
    return [str(model.data(model.index(row, col))) for row in range(model.rowCount())]


def row_of(viewer: AuditViewer, record: AuditRecord) -> dict[int, str]:
    row = viewer.model.row_of(record.seq)
    assert row is not None, record
    return {c: str(viewer.model.data(viewer.model.index(row, c))) for c in range(viewer.model.columnCount())}


def failed_sign_in(staff: Staff, email: str) -> AuditRecord:
    with pytest.raises(SignInError):
        staff.people.accounts.sign_in(email, "certainly not the password here")
    return staff.people.trail.records(newest_first=True, limit=1)[0]


def test_only_an_auditor_opens_it_and_a_refusal_is_recorded(qtbot: QtBot, staff: Staff) -> None:
    with pytest.raises(RightMissingError):
        AuditViewer(staff.people.trail, staff.people.accounts.names, staff.sessions[ENGINEER].actor)
    refused = staff.people.trail.records(action_prefix="auth.refused")[-1]
    assert (refused.actor, refused.target, refused.details) == (
        staff.sessions[ENGINEER].actor.ref,
        "audit",
        {"right": "audit.view"},
    )


def test_records_newest_first_with_emails_and_typed_text_escaped(qtbot: QtBot, staff: Staff) -> None:
    typed = failed_sign_in(staff, "mallory@evil.example\n42 auth.sign_in ok")
    viewer = open_viewer(qtbot, staff)
    seqs = [int(s) for s in column(viewer, AuditModel.SEQ)]
    assert seqs == sorted(seqs, reverse=True) and seqs[0] == typed.seq
    assert len(seqs) == len(staff.people.trail.records())
    shown = row_of(viewer, typed)
    assert shown[AuditModel.ACTOR] == "unknown-account"
    assert shown[AuditModel.ACTION] == "auth.sign_in_failed"
    assert shown[AuditModel.OUTCOME] == "REFUSED"
    refused_font = viewer.model.index(viewer.model.row_of(typed.seq), AuditModel.OUTCOME)  # type: ignore[arg-type]
    assert refused_font.data(Qt.ItemDataRole.FontRole).bold()  # stands out by weight too, not by colour
    assert "\n" not in shown[AuditModel.DETAILS]
    assert '"email":"mallory@evil.example\\n42 auth.sign_in ok"' in shown[AuditModel.DETAILS]
    assert all("\n" not in cell for c in range(8) for cell in column(viewer, c))
    engineer_sign_in = next(
        r
        for r in staff.people.trail.records(action_prefix="auth.sign_in")
        if r.actor == staff.sessions[ENGINEER].actor.ref and r.action == "auth.sign_in"
    )
    assert row_of(viewer, engineer_sign_in)[AuditModel.ACTOR] == ENGINEER
    assert row_of(viewer, engineer_sign_in)[AuditModel.OUTCOME] == "ok"
    ok_row = viewer.model.row_of(engineer_sign_in.seq)
    assert viewer.model.index(ok_row, AuditModel.OUTCOME).data(Qt.ItemDataRole.FontRole) is None  # type: ignore[arg-type]


def test_an_erased_account_shows_as_its_ref_and_erased_details(qtbot: QtBot, staff: Staff) -> None:
    viewer_ref = staff.sessions[VIEWER].actor.ref
    typo = failed_sign_in(staff, VIEWER + ".")  # names the person in its details
    staff.people.privacy.erase_now(staff.sessions[ADMIN].actor, VIEWER)
    viewer = open_viewer(qtbot, staff)
    created = next(
        r for r in staff.people.trail.records(action_prefix="user.created") if r.target == viewer_ref
    )
    assert row_of(viewer, created)[AuditModel.TARGET] == viewer_ref
    assert row_of(viewer, created)[AuditModel.ACTOR] == ADMIN
    assert VIEWER not in " ".join(column(viewer, AuditModel.ACTOR) + column(viewer, AuditModel.TARGET))
    assert row_of(viewer, typo)[AuditModel.DETAILS] == "erased"
    assert row_of(viewer, typo)[AuditModel.WORKSTATION] == "erased"
    assert column(viewer, AuditModel.ACTION)[0] == "privacy.account_erased"


def test_filters_by_actor_action_and_time(qtbot: QtBot, staff: Staff) -> None:
    failed_sign_in(staff, OPERATOR)
    viewer = open_viewer(qtbot, staff)
    everything = viewer.model.rowCount()
    operator_ref = staff.sessions[OPERATOR].actor.ref

    viewer.choose_actor(operator_ref)
    assert viewer.actor_filter.currentText() == OPERATOR
    assert set(column(viewer, AuditModel.ACTOR)) == {OPERATOR}
    assert 0 < viewer.model.rowCount() < everything

    viewer.choose_action("auth.sign_in")  # exactly this action, not auth.sign_in_failed
    assert set(column(viewer, AuditModel.ACTION)) == {"auth.sign_in"}
    viewer.choose_action("auth.")
    assert set(column(viewer, AuditModel.ACTION)) == {"auth.sign_in", "auth.sign_in_failed"}

    viewer.actor_filter.setCurrentIndex(0)  # Anyone
    viewer.choose_action("user.")
    assert {a.split(".")[0] for a in column(viewer, AuditModel.ACTION)} == {"user"}
    assert viewer.action_filter.itemText(0) == "Any action"
    assert viewer.actor_filter.itemText(0) == "Anyone"

    viewer.action_filter.setCurrentIndex(0)
    later = QDateTime.fromMSecsSinceEpoch(staff.clock.now + 120_000)
    viewer.since.setDateTime(later)
    assert viewer.model.rowCount() == 0
    assert viewer.count.text() == "0 records shown"
    viewer.since.setDateTime(later.addDays(-1))
    viewer.until.setDateTime(QDateTime.fromMSecsSinceEpoch(staff.clock.now - 30 * 60_000))
    assert viewer.model.rowCount() == 0
    viewer.until.setDateTime(later)
    assert viewer.model.rowCount() == everything


def test_verify_says_intact_then_names_the_edited_record(qtbot: QtBot, staff: Staff) -> None:
    viewer = open_viewer(qtbot, staff)
    head = staff.people.trail.head()
    viewer.verify_button.click()
    qtbot.waitUntil(lambda: viewer.result.text().startswith("Intact"), timeout=10_000)
    assert viewer.result.text() == f"Intact: {head.seq} records, head {head}"
    assert column(viewer, AuditModel.ACTION)[0] == "audit.verified"  # the check is on record, and shown

    with staff.db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_records SET target='x' WHERE seq=3"))
    viewer.verify_button.click()
    qtbot.waitUntil(lambda: viewer.result.text().startswith("BROKEN"), timeout=10_000)
    assert viewer.result.text().startswith("BROKEN at record 3: ")
    verified = staff.people.trail.records(action_prefix="audit.verified")
    assert [r.outcome for r in verified] == ["ok", "broken"]
    assert row_of(viewer, verified[-1])[AuditModel.OUTCOME] == "BROKEN"


def test_export_writes_the_rows_shown_safely_and_is_recorded(
    qtbot: QtBot, staff: Staff, tmp_path: Path
) -> None:
    formula = failed_sign_in(staff, '=HYPERLINK("http://x.example")@x.example')
    viewer = open_viewer(qtbot, staff)
    viewer.choose_action("auth.")
    shown = viewer.model.rowCount()
    viewer.export_button.click()
    dialog = viewer.file_dialog
    assert dialog is not None
    output = tmp_path / "trail.csv"
    dialog.selectFile(str(output))
    dialog.accept()
    qtbot.waitUntil(output.exists, timeout=5_000)

    with output.open(encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    assert rows[0] == [
        "seq",
        "time",
        "actor",
        "action",
        "target",
        "outcome",
        "workstation",
        "details",
        "hash",
    ]
    assert len(rows) == shown + 1
    by_seq = {int(r[0]): r for r in rows[1:]}
    assert by_seq[formula.seq][3] == "auth.sign_in_failed"
    assert by_seq[formula.seq][7].startswith('{"email": "=hyperlink')  # JSON, led by "{": no formula
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    exported = staff.people.trail.records(action_prefix="audit.exported")
    assert [(r.target, r.details) for r in exported] == [(str(output), {"records": shown, "format": "csv"})]
    assert viewer.message.text() == f"{shown} records written to {output}"


def test_a_cell_that_would_run_as_a_formula_is_quoted(qtbot: QtBot, staff: Staff, tmp_path: Path) -> None:
    names = staff.people.accounts.names
    viewer = open_viewer(qtbot, staff, names=lambda: {**names(), "unknown-account": "=1+1"})
    failed_sign_in(staff, "nobody@plant.example")
    viewer.reload()
    shown = viewer.model.rowCount()
    assert viewer.write_csv(tmp_path / "t.csv") == shown
    rows = list(csv.reader((tmp_path / "t.csv").open(encoding="utf-8", newline="")))
    assert rows[1][2] == "'=1+1"


def test_screenshot(qtbot: QtBot, staff: Staff, tmp_path: Path) -> None:
    staff.clock.advance(1800)
    for typed in ("ada@plant.exmaple", "admin@plant.example", "root\nadmin@plant.example"):
        failed_sign_in(staff, typed)
        staff.clock.advance(7)
    for _ in range(6):
        failed_sign_in(staff, VIEWER)
        staff.clock.advance(3)
    staff.people.accounts.unlock(staff.sessions[ADMIN].actor, VIEWER)
    staff.clock.advance(60)
    staff.people.accounts.set_enabled(staff.sessions[ADMIN].actor, OPERATOR, False)
    window = QWidget()  # stands in for the main window, which carries the style sheet
    window.setStyleSheet(style_sheet())
    qtbot.addWidget(window)
    viewer = open_viewer(qtbot, staff, parent=window)
    viewer.resize(1200, 650)
    typed = staff.people.trail.records(action_prefix="auth.sign_in_failed", actors=["unknown-account"])[-1]
    viewer.view.selectRow(viewer.model.row_of(typed.seq))  # type: ignore[arg-type]
    assert "root\\nadmin@plant.example" in viewer.detail.text()
    viewer.verify_button.click()
    qtbot.waitUntil(lambda: viewer.result.text().startswith("Intact"), timeout=10_000)
    assert viewer.selected() == typed  # the reload after the check kept the reader's place
    assert "root\\nadmin@plant.example" in viewer.detail.text()
    save_screenshot(viewer, tmp_path, "audit-viewer.png")

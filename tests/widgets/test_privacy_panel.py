"""The privacy panel on a real encrypted database, driven through its real widgets.

Confirmation and the file chooser are injected, and the request form opens without
blocking, so nothing here waits on a person.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.accounts.actors import Actor
from app.privacy.consents import Purpose
from app.privacy.laws import RequestKind
from tests.people_fixtures import ADMIN, OPERATOR, VIEWER, Staff
from tests.widgets.screenshots import save_screenshot
from widgets.privacy_panel import PrivacyPanel
from widgets.privacy_tables import DocumentTable
from widgets.theme import style_sheet

DAY_S = 86_400


def operator(staff: Staff) -> Actor:
    return staff.sessions[OPERATOR].actor


def admin(staff: Staff) -> Actor:
    return staff.sessions[ADMIN].actor


def make_panel(qtbot: QtBot, staff: Staff, actor: Actor, **kwargs: object) -> PrivacyPanel:
    panel = PrivacyPanel(staff.people.privacy, actor, names=staff.people.accounts.names, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    return panel


def table(panel: PrivacyPanel, key: str) -> DocumentTable:
    return next(model for name, _title, model in panel.tables if name == key)


def column(model: DocumentTable, index: int) -> list[str]:
    return [model.text(row, index) for row in range(model.rowCount())]


def tab_titles(panel: PrivacyPanel) -> list[str]:
    return [panel.tabs.tabText(i) for i in range(panel.tabs.count())]


def register_rows(panel: PrivacyPanel) -> list[dict[str, str]]:
    """The register as the administrator reads it: each row's cells by column title."""
    assert panel.register is not None
    model = panel.register.model
    titles = model.headers()
    return [
        {titles[c]: str(model.data(model.index(r, c))) for c in range(model.columnCount())}
        for r in range(model.rowCount())
    ]


def status_of(staff: Staff, actor: Actor) -> str:
    account = staff.people.accounts.account(actor.ref)
    assert account is not None
    return account.status


def test_the_operator_sees_their_profile_and_sign_in_history(qtbot: QtBot, staff: Staff) -> None:
    staff.clock.advance(3600)
    staff.sign_in(OPERATOR)  # a second sign-in, an hour later
    panel = make_panel(qtbot, staff, operator(staff))

    assert OPERATOR in panel.title.text()
    assert panel.email_edit.text() == OPERATOR
    assert panel.organisation_edit.text() == "Plant Co"
    assert panel.facts["role"].text() == "Operator"
    assert panel.facts["status"].text() == "active"
    assert panel.facts["second_factor"].text() == "no"
    sessions = table(panel, "sessions")
    assert sessions.rowCount() == 2
    assert column(sessions, 2) == ["window", "window"]
    started = column(sessions, 0)
    assert started[0] > started[1]  # newest first, in local time to the minute
    assert panel.records.tabText(0) == "Sign-ins (2)"
    assert "Requests" not in tab_titles(panel)
    assert panel.register is None


def test_correcting_the_organisation_is_audited_by_field_not_value(qtbot: QtBot, staff: Staff) -> None:
    actor = operator(staff)
    panel = make_panel(qtbot, staff, actor)
    panel.organisation_edit.setText("Grid Services Ltd")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)

    account = staff.people.accounts.account(actor.ref)
    assert account is not None and account.organisation == "Grid Services Ltd"
    assert account.email == OPERATOR  # the untouched email was not sent
    records = staff.people.trail.records(action_prefix="privacy.corrected")
    assert len(records) == 1
    assert records[0].details == {"fields": ["organisation"]}
    assert "Grid Services" not in json.dumps(records[0].details)
    assert panel.message.text() == "Corrections saved."
    assert "privacy.corrected" in column(table(panel, "audit_records"), 2)
    assert panel.organisation_edit.text() == "Grid Services Ltd"


def test_a_refused_correction_is_said_in_words(qtbot: QtBot, staff: Staff) -> None:
    actor = operator(staff)
    panel = make_panel(qtbot, staff, actor)
    panel.email_edit.setText(VIEWER)  # another account's email
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.message.text() == "Not done: another account has that email"
    panel.email_edit.setText("not an address")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.message.text().startswith("Not done: ")
    assert "is not an email address" in panel.message.text()
    assert staff.people.trail.records(action_prefix="privacy.corrected") == []


def test_toggling_a_consent_records_it_with_its_time(qtbot: QtBot, staff: Staff) -> None:
    actor = operator(staff)
    panel = make_panel(qtbot, staff, actor)
    box = panel.consent_boxes[Purpose.ALARM_ALERTS]
    assert box.text() == Purpose.ALARM_ALERTS.label
    assert not box.isChecked()
    assert panel.consent_times[Purpose.ALARM_ALERTS].text() == "Never answered: refused."

    box.click()
    consents = staff.people.privacy.consents(actor)
    assert consents[Purpose.ALARM_ALERTS] is True
    assert consents[Purpose.REPORT_DELIVERY] is False
    assert panel.consent_times[Purpose.ALARM_ALERTS].text().startswith("Agreed on ")
    assert OPERATOR in panel.consent_times[Purpose.ALARM_ALERTS].text()
    changed = staff.people.trail.records(action_prefix="privacy.consent_changed")
    assert [r.details for r in changed] == [{"purpose": "alarm-alerts", "granted": True}]

    box.click()
    assert staff.people.privacy.consents(actor)[Purpose.ALARM_ALERTS] is False
    assert panel.consent_times[Purpose.ALARM_ALERTS].text().startswith("Refused on ")


def test_sms_alerts_take_a_phone_number_that_goes_with_the_agreement(qtbot: QtBot, staff: Staff) -> None:
    actor = operator(staff)
    panel = make_panel(qtbot, staff, actor)
    box = panel.consent_boxes[Purpose.SMS_ALERTS]
    box.click()  # no number yet
    assert panel.message.text().startswith("Not done: ") and "international form" in panel.message.text()
    assert not box.isChecked() and staff.people.privacy.consents(actor)[Purpose.SMS_ALERTS] is False
    panel.sms_phone.setText("+84 912 345 678")
    box.click()
    assert staff.people.privacy.consents(actor)[Purpose.SMS_ALERTS] is True
    document = staff.people.privacy.overview(actor).data.document
    assert document["account"]["phone"] == "+84912345678" and panel.sms_phone.isReadOnly()
    box.click()  # refused again: the number is gone
    assert staff.people.privacy.overview(actor).data.document["account"]["phone"] is None
    assert panel.sms_phone.text() == "" and not panel.sms_phone.isReadOnly()
    changed = staff.people.trail.records(action_prefix="privacy.consent_changed")
    assert [r.details.get("phone") for r in changed] == ["given", "removed"]
    assert all("912" not in str(r.details) for r in changed)


def test_export_writes_my_data_without_secrets(qtbot: QtBot, staff: Staff, tmp_path: Path) -> None:
    target = tmp_path / "anna-data.json"
    asked: list[Path] = []

    def choose(_parent: QWidget, _title: str, suggested: Path) -> Path:
        asked.append(suggested)
        return target

    panel = make_panel(qtbot, staff, operator(staff), choose_file=choose)
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)

    assert asked and asked[0].suffix == ".json"
    text = target.read_text(encoding="utf-8")
    assert json.loads(text)["account"]["email"] == OPERATOR
    assert "$argon2" not in text
    assert str(target) in panel.message.text()


def test_a_cancelled_export_writes_nothing(qtbot: QtBot, staff: Staff, tmp_path: Path) -> None:
    panel = make_panel(qtbot, staff, operator(staff), choose_file=lambda *_: None)
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert list(tmp_path.glob("*.json")) == []
    assert staff.people.trail.records(action_prefix="privacy.exported") == []


def test_an_export_refused_by_the_file_system_is_said(qtbot: QtBot, staff: Staff, tmp_path: Path) -> None:
    missing = tmp_path / "no such folder" / "data.json"
    panel = make_panel(qtbot, staff, operator(staff), choose_file=lambda *_: missing)
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert panel.message.text().startswith("Not done: ")
    assert not missing.exists()


def test_withdrawal_asks_first_then_disables_the_account(qtbot: QtBot, staff: Staff) -> None:
    actor = operator(staff)
    questions: list[str] = []
    answer = {"yes": False}

    def confirm(_parent: QWidget, _title: str, text: str) -> bool:
        questions.append(text)
        return answer["yes"]

    panel = make_panel(qtbot, staff, actor, confirm=confirm)
    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    assert status_of(staff, actor) == "active"  # "No" changes nothing
    assert "deleted for good after 90 days" in questions[0]
    assert "an administrator can restore it until then" in questions[0]

    answer["yes"] = True
    with qtbot.waitSignal(panel.withdrawn, timeout=1000):
        qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    assert status_of(staff, actor) == "withdrawn"
    assert panel.facts["status"].text().startswith("withdrawn: deleted for good on ")
    assert panel.message.text().startswith("Withdrawn: ")
    assert not panel.withdraw_button.isEnabled()


def test_an_administrator_withdrawing_someone_else_does_not_sign_themself_out(
    qtbot: QtBot, staff: Staff
) -> None:
    panel = make_panel(qtbot, staff, admin(staff), subject=VIEWER, confirm=lambda *_: True)
    assert "Data held about" in panel.title.text() and VIEWER in panel.title.text()
    emitted: list[bool] = []
    panel.withdrawn.connect(lambda: emitted.append(True))
    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    assert status_of(staff, staff.sessions[VIEWER].actor) == "withdrawn"
    assert emitted == []


def test_the_operator_may_not_open_someone_elses_data(qtbot: QtBot, staff: Staff) -> None:
    panel = make_panel(qtbot, staff, operator(staff), subject=VIEWER)
    assert "does not hold the right privacy.manage" in panel.message.text()
    assert not panel.tabs.widget(0).isEnabled()
    assert panel.email_edit.text() == ""


def test_the_register_shows_withdrawals_and_turns_overdue(qtbot: QtBot, staff: Staff) -> None:
    staff.people.privacy.withdraw(operator(staff))
    panel = make_panel(qtbot, staff, admin(staff))
    assert "Requests" in tab_titles(panel)
    assert panel.register is not None

    mine = [r for r in register_rows(panel) if r["Person"] == OPERATOR]
    kinds = {r["Request"]: r for r in mine}
    assert set(kinds) == {RequestKind.WITHDRAWAL.label, RequestKind.DELETION.label}
    assert kinds[RequestKind.WITHDRAWAL.label]["State"] == "done"
    assert kinds[RequestKind.DELETION.label]["State"] == "open"
    assert panel.register.overdue_banner.isHidden()

    staff.clock.advance(
        40 * DAY_S
    )  # the withdrawal answered the deletion request, but 40 days is late for it
    panel.refresh_requests()
    deletion = next(r for r in register_rows(panel) if r["Request"] == RequestKind.DELETION.label)
    assert deletion["State"] == "OVERDUE (not done)"
    assert not panel.register.overdue_banner.isHidden()
    assert panel.register.overdue_banner.text().startswith("1 request(s) overdue")
    panel.register.select_request(int(deletion["No."]))
    assert f"OVERDUE: due by {deletion['Due']}." in panel.register.detail.text()

    letter = staff.people.privacy.receive_request(admin(staff), VIEWER, RequestKind.ACCESS, "letter")
    staff.clock.advance(5 * DAY_S)  # more than two working days without an answer
    panel.refresh_requests()
    asked = next(r for r in register_rows(panel) if r["No."] == str(letter))
    assert asked["State"] == "OVERDUE (no answer)"
    panel.register.select_request(letter)
    assert "OVERDUE: the law asks for an answer by " in panel.register.detail.text()
    qtbot.mouseClick(panel.register.acknowledge_button, Qt.MouseButton.LeftButton)
    answered = next(r for r in register_rows(panel) if r["No."] == str(letter))
    assert answered["State"] == "open"  # answered, and still inside its 10 days


def test_the_administrator_restores_a_withdrawn_operator(qtbot: QtBot, staff: Staff) -> None:
    actor = operator(staff)
    staff.people.privacy.withdraw(actor)
    panel = make_panel(qtbot, staff, admin(staff))
    assert panel.register is not None
    withdrawal = next(r for r in register_rows(panel) if r["Request"] == RequestKind.WITHDRAWAL.label)
    panel.register.select_request(int(withdrawal["No."]))
    assert panel.register.restore_button.isEnabled()  # any request of the withdrawn account
    deletion = next(r for r in register_rows(panel) if r["Request"] == RequestKind.DELETION.label)
    panel.register.select_request(int(deletion["No."]))
    qtbot.mouseClick(panel.register.restore_button, Qt.MouseButton.LeftButton)

    assert status_of(staff, actor) == "active"
    assert panel.message.text() == f"The account {OPERATOR} is restored."
    deletion = next(r for r in register_rows(panel) if r["No."] == deletion["No."])
    assert deletion["State"] == "done"
    assert not panel.register.restore_button.isEnabled()


def test_the_administrator_registers_answers_and_completes_a_request(qtbot: QtBot, staff: Staff) -> None:
    panel = make_panel(qtbot, staff, admin(staff))
    assert panel.register is not None
    form = panel.register.register_request()
    form.email.setText("nobody@plant.example")
    form.ok_button.click()
    assert form.isVisible()  # the refusal stays in front of the administrator
    assert form.message.text() == "Not registered: no account has the email nobody@plant.example"

    form.email.setText(VIEWER)
    form.kind.setCurrentIndex(form.kind.findData(RequestKind.ACCESS.value))
    form.note.setText("letter of 14 January")
    form.ok_button.click()
    assert not form.isVisible()
    request = panel.register.selected_request()
    assert request is not None and request.row.kind == "access"
    assert request.row.note == "letter of 14 January"
    assert panel.register.detail.text().endswith("Note: letter of 14 January")
    row = next(r for r in register_rows(panel) if r["No."] == str(request.id))
    assert row["Person"] == VIEWER and row["Answered"] == "" and row["State"] == "open"

    qtbot.mouseClick(panel.register.acknowledge_button, Qt.MouseButton.LeftButton)
    row = next(r for r in register_rows(panel) if r["No."] == str(request.id))
    assert row["Answered"] != "" and row["Done"] == ""
    assert not panel.register.acknowledge_button.isEnabled()
    qtbot.mouseClick(panel.register.complete_button, Qt.MouseButton.LeftButton)
    row = next(r for r in register_rows(panel) if r["No."] == str(request.id))
    assert row["Done"] != "" and row["State"] == "done"
    assert panel.message.text() == f"Request {request.id} done."


def test_typed_text_with_a_newline_is_shown_escaped(qtbot: QtBot, staff: Staff) -> None:
    actor = operator(staff)
    staff.people.privacy.correct(actor, organisation="North\nSouth")
    staff.people.privacy.receive_request(admin(staff), OPERATOR, RequestKind.ACCESS, "by phone\nfake row")
    panel = make_panel(qtbot, staff, actor)
    assert panel.organisation_edit.text() == "North\\nSouth"
    assert "by phone\\nfake row" in column(table(panel, "privacy_requests"), 4)

    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)  # the escaped form is not saved back
    account = staff.people.accounts.account(actor.ref)
    assert account is not None and account.organisation == "North\nSouth"


def test_the_notice_names_the_law_contact_and_warning(qtbot: QtBot, staff: Staff) -> None:
    panel = make_panel(qtbot, staff, operator(staff))
    privacy = staff.people.privacy
    assert panel.law_label.text() == privacy.law.name
    assert panel.contact_label.text() == "the administrator of this site"
    warning = privacy.law_warning()
    assert warning is not None  # 90 days kept, the law asks for 10
    assert panel.law_warning.text() == warning and not panel.law_warning.isHidden()
    assert len(panel.notice.toPlainText()) > 200
    assert "#" not in panel.notice.toPlainText().splitlines()[0]  # Markdown rendered, not shown raw


def test_screenshots(qtbot: QtBot, staff: Staff, tmp_path: Path) -> None:
    privacy = staff.people.privacy
    for _ in range(4):  # a few shifts
        staff.clock.advance(12 * 3600)
        staff.sign_in(OPERATOR)
    privacy.set_consent(operator(staff), Purpose.REPORT_DELIVERY, True)
    privacy.correct(operator(staff), organisation="Plant Co, north hall")
    privacy.export(operator(staff), tmp_path / "export.json")
    panel = make_panel(qtbot, staff, operator(staff))
    panel.setStyleSheet(style_sheet())
    panel.resize(1000, 700)
    panel.show()
    qtbot.waitExposed(panel)
    panel.records.setCurrentIndex(1)  # the audit records: the most telling list
    save_screenshot(panel, tmp_path, "privacy-panel.png")

    letter = privacy.receive_request(admin(staff), VIEWER, RequestKind.ACCESS, "letter of 14 January")
    privacy.acknowledge_request(admin(staff), letter)  # answered in time: open, not overdue
    privacy.withdraw(staff.sessions[OPERATOR].actor)
    staff.clock.advance(11 * DAY_S)  # the deletion is due within 10 days under Viet Nam's law
    registers = make_panel(qtbot, staff, admin(staff))
    registers.setStyleSheet(style_sheet())
    registers.resize(1000, 700)
    registers.show()
    qtbot.waitExposed(registers)
    assert registers.register is not None
    registers.tabs.setCurrentWidget(registers.register)
    qtbot.waitUntil(lambda: not registers.register.overdue_banner.isHidden())  # type: ignore[union-attr]
    late = [r for r in register_rows(registers) if r["State"].startswith("OVERDUE")]
    assert {r["Request"] for r in late} == {RequestKind.DELETION.label, RequestKind.ACCESS.label}
    registers.register.select_request(int(late[0]["No."]))  # type: ignore[union-attr]
    save_screenshot(registers, tmp_path, "privacy-requests.png")

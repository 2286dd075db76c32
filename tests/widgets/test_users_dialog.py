"""The users window on a real encrypted database: every button through the widgets, effects in services."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.accounts.roles import Role
from app.accounts.service import SignInError
from tests.people_fixtures import ADMIN, ENGINEER, OPERATOR, VIEWER, Staff
from tests.widgets.screenshots import save_screenshot
from widgets.theme import style_sheet
from widgets.users_dialog import AddUserForm, PasswordForm, RoleForm, UsersDialog, UsersModel

NEW_PASSWORD = "rain on the turbine hall roof at dawn"


def open_users(qtbot: QtBot, staff: Staff, email: str = ADMIN, parent: QWidget | None = None) -> UsersDialog:
    dialog = UsersDialog(staff.people.accounts, staff.sessions[email].actor, parent)
    if parent is None:
        qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def cell(dialog: UsersDialog, email: str, column: int) -> str:
    row = dialog.model.row_of(email)
    assert row is not None, email
    return str(dialog.model.data(dialog.model.index(row, column)))


def actions_on(staff: Staff, email: str) -> list[tuple[str, str]]:
    """(action, actor email) of every record whose target is the account of ``email``."""
    names = staff.people.accounts.names()
    ref = next(ref for ref, known in names.items() if known == email)
    return [(r.action, names.get(r.actor, r.actor)) for r in staff.people.trail.records(naming=[ref])]


def fail_sign_ins(staff: Staff, email: str, times: int) -> None:
    for _ in range(times):
        with pytest.raises(SignInError):
            staff.people.accounts.sign_in(email, "not the password at all, sorry")


def test_the_table_lists_every_account_as_an_administrator_reads_it(qtbot: QtBot, staff: Staff) -> None:
    admin = staff.sessions[ADMIN].actor
    staff.people.accounts.add_user(
        admin,
        "kim@contractor.example",
        "Line\nWorks",
        Role.OPERATOR,
        NEW_PASSWORD,
        sites=frozenset({"b", "a"}),
    )
    dialog = open_users(qtbot, staff)
    assert dialog.model.rowCount() == 5
    assert cell(dialog, ADMIN, UsersModel.ROLE) == "Administrator"
    assert cell(dialog, ADMIN, UsersModel.FACTOR) == "yes"
    assert cell(dialog, ENGINEER, UsersModel.FACTOR) == "no"
    assert cell(dialog, ENGINEER, UsersModel.SITES) == "All sites"
    assert cell(dialog, "kim@contractor.example", UsersModel.SITES) == "a, b"
    assert cell(dialog, "kim@contractor.example", UsersModel.ORGANISATION) == "Line\\nWorks"
    assert cell(dialog, "kim@contractor.example", UsersModel.LAST_SIGN_IN) == "never"
    assert cell(dialog, ENGINEER, UsersModel.STATUS) == "active"
    assert cell(dialog, ENGINEER, UsersModel.DELAY) == ""
    assert [b.isEnabled() for b in dialog.row_buttons] == [False] * 5  # nothing selected yet


def test_disable_and_enable_are_recorded_and_delete_disables(qtbot: QtBot, staff: Staff) -> None:
    dialog = open_users(qtbot, staff)
    dialog.select(ENGINEER)
    assert dialog.enable_button.text() == "Disable"
    dialog.enable_button.click()
    assert staff.people.accounts.account(staff.sessions[ENGINEER].actor.ref).status == "disabled"  # type: ignore[union-attr]
    assert ("user.disabled", ADMIN) in actions_on(staff, ENGINEER)
    assert cell(dialog, ENGINEER, UsersModel.STATUS) == "disabled"
    assert dialog.selected().email == ENGINEER  # type: ignore[union-attr]
    assert dialog.enable_button.text() == "Enable"
    dialog.enable_button.click()
    assert cell(dialog, ENGINEER, UsersModel.STATUS) == "active"
    assert ("user.enabled", ADMIN) in actions_on(staff, ENGINEER)

    dialog.select(OPERATOR)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Delete)
    assert cell(dialog, OPERATOR, UsersModel.STATUS) == "disabled"
    assert dialog.message.text() == f"{OPERATOR} is disabled."


def test_the_last_administrator_cannot_be_disabled_and_the_window_says_why(
    qtbot: QtBot, staff: Staff
) -> None:
    dialog = open_users(qtbot, staff)
    dialog.select(ADMIN)
    dialog.enable_button.click()
    assert dialog.message.text() == f"{ADMIN} is the last active administrator"
    assert cell(dialog, ADMIN, UsersModel.STATUS) == "active"
    assert dialog.isVisible()


def test_an_operator_is_refused_in_plain_words(qtbot: QtBot, staff: Staff) -> None:
    dialog = open_users(qtbot, staff, OPERATOR)
    assert dialog.message.text() == f"{OPERATOR} does not hold the right users.manage"
    assert dialog.model.rowCount() == 0
    refused = staff.people.trail.records(action_prefix="auth.refused")
    assert refused and refused[-1].details == {"right": "users.manage"}

    dialog.add_button.click()
    form = dialog.form
    assert isinstance(form, AddUserForm)
    form.email.setText("mallory@plant.example")
    form.password.setText(NEW_PASSWORD)
    form.again.setText(NEW_PASSWORD)
    form.ok_button.click()
    assert form.message.text() == f"{OPERATOR} does not hold the right users.manage"
    assert form.isVisible()
    assert "mallory@plant.example" not in staff.people.accounts.names().values()

    dialog.mfa_boxes[Role.OPERATOR].click()
    assert not dialog.mfa_boxes[Role.OPERATOR].isChecked()  # put back: the service refused
    assert staff.people.accounts.mfa_roles() == {Role.ADMIN}


def test_adding_an_account_through_the_form(qtbot: QtBot, staff: Staff) -> None:
    dialog = open_users(qtbot, staff)
    dialog.add_button.click()
    form = dialog.form
    assert isinstance(form, AddUserForm)
    qtbot.keyClicks(form.email, "Kim@Contractor.example")
    qtbot.keyClicks(form.organisation, "Line Works")
    form.role.setCurrentIndex(form.role.findData(Role.ENGINEER.value))
    qtbot.keyClicks(form.sites, " north, south ,")
    qtbot.keyClicks(form.password, NEW_PASSWORD)
    qtbot.keyClicks(form.again, NEW_PASSWORD + "!")
    form.ok_button.click()
    assert form.message.text() == "The two passwords differ."
    form.password.setText("password1234567")
    form.again.setText("password1234567")
    form.ok_button.click()
    assert form.isVisible() and form.message.text()  # a guessable password, refused in words
    assert "kim@contractor.example" not in staff.people.accounts.names().values()
    form.password.setText(NEW_PASSWORD)
    form.again.setText(NEW_PASSWORD)
    form.ok_button.click()
    assert not form.isVisible() and dialog.form is None

    added = staff.people.accounts.find(staff.sessions[ADMIN].actor, "kim@contractor.example")
    assert (added.role, added.sites, added.organisation) == (
        Role.ENGINEER,
        frozenset({"north", "south"}),
        "Line Works",
    )
    assert actions_on(staff, "kim@contractor.example")[0] == ("user.created", ADMIN)
    assert cell(dialog, "kim@contractor.example", UsersModel.ROLE) == "Engineer"
    assert dialog.selected().email == "kim@contractor.example"  # type: ignore[union-attr]
    staff.people.accounts.sign_in("kim@contractor.example", NEW_PASSWORD)


def test_enter_changes_the_role_and_the_last_administrator_stays(qtbot: QtBot, staff: Staff) -> None:
    dialog = open_users(qtbot, staff)
    dialog.select(VIEWER)
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    form = dialog.form
    assert isinstance(form, RoleForm)
    assert form.role.currentData() == Role.VIEWER.value
    form.role.setCurrentIndex(form.role.findData(Role.OPERATOR.value))
    form.sites.setText("north")
    form.ok_button.click()
    changed = staff.people.accounts.find(staff.sessions[ADMIN].actor, VIEWER)
    assert (changed.role, changed.sites) == (Role.OPERATOR, frozenset({"north"}))
    assert cell(dialog, VIEWER, UsersModel.ROLE) == "Operator"
    assert cell(dialog, VIEWER, UsersModel.SITES) == "north"
    assert ("user.role_changed", ADMIN) in actions_on(staff, VIEWER)

    dialog.select(ADMIN)
    dialog.role_button.click()
    form = dialog.form
    assert isinstance(form, RoleForm)
    form.role.setCurrentIndex(form.role.findData(Role.VIEWER.value))
    form.ok_button.click()
    assert form.message.text() == f"{ADMIN} is the last active administrator"
    assert staff.people.accounts.find(staff.sessions[ADMIN].actor, ADMIN).role is Role.ADMIN


def test_a_sign_in_delay_is_shown_and_lifted(qtbot: QtBot, staff: Staff) -> None:
    fail_sign_ins(staff, VIEWER, 6)
    until = staff.people.accounts.throttled_until(VIEWER)
    assert until is not None
    dialog = open_users(qtbot, staff)
    assert cell(dialog, VIEWER, UsersModel.DELAY).startswith("held back until ")
    dialog.select(VIEWER)
    dialog.unlock_button.click()
    assert staff.people.accounts.throttled_until(VIEWER) is None
    assert cell(dialog, VIEWER, UsersModel.DELAY) == ""
    assert dialog.message.text() == f"{VIEWER} may sign in again now."
    assert ("user.unlocked", ADMIN) in actions_on(staff, VIEWER)
    staff.people.accounts.sign_in(VIEWER, "glass window facing the switchyard")


def test_resetting_the_second_factor_asks_first(qtbot: QtBot, staff: Staff) -> None:
    dialog = open_users(qtbot, staff)
    dialog.select(ADMIN)
    dialog.reset_mfa_button.click()
    question = dialog.confirmation
    assert question is not None
    question.button(QMessageBox.StandardButton.No).click()
    assert staff.people.accounts.find(staff.sessions[ADMIN].actor, ADMIN).mfa_enrolled
    dialog.reset_mfa_button.click()
    question = dialog.confirmation
    assert question is not None
    question.button(QMessageBox.StandardButton.Yes).click()
    assert not staff.people.accounts.find(staff.sessions[ADMIN].actor, ADMIN).mfa_enrolled
    assert cell(dialog, ADMIN, UsersModel.FACTOR) == "no"
    assert ("user.mfa_reset", ADMIN) in actions_on(staff, ADMIN)


def test_setting_a_password_for_someone(qtbot: QtBot, staff: Staff) -> None:
    dialog = open_users(qtbot, staff)
    dialog.select(OPERATOR)
    dialog.password_button.click()
    form = dialog.form
    assert isinstance(form, PasswordForm)
    form.password.setText("short")
    form.again.setText("short")
    form.ok_button.click()
    assert "15" in form.message.text()  # the rule, in words
    form.password.setText(NEW_PASSWORD)
    form.again.setText(NEW_PASSWORD)
    form.ok_button.click()
    assert dialog.form is None
    staff.people.accounts.sign_in(OPERATOR, NEW_PASSWORD)
    with pytest.raises(SignInError):
        staff.people.accounts.sign_in(OPERATOR, "night shift tea and quiet meters")
    assert ("user.password_set", ADMIN) in actions_on(staff, OPERATOR)


def test_the_second_factor_policy_follows_the_checkboxes(qtbot: QtBot, staff: Staff) -> None:
    dialog = open_users(qtbot, staff)
    assert [b.isChecked() for b in dialog.mfa_boxes.values()] == [True, False, False, False]
    dialog.mfa_boxes[Role.ENGINEER].click()
    assert staff.people.accounts.mfa_roles() == {Role.ADMIN, Role.ENGINEER}
    policy = staff.people.trail.records(action_prefix="user.mfa_policy_changed")
    assert [(r.target, r.details) for r in policy] == [("role:engineer", {"required": True})]
    dialog.mfa_boxes[Role.ENGINEER].click()
    assert staff.people.accounts.mfa_roles() == {Role.ADMIN}


def test_escape_closes(qtbot: QtBot, staff: Staff) -> None:
    dialog = open_users(qtbot, staff)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_screenshot(qtbot: QtBot, staff: Staff, tmp_path: Path) -> None:
    admin = staff.sessions[ADMIN].actor
    accounts = staff.people.accounts
    accounts.add_user(
        admin,
        "kim.nguyen@linework.example",
        "Line Works Ltd",
        Role.ENGINEER,
        NEW_PASSWORD,
        sites=frozenset({"north-field", "substation-2"}),
    )
    staff.clock.advance(3600)
    staff.sign_in(ENGINEER)
    staff.clock.advance(600)
    fail_sign_ins(staff, VIEWER, 6)
    window = QWidget()  # stands in for the main window, which carries the style sheet
    window.setStyleSheet(style_sheet())
    qtbot.addWidget(window)
    dialog = open_users(qtbot, staff, parent=window)
    dialog.resize(1200, 600)
    dialog.select(OPERATOR)
    dialog.enable_button.click()
    dialog.select(VIEWER)
    qtbot.waitUntil(dialog.unlock_button.isEnabled)
    assert cell(dialog, VIEWER, UsersModel.DELAY).startswith("held back until")
    save_screenshot(dialog, tmp_path, "users.png")

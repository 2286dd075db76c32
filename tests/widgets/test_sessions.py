"""Who is at the desk: first run, sign-in, the lock screen with an alarm arriving, hand-over, idle lock."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.accounts import second_factor
from app.alarms.states import AlarmState
from app.pipeline.runtime import Runtime
from app.site.config import parse_site
from app.timefmt import now_ms
from simulator.faults import Fault
from simulator.plant import SimulatedPlant
from storage.alarm_journal import AlarmJournal
from storage.database import open_database
from tests.app.alarm_site import SITE
from tests.conftest import wait_until
from tests.people_fixtures import (
    ADMIN,
    ENGINEER,
    ENGINEER_PASSWORD,
    OPERATOR,
    OPERATOR_PASSWORD,
    VIEWER,
    seed_staff,
)
from tests.widgets.screenshots import save_screenshot
from widgets.alarm_list import AlarmListModel
from widgets.main_window import MainWindow

STRONG = "four quiet turbines in the morning fog"


def sign_in(qtbot: QtBot, window: MainWindow, email: str, password: str, code: str | None = None) -> None:
    form = window.lock_screen.form
    form.email.setText(email)
    form.password.setText(password)
    if code is not None:
        form.code.setText(code)
    form.button.click()
    qtbot.waitUntil(lambda: not form.busy, timeout=10_000)


def alarm_state(window: MainWindow, key: str) -> str:
    model = window.alarm_panel.model
    row = model.row_of(key)
    return "" if row is None else str(model.data(model.index(row, AlarmListModel.STATE)))


def test_the_first_start_asks_for_the_administrator_and_their_second_factor(
    qtbot: QtBot, tmp_path: Path
) -> None:
    db = open_database(tmp_path / "w.db", tmp_path / "w.key", create=True)
    runtime = Runtime.build(parse_site(SITE, "site.toml"), db, key_file=tmp_path / "w.key")
    try:
        window = MainWindow(runtime)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(
            lambda: window.menus.dialog is not None and window.menus.dialog.isVisible(), timeout=5_000
        )
        first = window.menus.dialog
        assert window.pages.currentWidget() is window.lock_screen
        first.email.setText("ada@plant.example")  # type: ignore[union-attr]
        first.password.setText("short")  # type: ignore[union-attr]
        first.again.setText("short")  # type: ignore[union-attr]
        first.create_button.click()  # type: ignore[union-attr]
        assert "too short" in first.message.text()  # type: ignore[union-attr]
        first.password.setText(STRONG)  # type: ignore[union-attr]
        first.again.setText(STRONG)  # type: ignore[union-attr]
        first.create_button.click()  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: window.menus.dialog is not first, timeout=5_000)
        enrolment = window.menus.dialog  # administrators need a second factor before anything else
        assert window.session is None and not enrolment.qr.pixmap().isNull()  # type: ignore[union-attr]
        secret = enrolment.enrolment.secret  # type: ignore[union-attr]
        enrolment.code.setText(second_factor.code_at(secret, second_factor.current_step(now_ms())))  # type: ignore[union-attr]
        enrolment.confirm()  # type: ignore[union-attr]
        assert len(enrolment.codes_text.toPlainText().splitlines()) == 10  # type: ignore[union-attr]
        enrolment.accept()  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: window.session is not None, timeout=5_000)
        assert window.pages.currentIndex() == 0 and "ada@plant.example" in window.user_label.text()
        assert window.menus.users_action.isVisible() and window.menus.audit_action.isVisible()
    finally:
        runtime.stop()
        db.close()


def test_signing_in_with_a_code_and_the_refusals_in_plain_words(qtbot: QtBot, runtime: Runtime) -> None:
    staff = seed_staff(runtime.people)
    window = MainWindow(runtime)
    qtbot.addWidget(window)
    window.show()
    sign_in(qtbot, window, OPERATOR, "not her password at all")
    assert window.lock_screen.form.message.text() == "wrong email or password"
    sign_in(qtbot, window, OPERATOR, OPERATOR_PASSWORD)
    assert window.session is not None and window.session.account.email == OPERATOR
    assert not window.menus.users_action.isVisible()  # an operator has no administration menu entries
    assert window.alarm_panel.ack_button.isEnabled()
    del staff


def test_an_alarm_arriving_on_the_lock_screen_is_seen_and_waits_for_a_sign_in(
    qtbot: QtBot, runtime: Runtime, plant: SimulatedPlant
) -> None:
    seed_staff(runtime.people)
    window = MainWindow(runtime)
    qtbot.addWidget(window)
    window.show()
    assert window.pages.currentWidget() is window.lock_screen and not window.alarm_dock.isVisible()
    plant.model.set_fault(Fault.VIBRATION_SPIKE, True)
    qtbot.waitUntil(
        lambda: window.alarm_banner.summary.text().startswith("Critical: Machine vibration"), timeout=20_000
    )
    qtbot.waitUntil(lambda: "1 unacknowledged" in window.lock_screen.alarm_count.text(), timeout=5_000)
    assert window.notifier.shown >= 1  # announced although nobody is signed in
    key = "hall-vibration-high"
    window.alarm_panel.view.selectRow(window.alarm_panel.model.row_of(key) or 0)
    window.alarm_panel.acknowledge_selected()  # whatever is clicked, nobody may acknowledge
    assert next(a for a in runtime.alarms.alarms() if a.key == key).state is AlarmState.UNACK_ACTIVE
    sign_in(qtbot, window, OPERATOR, OPERATOR_PASSWORD)
    window.alarm_panel.refresh()
    window.alarm_panel.view.selectRow(window.alarm_panel.model.row_of(key))  # type: ignore[arg-type]
    window.alarm_panel.ack_button.click()
    qtbot.waitUntil(lambda: alarm_state(window, key) == "Acknowledged", timeout=5_000)


def test_switching_user_hands_over_without_stopping_collection(qtbot: QtBot, runtime: Runtime) -> None:
    seed_staff(runtime.people)
    window = MainWindow(runtime)
    qtbot.addWidget(window)
    window.show()
    sign_in(qtbot, window, OPERATOR, OPERATOR_PASSWORD)
    written = runtime.writer.written
    window.menus.switch_action.trigger()
    assert window.session is None and window.lock_screen.form.email.text() == ""
    sign_in(qtbot, window, ENGINEER, ENGINEER_PASSWORD)
    assert window.session is not None and window.session.account.email == ENGINEER
    qtbot.waitUntil(lambda: runtime.writer.written > written, timeout=10_000)
    outs = runtime.people.trail.records(action_prefix="auth.sign_out")
    assert outs[-1].details == {"why": "switch user"}


def test_ctrl_l_and_idle_time_lock_the_window(qtbot: QtBot, runtime: Runtime) -> None:
    seed_staff(runtime.people)
    window = MainWindow(runtime)
    qtbot.addWidget(window)
    window.show()
    sign_in(qtbot, window, OPERATOR, OPERATOR_PASSWORD)
    window.menus.lock_action.trigger()  # Ctrl+L
    assert window.session is None and window.lock_screen.form.email.text() == OPERATOR
    sign_in(qtbot, window, OPERATOR, OPERATOR_PASSWORD)
    window.menus.idle.set_interval_ms(300)
    window.menus.idle.start()
    qtbot.waitUntil(lambda: window.session is None, timeout=5_000)
    assert runtime.people.trail.records(action_prefix="auth.sign_out")[-1].details == {"why": "idle"}


def test_a_disabled_account_is_signed_out_of_an_open_window(qtbot: QtBot, runtime: Runtime) -> None:
    staff = seed_staff(runtime.people)
    window = MainWindow(runtime)
    qtbot.addWidget(window)
    sign_in(qtbot, window, OPERATOR, OPERATOR_PASSWORD)
    runtime.people.accounts.set_enabled(staff[ADMIN].actor, OPERATOR, False)
    window.menus._check_session()  # what the 30-second timer does
    assert window.session is None and window.lock_screen.title.text() == "Your account was disabled"


def test_an_administrator_is_told_of_a_broken_audit_trail(qtbot: QtBot, runtime: Runtime) -> None:
    staff = seed_staff(runtime.people)
    from sqlalchemy import text

    with runtime.db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_records SET target = 'x' WHERE seq = 2"))
    window = MainWindow(runtime, session=staff[ADMIN])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.admin_banner.isVisible, timeout=10_000)
    assert "broken at record 2" in window.admin_banner.text()
    wait_until(lambda: AlarmJournal(runtime.db) is not None)


def test_screenshot_of_the_lock_screen_with_an_alarm_standing(
    qtbot: QtBot, runtime: Runtime, plant: SimulatedPlant, tmp_path: Path
) -> None:
    seed_staff(runtime.people)
    window = MainWindow(runtime)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    plant.model.set_fault(Fault.OVER_VOLTAGE, True)
    qtbot.waitUntil(lambda: "unacknowledged" in window.lock_screen.alarm_count.text(), timeout=20_000)
    form = window.lock_screen.form
    form.email.setText(OPERATOR)
    form.password.setText("a mistyped password here")
    form.button.click()
    qtbot.waitUntil(lambda: form.message.text() == "wrong email or password", timeout=10_000)
    window.lock_screen.refresh()
    save_screenshot(window, tmp_path, "lock-screen.png")


def test_every_menu_entry_opens_its_window_for_those_who_may(qtbot: QtBot, runtime: Runtime) -> None:
    staff = seed_staff(runtime.people)
    window = MainWindow(runtime, session=staff[ADMIN])
    qtbot.addWidget(window)
    window.show()
    menus = window.menus
    opened = {}
    for name, action in (
        ("privacy", menus.privacy_action),
        ("password", menus.password_action),
        ("second factor", menus.factor_action),
        ("users", menus.users_action),
        ("audit", menus.audit_action),
        ("requests", menus.requests_action),
        ("report", menus.report_action),
    ):
        assert action.isVisible() and action.isEnabled(), name
        action.trigger()
        qtbot.waitUntil(lambda: menus.dialog is not None and menus.dialog.isVisible(), timeout=5_000)
        opened[name] = type(menus.dialog).__name__
        menus.dialog.reject()  # type: ignore[union-attr]
    assert opened == {
        "privacy": "PrivacyPanel",
        "password": "PasswordDialog",
        "second factor": "EnrolmentDialog",
        "users": "UsersDialog",
        "audit": "AuditViewer",
        "requests": "PrivacyPanel",
        "report": "ReportDialog",
    }
    window.lock()
    window.unlock(staff[OPERATOR])
    assert not menus.users_action.isVisible() and not menus.admin_menu.isVisible()
    assert menus.privacy_action.isEnabled() and menus.report_action.isEnabled()
    window.lock()
    window.unlock(staff[VIEWER])
    assert not menus.reports_menu.isVisible() and not menus.report_action.isEnabled()

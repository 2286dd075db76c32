"""The alert outbox dialog on real alerts: a modem emulator, real accounts, the thread pool."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from simulator.gsm_modem import GsmModemEmulator
from tests.app.alerts.harness import PHONES, Alerts, alerts
from tests.people_fixtures import ADMIN, ENGINEER, OPERATOR
from tests.widgets.screenshots import save_screenshot
from widgets.alert_outbox import AlertOutboxDialog, OutboxModel


@pytest.fixture
def modem() -> Iterator[GsmModemEmulator]:
    with GsmModemEmulator() as emulator:
        yield emulator


@pytest.fixture
def site(tmp_path: Path, modem: GsmModemEmulator) -> Iterator[Alerts]:
    text = f"""
[[alert_channels]]
id = "gsm"
kind = "sms"
port = "{modem.port}"
timeout_s = 2

[[alert_rules]]
name = "on-call"
  [[alert_rules.tiers]]
  to = ["{OPERATOR}", "{ENGINEER}"]
  by = ["gsm"]
"""
    with alerts(tmp_path, text) as h:
        h.agree(OPERATOR, sms=True)
        h.agree(ENGINEER, sms=True)
        yield h


def _dialog(qtbot: QtBot, site: Alerts, who: str) -> AlertOutboxDialog:
    accounts = site.staff.people.accounts
    dialog = AlertOutboxDialog(site.service, site.staff.sessions[who].actor, accounts.names)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.pending_loads == 0, timeout=10_000)
    return dialog


def test_an_administrator_sees_what_was_sent_and_what_failed(
    qtbot: QtBot, site: Alerts, modem: GsmModemEmulator, tmp_path: Path
) -> None:
    site.feed("s/m/voltage", 1000, 262.0)
    site.service.send_due("gsm")
    modem.fail_with = "+CMS ERROR: 30"  # the next message is refused for good
    site.feed("s/m/current", 2000, 150.0)
    site.service.send_due("gsm")
    dialog = _dialog(qtbot, site, ADMIN)
    dialog.show()
    model = dialog.model
    rows = {
        (model.index(i, OutboxModel.RECIPIENT).data(), model.index(i, OutboxModel.ALARM).data()): i
        for i in range(model.rowCount())
    }
    assert model.rowCount() == 4 and len(rows) == 4
    failed = rows[(ENGINEER, "overcurrent")]
    status = model.index(failed, OutboxModel.STATUS)
    assert status.data() == "FAILED" and status.data(Qt.ItemDataRole.FontRole).bold()
    assert "30" in model.index(failed, OutboxModel.RESULT).data()
    sent = model.index(rows[(OPERATOR, "overvoltage")], OutboxModel.STATUS)
    assert sent.data() == "sent" and not sent.data(Qt.ItemDataRole.FontRole)
    assert dialog.counts.text() == "In the outbox: FAILED 2, sent 2"
    save_screenshot(dialog, tmp_path, "alert-outbox.png")


def test_an_engineer_sends_a_test_message_but_reads_no_outbox(
    qtbot: QtBot, site: Alerts, modem: GsmModemEmulator
) -> None:
    dialog = _dialog(qtbot, site, ENGINEER)
    assert not dialog.can_read and dialog.table.isHidden() and not dialog.test_button.isHidden()
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.test_button.isEnabled, timeout=10_000)
    assert dialog.message.text().startswith("Test message sent: +CMGS:")
    (sms,) = modem.wait_for(1)
    assert sms.number == PHONES[ENGINEER] and "test message" in sms.text.lower()
    dialog.to.setText("nobody@plant.example")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.test_button.isEnabled, timeout=10_000)
    assert (
        dialog.message.text()
        == "Not sent: no active account 'nobody@plant.example' to send a test message to"
    )


def test_an_operator_may_not_send_test_messages(qtbot: QtBot, site: Alerts) -> None:
    dialog = _dialog(qtbot, site, OPERATOR)
    assert dialog.test_button.isHidden() and dialog.table.isHidden()

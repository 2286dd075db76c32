"""A collector killed while it sends an alert: started again, it neither loses nor repeats the alert.

The alarm is real (a meter nobody answers for: communication loss), the collector is the real
``wattkeeper collect`` process, and the mail server kills it with SIGKILL at the worst moments:
before the message is handed over, and after the server has it but before the collector heard
the answer and recorded it. The second collector on the same database sends what the first
could not, under the same key.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import Envelope

from app.audit.actions import Action
from app.people import People
from app.privacy.consents import Purpose
from storage import notification_store
from storage.database import open_database
from tests.app.alerts.harness import mail_channel, mail_rule
from tests.app.cli_process import OPERATOR, OPERATOR_PASSWORD, Background, Wattkeeper
from tests.conftest import wait_until
from tests.senders.mail_server import Inbox, MailServers
from tests.tls_certs import TestAuthority

SITE = """
[[sites]]
id = "s"

[[sites.gateways]]
id = "gw"
protocol = "modbus-tcp"
host = "127.0.0.1"
port = 1

[[sites.gateways.devices]]
id = "m"
interval_s = 1.0
[[sites.gateways.devices.points]]
quantity = "voltage"
unit = "V"
address = 1

[[alarm_rules]]
id = "meter-silent"
point = "s/m/voltage"
kind = "comm_loss"
intervals = 2
priority = "critical"
message = "Meter not answering"
"""


class KillingInbox(Inbox):
    """Keeps every message, and kills the sending collector once, at ``moment``."""

    def __init__(self, moment: str) -> None:
        super().__init__()
        self.moment = moment
        self.victim: Background | None = None

    def _kill(self, moment: str) -> None:
        if self.moment == moment and self.victim is not None:
            os.kill(self.victim.process.pid, signal.SIGKILL)
            self.victim.process.wait(10)
            self.victim = None

    async def handle_MAIL(
        self, _server: Any, _session: Any, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        self._kill("before")  # the collector is gone before it hands the message over
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        self._kill("after")  # the server has the message; the collector never hears "250"
        return "250 OK queued as 42"


@pytest.fixture
def collector(tmp_path: Path) -> Iterator[tuple[Wattkeeper, TestAuthority]]:
    cli = Wattkeeper(tmp_path)
    cli.add_admin()
    cli.add_operator()
    yield cli, TestAuthority(tmp_path / "ca")


@pytest.mark.parametrize("moment", ["before", "after"])
def test_a_collector_killed_while_sending_an_alert_neither_loses_nor_repeats_it(
    collector: tuple[Wattkeeper, TestAuthority], moment: str
) -> None:
    cli, authority = collector
    db = open_database(cli.data_dir / "wattkeeper.db", cli.key_file)
    people = People.open(db, cli.key_file)
    session = people.accounts.sign_in(OPERATOR, OPERATOR_PASSWORD)
    people.privacy.set_consent(session.actor, Purpose.ALARM_ALERTS, True)
    people.accounts.sign_out(session)
    inbox = KillingInbox(moment)
    servers = MailServers()
    try:
        port = servers.starttls(inbox, authority.issue("localhost"))
        site = SITE + mail_channel(port, authority.ca_file) + mail_rule(OPERATOR)
        cli.config.write_text(site, encoding="utf-8")
        inbox.victim = first = cli.start("first", "collect")
        wait_until(lambda: first.process.poll() is not None, timeout=30)  # killed by the mail server
        assert first.process.returncode == -signal.SIGKILL, first.text()
        with db.engine.connect() as conn:
            (row,) = notification_store.recent(conn)
        assert (row.status, row.attempts) == ("sending", 0)  # the crash left it claimed, unsent
        second = cli.start("second", "collect")
        try:
            wait_until(lambda: _status(db, row.key) == "sent", timeout=30)
        finally:
            assert second.stop(signal.SIGTERM) == 0, second.text()
        assert "sent again" in second.text()
        with db.engine.connect() as conn:
            rows = notification_store.recent(conn)
        assert [(r.key, r.status, r.attempts) for r in rows] == [(row.key, "sent", 1)]
        ids = [inbox.parsed(i)["Message-ID"] for i in range(len(inbox.envelopes))]
        # Before: the first collector never handed the message over. After: the server holds it
        # twice under one Message-ID, which a mailbox keeps once.
        assert len(ids) == (1 if moment == "before" else 2) and set(ids) == {f"<{row.key}@wattkeeper>"}
        sent = people.trail.records(action_prefix=Action.ALERT_SENT.value)
        assert [r.details["key"] for r in sent] == [row.key]
    finally:
        servers.stop()
        db.close()


def _status(db: Any, key: str) -> str | None:
    with db.engine.connect() as conn:
        row = notification_store.by_key(conn, key)
    return None if row is None else row.status

"""``wattkeeper notify``: a test message through a channel, the outbox read by an administrator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.cli_process import OPERATOR, OPERATOR_PASSWORD, InProcess
from tests.conftest import MemoryKeyring
from tests.senders.web_server import Webhook, WebServers

SITE = """
[[sites]]
id = "plant"
name = "North hall"

[[sites.gateways]]
id = "gw"
protocol = "modbus-tcp"
host = "127.0.0.1"
port = 1

[[sites.gateways.devices]]
id = "m"
[[sites.gateways.devices.points]]
quantity = "voltage"
unit = "V"
address = 1

[[alert_channels]]
id = "gateway"
kind = "webhook"
url = "{url}"
timeout_s = 2

[[alert_channels]]
id = "mail"
kind = "email"
host = "127.0.0.1"
port = 1
sender = "wattkeeper@plant.example"
username = "wattkeeper"
timeout_s = 2
"""


@pytest.fixture
def cli(tmp_path: Path) -> Iterator[tuple[InProcess, Webhook]]:
    servers = WebServers()
    hook = servers.start(Webhook())
    cli = InProcess(tmp_path)
    cli.config.write_text(SITE.format(url=hook.url()), encoding="utf-8")
    cli.add_admin()
    cli.add_operator()
    yield cli, hook
    servers.stop()


def test_a_test_message_goes_through_the_channel_and_into_the_outbox(cli: tuple[InProcess, Webhook]) -> None:
    run, hook = cli
    sent = run.as_admin("notify", "test", "gateway")
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.strip() == "Test message sent through gateway: HTTP 200"
    (posted,) = hook.received
    body = json.loads(posted.body)
    assert body["test"] is True and "North hall" in body["text"]
    outbox = run.as_admin("notify", "outbox", "--json")
    (row,) = json.loads(outbox.stdout)
    assert (row["channel"], row["status"], row["event"], row["key"]) == (
        "gateway",
        "sent",
        "test",
        body["id"],
    )


def test_a_failing_channel_says_why_and_exits_non_zero(
    cli: tuple[InProcess, Webhook], memory_keyring: MemoryKeyring
) -> None:
    run, _hook = cli
    status = run.run("secret", "status")
    assert "alert-password:mail  missing" in status.stdout and status.returncode == 1
    failed = run.as_admin("notify", "test", "mail")  # no password stored for its account
    assert failed.returncode == 1
    assert "the test message was not sent: channel mail: no mail password in the OS keyring" in failed.stderr
    assert "wattkeeper secret set alert-password:mail" in failed.stderr
    memory_keyring.set_password("wattkeeper", "alert-password:mail", "s3cret")
    refused = run.as_admin("notify", "test", "mail")  # stored now: the server itself is not there
    assert refused.returncode == 1 and "mail server 127.0.0.1:1" in refused.stderr
    assert "s3cret" not in refused.stderr


def test_an_operator_may_neither_test_channels_nor_read_the_outbox(cli: tuple[InProcess, Webhook]) -> None:
    run, hook = cli
    for args in (("notify", "test", "gateway"), ("notify", "outbox")):
        refused = run.as_user(OPERATOR, OPERATOR_PASSWORD, *args)
        assert refused.returncode == 1 and "does not hold the right" in refused.stderr
    assert hook.received == []


def test_an_unknown_channel_is_named(cli: tuple[InProcess, Webhook]) -> None:
    run, _hook = cli
    unknown = run.as_admin("notify", "test", "pager")
    assert unknown.returncode == 1
    assert "no alert channel 'pager' (channels: gateway, mail)" in unknown.stderr

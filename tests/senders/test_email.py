"""The e-mail sender against a real SMTP server (aiosmtpd) on a loopback port."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword

from senders.base import Message, SendError
from senders.email import EmailSender, EmailSettings
from tests.senders.mail_server import HOST, Inbox, MailServers, server_context
from tests.tls_certs import Issued, TestAuthority

SUBJECT = "Cảnh báo: điện áp pha L1 vượt ngưỡng tại Trạm biến áp số 2"
TEXT = "Điện áp pha L1 đạt 253,4 V lúc 14:05.\nĐề nghị kiểm tra máy biến áp và tải của xưởng hàn."
HTML = "<p>Điện áp pha L1 đạt <b>253,4 V</b> lúc 14:05.</p>"
ALARM = Message(id="alarm-42-raised.1718000000", subject=SUBJECT, text=TEXT, html=HTML)


class RefusingRecipients(Inbox):
    async def handle_RCPT(self, *_args: Any) -> str:
        return "550 no such user"


class Busy(Inbox):
    async def handle_DATA(self, _server: Any, _session: Any, _envelope: Envelope) -> str:
        return "451 4.3.0 mailbox busy, try again later"


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> TestAuthority:
    return TestAuthority(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="module")
def server_cert(authority: TestAuthority) -> Issued:
    return authority.issue("localhost")


#: One ASCII account (smtplib's own login) and one with Vietnamese letters (UTF-8 AUTH PLAIN).
ACCOUNTS = {(b"relay", b"s3cret!"), (b"alarms", "mật-khẩu 1".encode())}


def accept_alarms(_server: Any, _session: Any, _envelope: Any, _mechanism: str, data: Any) -> AuthResult:
    assert isinstance(data, LoginPassword)
    # handled=False: aiosmtpd then answers 535 itself; True would leave the client waiting.
    accepted = (data.login, data.password) in ACCOUNTS
    return AuthResult(success=accepted, handled=False, auth_data=data)


@pytest.fixture
def servers() -> Iterator[MailServers]:
    running = MailServers()
    yield running
    running.stop()


def sender(port: int, ca_file: Path | None, **options: Any) -> EmailSender:
    settings = EmailSettings(
        HOST, port, sender="Wattkeeper <alarms@plant.example>", ca_file=ca_file, **options
    )
    return EmailSender(settings)


def test_starttls_delivers_vietnamese_text_and_html(
    servers: MailServers, authority: TestAuthority, server_cert: Issued
) -> None:
    inbox = Inbox()
    port = servers.starttls(inbox, server_cert)
    mailer = sender(port, authority.ca_file)

    answer = mailer.send("Trực ca <duty@plant.example>", ALARM, language="vi")
    mailer.send("duty@plant.example", ALARM, language="vi")

    assert answer == "250 OK queued as 42"
    envelope = inbox.envelopes[0]
    assert envelope.mail_from == "alarms@plant.example"
    assert envelope.rcpt_tos == ["duty@plant.example"]
    # Seven-bit on the wire, so any relay passes it on unchanged.
    assert isinstance(envelope.content, bytes) and envelope.content.isascii()
    mail = inbox.parsed(0)
    assert mail["Subject"] == SUBJECT
    assert mail["To"] == "Trực ca <duty@plant.example>"
    assert mail["Content-Language"] == "vi"
    assert mail["Date"] is not None
    assert mail["Message-ID"] == "<alarm-42-raised.1718000000@wattkeeper>"
    # Sent again, the same notification keeps its Message-ID for the receiver to recognise.
    assert inbox.parsed(1)["Message-ID"] == mail["Message-ID"]
    assert mail.get_content_type() == "multipart/alternative"
    plain = mail.get_body(("plain",))
    html = mail.get_body(("html",))
    assert plain is not None and html is not None
    # The wire's CRLF line ends are the receiving client's to turn back into its own.
    assert plain.get_content().replace("\r\n", "\n").strip() == TEXT
    assert html.get_content().strip() == HTML


def test_text_only_message_has_one_part(
    servers: MailServers, authority: TestAuthority, server_cert: Issued
) -> None:
    inbox = Inbox()
    port = servers.starttls(inbox, server_cert)

    sender(port, authority.ca_file).send("duty@plant.example", Message(id="m-1", subject="Tắt", text="Hết"))

    mail = inbox.parsed()
    assert mail.get_content_type() == "text/plain"
    assert mail.get_content_charset() == "utf-8"
    assert mail.get_content().strip() == "Hết"
    assert mail["Content-Language"] == "en"


def test_starttls_with_authentication(
    servers: MailServers, authority: TestAuthority, server_cert: Issued
) -> None:
    inbox = Inbox()
    # auth_require_tls: the server answers AUTH before STARTTLS with 538, so this also shows
    # that the password is only sent inside TLS.
    port = servers.starttls(inbox, server_cert, authenticator=accept_alarms, auth_require_tls=True)

    answer = sender(port, authority.ca_file, username="relay", password="s3cret!").send(
        "duty@plant.example", ALARM
    )

    assert answer == "250 OK queued as 42"
    assert inbox.parsed()["Subject"] == SUBJECT


def test_implicit_tls_with_authentication(
    servers: MailServers, authority: TestAuthority, server_cert: Issued
) -> None:
    inbox = Inbox()
    # aiosmtpd counts only STARTTLS as TLS for auth_require_tls; here TLS starts with the first byte.
    port = servers.start(
        inbox, ssl_context=server_context(server_cert), authenticator=accept_alarms, auth_require_tls=False
    )

    answer = sender(port, authority.ca_file, security="tls", username="alarms", password="mật-khẩu 1").send(
        "duty@plant.example", ALARM
    )

    assert answer.startswith("250 ")
    assert inbox.parsed()["Subject"] == SUBJECT


@pytest.mark.parametrize("password", ["wrong", "sai mật khẩu"])
def test_wrong_password_is_a_clear_retryable_error(
    servers: MailServers, authority: TestAuthority, server_cert: Issued, password: str
) -> None:
    inbox = Inbox()
    port = servers.starttls(inbox, server_cert, authenticator=accept_alarms, auth_require_tls=True)
    mailer = sender(port, authority.ca_file, username="alarms", password=password)

    with pytest.raises(SendError) as caught:
        mailer.send("duty@plant.example", ALARM)

    assert "refused the user name or password (535" in str(caught.value)
    assert f"{HOST}:{port}" in str(caught.value)
    # A setting to correct, after which the same message must still go out.
    assert not caught.value.permanent
    assert password not in str(caught.value) and password not in repr(mailer.settings)
    assert inbox.envelopes == []


def test_certificate_from_another_authority_is_refused(
    servers: MailServers, authority: TestAuthority, tmp_path: Path
) -> None:
    stranger = TestAuthority(tmp_path / "other", name="Someone Else CA").issue("localhost")
    inbox = Inbox()
    port = servers.starttls(inbox, stranger)

    with pytest.raises(SendError) as caught:
        sender(port, authority.ca_file).send("duty@plant.example", ALARM)

    assert "certificate was not accepted" in str(caught.value)
    assert "unable to get local issuer certificate" in str(caught.value)
    assert inbox.envelopes == []


def test_implicit_tls_checks_the_certificate_too(servers: MailServers, tmp_path: Path) -> None:
    stranger = TestAuthority(tmp_path / "other", name="Someone Else CA").issue("localhost")
    port = servers.start(Inbox(), ssl_context=server_context(stranger))

    with pytest.raises(SendError) as caught:
        sender(port, None, security="tls").send("duty@plant.example", ALARM)

    assert "certificate was not accepted" in str(caught.value)


def test_plaintext_server_is_refused(servers: MailServers, authority: TestAuthority) -> None:
    inbox = Inbox()
    port = servers.start(inbox)

    with pytest.raises(SendError) as caught:
        sender(port, authority.ca_file).send("duty@plant.example", ALARM)

    assert caught.value.message == (
        "the server does not offer STARTTLS; Wattkeeper never sends mail in clear"
    )
    assert caught.value.where == f"mail server {HOST}:{port}"
    assert inbox.envelopes == []


def test_closed_port_is_retryable(authority: TestAuthority) -> None:
    with pytest.raises(SendError) as caught:
        sender(1, authority.ca_file).send("duty@plant.example", ALARM)

    assert str(caught.value).startswith(f"mail server {HOST}:1: connection refused")
    assert not caught.value.permanent


def test_refused_recipient_is_permanent(
    servers: MailServers, authority: TestAuthority, server_cert: Issued
) -> None:
    inbox = RefusingRecipients()
    port = servers.starttls(inbox, server_cert)

    with pytest.raises(SendError) as caught:
        sender(port, authority.ca_file).send("nobody@plant.example", ALARM)

    assert caught.value.permanent
    assert "refused the recipient nobody@plant.example: 550 no such user" in str(caught.value)
    assert inbox.envelopes == []


def test_temporary_refusal_of_the_message_is_retryable(
    servers: MailServers, authority: TestAuthority, server_cert: Issued
) -> None:
    port = servers.starttls(Busy(), server_cert)

    with pytest.raises(SendError) as caught:
        sender(port, authority.ca_file).send("duty@plant.example", ALARM)

    assert not caught.value.permanent
    assert "refused the message: 451 4.3.0 mailbox busy" in str(caught.value)


def test_silent_server_times_out(authority: TestAuthority) -> None:
    # Accepts the connection (the kernel completes it from the backlog) and never says a word.
    with socket.create_server((HOST, 0)) as silent:
        port = silent.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(SendError) as caught:
            sender(port, authority.ca_file, timeout_s=0.5).send("duty@plant.example", ALARM)
        elapsed = time.monotonic() - started

    assert str(caught.value) == f"mail server {HOST}:{port}: no answer within 0.5 s"
    assert not caught.value.permanent
    assert elapsed < 3


def test_an_id_that_cannot_be_a_message_id_is_refused(authority: TestAuthority) -> None:
    with pytest.raises(SendError) as caught:
        sender(25, authority.ca_file).compose("duty@plant.example", Message(id="a b>", subject="s", text="t"))

    assert caught.value.permanent
    assert "Message-ID" in str(caught.value)

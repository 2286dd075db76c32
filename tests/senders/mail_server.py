"""An SMTP server for the tests (aiosmtpd on a loopback port): it keeps what it is given."""

from __future__ import annotations

import email
import email.policy
import ssl
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope

from simulator.net import free_port
from tests.tls_certs import Issued

HOST = "127.0.0.1"


class Inbox:
    """An aiosmtpd handler that keeps what it is given and answers like a real relay."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 OK queued as 42"

    def parsed(self, index: int = -1) -> email.message.EmailMessage:
        content = self.envelopes[index].content
        assert isinstance(content, bytes)
        parsed = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(parsed, email.message.EmailMessage)
        return parsed


def server_context(cert: Issued) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert.cert, cert.key)
    return context


class MailServers:
    """Starts aiosmtpd controllers on free loopback ports and stops them all at teardown."""

    def __init__(self) -> None:
        self._running: list[Controller] = []

    def start(self, handler: Inbox, **options: Any) -> int:
        port = free_port(HOST)
        controller = Controller(handler, hostname=HOST, port=port, **options)
        controller.start()
        self._running.append(controller)
        return port

    def starttls(self, handler: Inbox, cert: Issued, **options: Any) -> int:
        return self.start(handler, tls_context=server_context(cert), require_starttls=True, **options)

    def stop(self) -> None:
        for controller in self._running:
            controller.stop()

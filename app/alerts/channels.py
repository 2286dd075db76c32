"""The site file's alert channels made into senders, with their secrets from the OS keyring.

A channel is built when it first sends, and built again after a failure, so a secret stored
after the program started (``wattkeeper secret set alert-password:site-mail``) is used at the
next retry, and a missing one is a clear failure of that channel only, never of the start.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.secrets import SecretError, alert_password_name, require_secret, sms_pin_name, webhook_token_name
from app.site.alert_settings import AlertChannel, EmailChannel, MqttChannel, SmsChannel, WebhookChannel
from drivers.tls import TlsSettings
from senders.base import Message, SendError
from senders.email import EmailSender, EmailSettings
from senders.mqtt_publish import MqttPublisher, MqttPublishSettings
from senders.sms import IncomingSms, SmsModem, SmsSettings, report_state
from senders.webhook import WebhookSender, WebhookSettings

#: How long one look for delivery reports listens to the modem.
DELIVERY_LISTEN_S = 0.2
#: The alarms standing now, as machines receive them (the retained "active" summary).
Standing = Callable[[], list[dict[str, Any]]]


class Channel:
    """One configured channel: ``deliver`` sends one message and says what the far end answered."""

    def __init__(self, config: AlertChannel, resolve: Callable[[Path], Path], standing: Standing) -> None:
        self.config = config
        self.id = config.id
        self.kind = config.kind
        self._resolve = resolve
        self._standing = standing
        self._lock = threading.Lock()
        self._sender: Any = None

    def deliver(self, address: str | None, message: Message, language: str) -> str:
        """Send; raises :class:`SendError` (a missing secret included) naming the channel."""
        with self._lock:
            try:
                if self._sender is None:
                    self._sender = self._build()
                return self._send(address, message, language)
            except SecretError as exc:
                raise SendError(f"channel {self.id}", str(exc)) from None
            except SendError:
                self._close()
                raise

    @property
    def takes_replies(self) -> bool:
        return isinstance(self.config, SmsChannel) and self.config.replies

    def replies(self) -> list[IncomingSms]:
        """Messages the modem received (replies to alerts), read and deleted; none for other channels."""
        with self._lock:
            if not self.takes_replies:
                return []
            try:
                if self._sender is None:
                    self._sender = self._build()
                assert isinstance(self._sender, SmsModem)
                return self._sender.receive()
            except SecretError as exc:
                raise SendError(f"channel {self.id}", str(exc)) from None
            except SendError:
                self._close()
                raise

    def delivery(self, refs: list[int]) -> dict[int, str]:
        """What the modem's delivery reports said of these message references so far
        ("delivered", "pending", "failed"); none for other channels or without reports."""
        with self._lock:
            if not isinstance(self._sender, SmsModem):
                return {}
            try:
                known = self._sender.wait_for_reports(refs, DELIVERY_LISTEN_S)
            except SendError:
                self._close()
                return {}
        return {ref: report_state(status) for ref, status in known.items()}

    def after_batch(self) -> None:
        """After a pass of messages: a broker's retained list of the alarms standing now, once per
        pass rather than once per change (a flood of a thousand changes publishes it once)."""
        with self._lock:
            if isinstance(self._sender, MqttPublisher) and isinstance(self.config, MqttChannel):
                standing = json.dumps(self._standing(), ensure_ascii=False)
                try:
                    self._sender.publish(f"{self.config.topic}/active", standing, retain=True)
                except SendError:
                    self._close()
                    raise

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if isinstance(self._sender, MqttPublisher):
            self._sender.close()
        self._sender = None

    def _file(self, path: Path | None) -> Path | None:
        return None if path is None else self._resolve(path)

    def _build(self) -> Any:
        c = self.config
        if isinstance(c, EmailChannel):
            password = (
                None if c.username is None else require_secret(alert_password_name(c.id), "mail password")
            )
            return EmailSender(
                EmailSettings(
                    c.host, c.port, security=c.security, sender=c.sender, username=c.username,
                    password=password, ca_file=self._file(c.ca_file), timeout_s=c.timeout_s,
                )
            )  # fmt: skip
        if isinstance(c, SmsChannel):
            pin = require_secret(sms_pin_name(c.id), "SIM PIN") if c.pin else None
            return SmsModem(
                SmsSettings(
                    c.port, baudrate=c.baudrate, pin=pin, timeout_s=c.timeout_s, diacritics=c.diacritics,
                    delivery_reports=c.delivery_reports,
                )
            )  # fmt: skip
        if isinstance(c, MqttChannel):
            password = (
                None if c.username is None else require_secret(alert_password_name(c.id), "broker password")
            )
            tls = TlsSettings(ca_file=self._file(c.ca_file)) if c.tls or c.ca_file is not None else None
            return MqttPublisher(
                MqttPublishSettings(
                    c.host, c.effective_port, client_id=f"wattkeeper-alerts-{socket.gethostname()}-{c.id}",
                    username=c.username, password=password, tls=tls, timeout_s=c.timeout_s,
                )
            )  # fmt: skip
        assert isinstance(c, WebhookChannel)
        token = require_secret(webhook_token_name(c.id), "webhook token") if c.token else None
        return WebhookSender(
            WebhookSettings(c.url, ca_file=self._file(c.ca_file), timeout_s=c.timeout_s, token=token)
        )

    def _send(self, address: str | None, message: Message, language: str) -> str:
        sender = self._sender
        if isinstance(sender, EmailSender):
            assert address is not None
            return sender.send(address, message, language=language)
        if isinstance(sender, SmsModem):
            assert address is not None
            refs = sender.send(address, message.short or message.subject)
            return "+CMGS: " + ", ".join(map(str, refs))
        if isinstance(sender, MqttPublisher):
            assert isinstance(self.config, MqttChannel)
            topic = self.config.topic
            body = {"id": message.id, **message.data}
            sender.publish(
                f"{topic}/{message.data.get('alarm', 'test')}", json.dumps(body, ensure_ascii=False)
            )
            return f"PUBACK {topic}"
        assert isinstance(sender, WebhookSender)
        return f"HTTP {sender.send(message)}"

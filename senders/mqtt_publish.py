"""Publishing notifications to an MQTT broker the site runs itself (SCADA, a building system).

Unlike ``drivers.mqtt``, which lives on the driver loop, a publisher is called from the
outbox's thread and must say, before it returns, whether the broker took the message: each
publish waits for the broker's PUBACK (QoS 1). paho's own thread runs the network loop
(keep-alives, acknowledgements) but does not reconnect on its own: a lost connection is
noticed by the next publish, which connects afresh, so a failure is always reported to the
caller that can retry, never hidden in a background loop.
"""

from __future__ import annotations

import ssl
import threading
import time
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

from drivers.tls import TlsSettings
from senders.base import SendError

#: How often a publish waiting for its acknowledgement looks whether the connection is still up.
WAIT_SLICE_S = 0.1


@dataclass(frozen=True, slots=True)
class MqttPublishSettings:
    """One broker; MQTT 3.1.1 with a clean session (the outbox, not the broker, keeps what is unsent).

    ``password`` comes from the OS keyring and is left out of the repr so it never reaches a log.
    """

    host: str
    port: int = 1883
    _: KW_ONLY
    client_id: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    tls: TlsSettings | None = None
    timeout_s: float = 10.0
    keepalive_s: int = 30


class MqttPublisher:
    """Publishes and waits for the broker's acknowledgement; one lock makes it safe across threads."""

    def __init__(self, settings: MqttPublishSettings) -> None:
        self.settings = settings
        self.where = f"the broker at {settings.host}:{settings.port}"
        self._lock = threading.Lock()
        self._client: paho.Client | None = None
        self._connack = threading.Event()
        self._refusal: str | None = None

    def publish(self, topic: str, payload: bytes | str, *, retain: bool = False, qos: int = 1) -> None:
        """Publish and return once the broker has acknowledged (QoS 1 or 2) or taken (QoS 0) it."""
        with self._lock:
            client = self._connected()
            try:
                info = client.publish(topic, payload, qos=qos, retain=retain)
            except ValueError as exc:
                # A wildcard in the topic, a payload too large, a QoS other than 0-2: no retry helps.
                raise SendError(self.where, f"cannot publish to {topic!r}: {exc}", permanent=True) from exc
            problem = self._await_acknowledgement(client, info)
            if problem is not None:
                # The link may be half dead; the next publish starts from a fresh connection.
                self._drop()
                raise SendError(self.where, f"{problem} {topic!r}")

    def _await_acknowledgement(self, client: paho.Client, info: paho.MQTTMessageInfo) -> str | None:
        """None once acknowledged, else what went wrong (completed by the topic)."""
        timeout = self.settings.timeout_s
        deadline = time.monotonic() + timeout
        try:
            # In slices, so that a connection lost while waiting is reported at once.
            while not info.is_published():
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not client.is_connected():
                    break
                info.wait_for_publish(min(remaining, WAIT_SLICE_S))
            else:
                return None
        except ValueError as exc:
            return f"did not take the message ({exc}) on"
        except RuntimeError as exc:
            # paho's "not currently connected" when the link went just before or during the publish.
            if client.is_connected():
                return f"did not take the message ({exc}) on"
        if not client.is_connected():
            return "lost the connection before acknowledging"
        return f"did not acknowledge within {timeout:g} s the message on"

    def close(self) -> None:
        """Disconnect politely; a later publish connects again."""
        with self._lock:
            self._drop()

    def _connected(self) -> paho.Client:
        if self._client is not None and self._client.is_connected():
            return self._client
        self._drop()
        settings = self.settings
        client = paho.Client(
            CallbackAPIVersion.VERSION2,
            client_id=settings.client_id,
            protocol=paho.MQTTv311,
            clean_session=True,
            reconnect_on_failure=False,
        )
        client.connect_timeout = settings.timeout_s
        if settings.tls is not None:
            client.tls_set_context(settings.tls.context())
        if settings.username is not None:
            client.username_pw_set(settings.username, settings.password)
        client.on_connect = self._on_connect
        self._connack.clear()
        self._refusal = None
        try:
            client.connect(settings.host, settings.port, settings.keepalive_s)
        except ssl.SSLCertVerificationError as exc:
            raise SendError(self.where, f"its certificate was not accepted: {exc.verify_message}") from exc
        except ssl.SSLError as exc:
            raise SendError(self.where, f"TLS failed: {exc.reason or exc}") from exc
        except ConnectionRefusedError as exc:
            raise SendError(
                self.where, "refused the connection (is the broker running on this port?)"
            ) from exc
        except TimeoutError as exc:
            raise SendError(self.where, f"did not answer within {settings.timeout_s:g} s") from exc
        except OSError as exc:
            raise SendError(self.where, f"cannot be reached: {exc.strerror or exc}") from exc
        client.loop_start()
        self._client = client
        if not self._connack.wait(settings.timeout_s):
            self._drop()
            raise SendError(self.where, f"did not accept the connection within {settings.timeout_s:g} s")
        if self._refusal is not None:
            refusal = self._refusal
            self._drop()
            raise SendError(self.where, f"refused the connection: {refusal}")
        return client

    def _drop(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.disconnect()
            client.loop_stop()

    def _on_connect(
        self, _client: paho.Client, _userdata: Any, _flags: Any, reason: Any, _props: Any
    ) -> None:
        # Called on paho's thread; only hands the answer over to the waiting publish.
        if reason.is_failure:
            self._refusal = str(reason)
        self._connack.set()

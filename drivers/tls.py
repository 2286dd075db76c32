"""TLS client settings shared by Modbus/TCP Security and MQTT over TLS."""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class TlsSettings:
    """TLS 1.2 or newer; the server's certificate is always verified.

    ``ca_file`` None means the system's trusted authorities; a client certificate is
    optional. ``key_password`` lives in memory only (it comes from the OS keyring).
    """

    ca_file: Path | None = None
    cert_file: Path | None = None
    key_file: Path | None = None
    key_password: str | None = field(default=None, repr=False)

    def context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=self.ca_file)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        if self.cert_file is not None:
            context.load_cert_chain(self.cert_file, self.key_file, password=self.key_password)
        return context

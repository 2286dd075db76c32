"""E-mail through the site's own mail server, always over TLS.

The SMTP conversation is driven step by step (MAIL, RCPT, DATA) rather than through
``smtplib.SMTP.send_message``, so that each refusal can be told apart (the sender, the
recipient, the message) and the server's final answer ("250 OK queued as …") can be kept
in the outbox as the proof of hand-over.

What counts as *permanent*: a refusal of this message as composed (a 5xx answer to the
sender, the recipient or the content), which no retry can cure. Problems of the site's
settings (a wrong password, a server without STARTTLS, a certificate that does not verify)
are retryable on purpose: the notification itself is fine and is delivered once the setting
is corrected, so the outbox must keep it; their texts say what to fix.
"""

from __future__ import annotations

import base64
import contextlib
import re
import smtplib
import ssl
from dataclasses import KW_ONLY, dataclass, field
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import formatdate, parseaddr
from pathlib import Path
from typing import Literal

from drivers.tls import TlsSettings
from senders.base import Message, SendError

#: Bodies are encoded as quoted-printable or base64, never 8-bit, so any server relays them.
_POLICY = SMTP_POLICY.clone(cte_type="7bit")

#: A notification id becomes the left part of the Message-ID, which allows RFC 5322 atext only.
_MESSAGE_ID_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+")


@dataclass(frozen=True, slots=True)
class EmailSettings:
    """Where and how to hand mail over.

    ``security`` "starttls" (usually port 587) upgrades a plain connection and refuses a
    server that cannot; "tls" (usually port 465) speaks TLS from the first byte. The server's
    certificate is verified against ``ca_file`` or the system's authorities, TLS 1.2 or newer,
    as everywhere in Wattkeeper. ``password`` comes from the OS keyring and is held in memory
    only (it is left out of the repr so it never reaches a log).
    """

    host: str
    port: int
    _: KW_ONLY
    security: Literal["starttls", "tls"] = "starttls"
    sender: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_file: Path | None = None
    timeout_s: float = 20.0


class EmailSender:
    """Sends one message per connection: alarms are rare enough that a pool would only go stale."""

    def __init__(self, settings: EmailSettings) -> None:
        self.settings = settings
        self.where = f"mail server {settings.host}:{settings.port}"
        # Built once: loading the CA file for every alarm would be wasted work.
        self._context = TlsSettings(ca_file=settings.ca_file).context()

    def send(self, to: str, message: Message, *, language: str = "en") -> str:
        """Hand ``message`` to the server for ``to``; returns the server's final answer."""
        envelope_from = parseaddr(self.settings.sender)[1]
        envelope_to = parseaddr(to)[1]
        for address in (envelope_from, envelope_to):
            if not address.isascii() or "@" not in address:
                # Non-ASCII mailboxes need SMTPUTF8, which is not implemented; say so plainly.
                raise SendError(
                    self.where, f"{address!r} is not a plain ASCII e-mail address", permanent=True
                )
        content = self.compose(to, message, language=language).as_bytes(policy=_POLICY)
        try:
            return self._deliver(envelope_from, envelope_to, content)
        except SendError:
            raise
        except smtplib.SMTPException as exc:  # before OSError, of which it is a kind
            raise self._smtp_error(exc) from exc
        except OSError as exc:
            raise SendError(self.where, _transport_text(exc, self.settings.timeout_s)) from exc

    def compose(self, to: str, message: Message, *, language: str = "en") -> EmailMessage:
        """The e-mail as it is sent: a plain text part and, if the message has HTML, an alternative."""
        if not _MESSAGE_ID_PART.fullmatch(message.id):
            raise SendError(
                self.where, f"the id {message.id!r} cannot be part of a Message-ID", permanent=True
            )
        mail = EmailMessage(policy=_POLICY)
        mail["From"] = self.settings.sender
        mail["To"] = to
        mail["Subject"] = message.subject
        mail["Date"] = formatdate(localtime=True)
        # The same notification sent again carries the same Message-ID, so a receiver can drop it.
        mail["Message-ID"] = f"<{message.id}@wattkeeper>"
        mail.set_content(message.text, charset="utf-8")
        if message.html is not None:
            mail.add_alternative(message.html, subtype="html", charset="utf-8")
        # After the parts: set_content clears the Content-* headers and add_alternative moves them down.
        mail["Content-Language"] = language
        return mail

    def _deliver(self, envelope_from: str, envelope_to: str, content: bytes) -> str:
        settings = self.settings
        if settings.security == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout_s, context=self._context
            )
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_s)
        try:
            smtp.ehlo()
            if settings.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise SendError(
                        self.where, "the server does not offer STARTTLS; Wattkeeper never sends mail in clear"
                    )
                smtp.starttls(context=self._context)
                smtp.ehlo()
            # Only now, inside TLS, may the password travel.
            if settings.username is not None:
                self._login(smtp, settings.username, settings.password or "")
            code, reply = smtp.mail(envelope_from)
            if code != 250:
                raise _refusal(self.where, "refused the sender", code, reply)
            code, reply = smtp.rcpt(envelope_to)
            if code not in (250, 251):
                raise _refusal(self.where, f"refused the recipient {envelope_to}", code, reply)
            code, reply = smtp.data(content)
            if code != 250:
                raise _refusal(self.where, "refused the message", code, reply)
            final = _answer(code, reply)
            # The message is accepted; a failing QUIT must not make the outbox send it again.
            with contextlib.suppress(smtplib.SMTPException, OSError):
                smtp.quit()
            return final
        finally:
            smtp.close()

    def _login(self, smtp: smtplib.SMTP, username: str, password: str) -> None:
        if (username + password).isascii():
            smtp.login(username, password)
            return
        # smtplib sends credentials as ASCII only; AUTH PLAIN (RFC 4616) carries UTF-8, so a
        # password with Vietnamese letters still works.
        if "PLAIN" not in smtp.esmtp_features.get("auth", "").upper().split():
            raise SendError(
                self.where,
                "the user name or password has non-ASCII letters and the server does not offer "
                "AUTH PLAIN, the one mechanism that can carry them",
            )
        token = base64.b64encode(f"\0{username}\0{password}".encode()).decode("ascii")
        code, reply = smtp.docmd("AUTH", f"PLAIN {token}")
        if code != 235:
            raise smtplib.SMTPAuthenticationError(code, reply)

    def _smtp_error(self, exc: smtplib.SMTPException) -> SendError:
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            # A setting to fix, not a refusal of this message: retryable (see the module's text).
            return SendError(
                self.where,
                f"the server refused the user name or password ({_answer(exc.smtp_code, exc.smtp_error)}); "
                "check the account in the site's e-mail settings",
            )
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            # smtplib turns a time-out while reading an answer into a disconnection.
            if isinstance(exc.__context__, TimeoutError):
                return SendError(self.where, _transport_text(exc.__context__, self.settings.timeout_s))
            return SendError(self.where, f"the server closed the connection ({exc})")
        if isinstance(exc, smtplib.SMTPResponseException):
            return _refusal(self.where, "answered", exc.smtp_code, exc.smtp_error)
        # SMTPNotSupportedError and "No suitable authentication method found" come from login().
        return SendError(self.where, f"cannot log in: {exc}" if self.settings.username else str(exc))


def _answer(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return f"{code} {' '.join(text.split())}"


def _refusal(where: str, what: str, code: int, reply: bytes | str) -> SendError:
    """4xx answers are temporary by SMTP's own definition; 5xx are final."""
    return SendError(where, f"{what}: {_answer(code, reply)}", permanent=500 <= code < 600)


def _transport_text(exc: OSError, timeout_s: float) -> str:
    """What went wrong below SMTP: TLS, the connection, the network."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        text = f"the server's certificate was not accepted: {exc.verify_message}"
    elif isinstance(exc, ssl.SSLError):
        text = f"TLS failed: {exc.reason or exc}"
    elif isinstance(exc, ConnectionRefusedError):
        text = "connection refused (is the mail server running on this port?)"
    elif isinstance(exc, TimeoutError):
        text = f"no answer within {timeout_s:g} s"
    else:
        text = f"cannot connect: {exc.strerror or exc}"
    return text

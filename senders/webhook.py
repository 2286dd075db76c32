"""A JSON POST to a webhook the site runs itself (a ticketing system, a chat bridge, a gateway).

Both http and https are allowed: sites run local gateways on plain http inside the plant
network. For https the certificate is always verified (``ca_file`` or the system's
authorities, TLS 1.2 or newer), as everywhere in Wattkeeper.

Three things urllib would do on its own are turned off, each for a reason:

* redirects are not followed: urllib turns a redirected POST into a GET without its body
  (reported as success) and forwards the Authorization header to wherever it is sent;
* proxies from the environment are ignored: the webhook is on the site's own network and a
  proxy set for other traffic must not see the alarms or the token;
* nothing is retried here: the outbox retries, with the same ``Idempotency-Key``.
"""

from __future__ import annotations

import http.client
import json
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from drivers.tls import TlsSettings
from senders.base import Message, SendError

#: Statuses that mean "not now" rather than "never": Request Timeout and Too Many Requests.
RETRYABLE_CLIENT_ERRORS = frozenset({408, 429})

#: How much of an error answer's body is quoted in the error, for the person reading the log.
QUOTED_BODY_CHARS = 200


@dataclass(frozen=True, slots=True)
class WebhookSettings:
    """The URL to POST to; ``token`` is an optional bearer token from the OS keyring, never logged."""

    url: str
    ca_file: Path | None = None
    timeout_s: float = 10.0
    token: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"a webhook URL must be http:// or https:// with a host, not {self.url!r}")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args: Any, **_kwargs: Any) -> None:
        # Returning None makes urllib raise the 3xx as an HTTPError, which send() reports.
        return None


class WebhookSender:
    """POSTs each message as one JSON object; safe to call from several threads."""

    def __init__(self, settings: WebhookSettings) -> None:
        self.settings = settings
        parts = urlsplit(settings.url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        # Neither the query nor user information is named: either may hold a secret.
        self.where = f"webhook {parts.scheme}://{parts.hostname}:{port}{parts.path}"
        handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({}), _NoRedirects()]
        if parts.scheme == "https":
            context = TlsSettings(ca_file=settings.ca_file).context()
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self._opener = urllib.request.build_opener(*handlers)

    def send(self, message: Message) -> int:
        """POST ``message``; returns the 2xx status the webhook answered."""
        # The message's own fields win over data of the same name: the id is the idempotency key.
        document = {**message.data, "id": message.id, "subject": message.subject, "text": message.text}
        try:
            body = json.dumps(document, ensure_ascii=False).encode("utf-8")
        except (TypeError, ValueError) as exc:
            raise SendError(
                self.where, f"the message's data cannot be sent as JSON: {exc}", permanent=True
            ) from exc
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json, */*;q=0.5",
            "Idempotency-Key": message.id,
            "User-Agent": "Wattkeeper",
        }
        if self.settings.token is not None:
            headers["Authorization"] = f"Bearer {self.settings.token}"
        # The scheme is http or https: WebhookSettings refuses any other.
        request = urllib.request.Request(  # noqa: S310
            self.settings.url, data=body, headers=headers, method="POST"
        )
        try:
            with self._opener.open(request, timeout=self.settings.timeout_s) as response:
                response.read()
                return int(response.status)
        except urllib.error.HTTPError as exc:
            raise self._status_error(exc) from exc
        except urllib.error.URLError as exc:
            reason = exc.reason
            cause = reason if isinstance(reason, BaseException) else exc
            raise self._transport_error(cause) from exc
        except (http.client.HTTPException, OSError) as exc:
            raise self._transport_error(exc) from exc

    def _status_error(self, exc: urllib.error.HTTPError) -> SendError:
        status = exc.code
        try:
            quoted = " ".join(exc.read(QUOTED_BODY_CHARS).decode("utf-8", "replace").split())
        except (http.client.HTTPException, OSError):
            quoted = ""
        text = f"answered {status} {exc.reason}"
        if 300 <= status < 400:
            location = exc.headers.get("Location", "an unnamed place")
            text += f" to {location}; redirects are not followed, set the new URL"
        elif quoted:
            text += f": {quoted}"
        permanent = 300 <= status < 500 and status not in RETRYABLE_CLIENT_ERRORS
        return SendError(self.where, text, permanent=permanent)

    def _transport_error(self, exc: BaseException) -> SendError:
        if isinstance(exc, ssl.SSLCertVerificationError):
            text = f"the server's certificate was not accepted: {exc.verify_message}"
        elif isinstance(exc, ssl.SSLError):
            text = f"TLS failed: {exc.reason or exc}"
        elif isinstance(exc, TimeoutError):
            text = f"no answer within {self.settings.timeout_s:g} s"
        elif isinstance(exc, ConnectionRefusedError):
            text = "connection refused (is the webhook's server running on this port?)"
        elif isinstance(exc, http.client.HTTPException):
            text = f"the server broke off the answer ({type(exc).__name__}: {exc})"
        elif isinstance(exc, OSError):
            text = f"cannot connect: {exc.strerror or exc}"
        else:
            text = str(exc)
        return SendError(self.where, text)

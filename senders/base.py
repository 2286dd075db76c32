"""What every sender takes and raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class SendError(Exception):
    """A message that was not delivered; the text names the channel's server or port and what failed.

    ``permanent`` is a refusal that a retry cannot cure (an address the server rejects, a number
    the network refuses); anything else (a server down, a time-out, no network) is worth retrying.
    """

    def __init__(self, where: str, message: str, *, permanent: bool = False) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message
        self.permanent = permanent


@dataclass(frozen=True, slots=True)
class Message:
    """One notification as every channel can render it.

    ``id`` is the notification's idempotency key: the e-mail's Message-ID, the webhook's
    ``Idempotency-Key`` header and the ``id`` of MQTT and webhook JSON, so a receiver can
    recognise a message sent again after a crash.
    """

    id: str
    subject: str
    text: str
    html: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    #: The few lines an SMS carries (what, where, the value, since when); the subject if empty.
    short: str = ""

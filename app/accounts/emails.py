"""Email addresses as account names: one spelling per address, and a plain check of their shape."""

from __future__ import annotations

import re
import unicodedata

from app.i18n import translate

MAX_LENGTH = 254
_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_email(text: str) -> str:
    """Trimmed, NFKC, lower case: what a person types on any keyboard finds the same account."""
    return unicodedata.normalize("NFKC", text).strip().lower()


def check_email(text: str) -> str:
    """The normalised address; ``ValueError`` naming the problem if it is not one."""
    email = normalise_email(text)
    if len(email) > MAX_LENGTH:
        raise ValueError(translate("Accounts", "an email address has at most 254 characters"))
    if not _SHAPE.match(email) or any(not c.isprintable() for c in email):
        raise ValueError(translate("Accounts", "{email!r} is not an email address").format(email=text))
    return email

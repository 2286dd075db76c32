"""The second factor: time-based one-time codes (RFC 6238) and recovery codes.

A code is accepted for the current 30-second step and one step either side (clock drift
of an authenticator app), and only once: the newest step used is kept with the account,
and a code of that step or an earlier one is refused, so a code seen over a shoulder or
in a screen recording cannot be replayed inside its window.

Recovery codes are 60 random bits each, so a plain SHA-256 of the code is enough to keep
them unguessable at rest; each is crossed out when used.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import pyotp
import segno

STEP_S = 30
DRIFT_STEPS = 1
DIGITS = 6
ISSUER = "Wattkeeper"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed from paper
_RECOVERY_GROUPS = 3
_RECOVERY_GROUP_LEN = 4


@dataclass(frozen=True, slots=True)
class Enrolment:
    """What a person needs to set up an authenticator app: the secret and its QR code."""

    secret: str
    uri: str

    def __repr__(self) -> str:
        return "Enrolment(<secret>)"

    def qr_png(self, scale: int = 6) -> bytes:
        import io

        buffer = io.BytesIO()
        segno.make(self.uri, error="m").save(buffer, kind="png", scale=scale, border=2)
        return buffer.getvalue()

    def qr_terminal(self) -> str:
        import io

        buffer = io.StringIO()
        segno.make(self.uri, error="m").terminal(out=buffer, compact=True, border=2)
        return buffer.getvalue()

    @property
    def grouped_secret(self) -> str:
        """The secret in groups of four, for typing into an app by hand."""
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))


def new_enrolment(account_label: str) -> Enrolment:
    secret = pyotp.random_base32(32)
    uri = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_S).provisioning_uri(
        name=account_label, issuer_name=ISSUER
    )
    return Enrolment(secret, uri)


def current_step(now_ms: int) -> int:
    return now_ms // 1000 // STEP_S


def code_at(secret: str, step: int) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_S).at(step * STEP_S)


def matching_step(secret: str, code: str, now_ms: int, last_used_step: int | None) -> int | None:
    """The step whose code ``code`` is, if it is within the drift and newer than the last one used."""
    code = code.strip().replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return None
    now = current_step(now_ms)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(code_at(secret, step), code) and (
            last_used_step is None or step > last_used_step
        ):
            return step
    return None


def replayed(secret: str, code: str, now_ms: int, last_used_step: int | None) -> bool:
    """Whether ``code`` is a valid code that was already used (for a plain-words refusal)."""
    if last_used_step is None:
        return False
    code = code.strip().replace(" ", "")
    now = current_step(now_ms)
    return any(
        step <= last_used_step and hmac.compare_digest(code_at(secret, step), code)
        for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1)
    )


def new_recovery_codes() -> list[str]:
    return [
        "-".join(
            "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_GROUP_LEN))
            for _ in range(_RECOVERY_GROUPS)
        )
        for _ in range(RECOVERY_CODES)
    ]


def normalise_recovery_code(code: str) -> str:
    return "".join(c for c in code.lower() if c.isalnum())


def recovery_code_hash(code: str) -> str:
    return hashlib.sha256(("wattkeeper-recovery:" + normalise_recovery_code(code)).encode()).hexdigest()


def looks_like_recovery_code(code: str) -> bool:
    return len(normalise_recovery_code(code)) == _RECOVERY_GROUPS * _RECOVERY_GROUP_LEN

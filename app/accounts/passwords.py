"""Password rules and hashes.

The rules follow NIST SP 800-63B-4 and OWASP ASVS 5.0 (V6): length is what counts (at
least 15 characters, up to 64 and more accepted, any Unicode, normalised so that the same
text typed on another keyboard matches), no composition rules, no expiry, and a refusal
for passwords that are common or easily guessed: the 30,000 most common passwords of the
frequency lists zxcvbn ships, and anything zxcvbn's estimator rates guessable (repeats,
keyboard walks, dictionary words with obvious changes, the person's own email or
organisation, the product's name).

Hashes are argon2id with their parameters inside (``$argon2id$v=19$m=…,t=…,p=…$…``), so a
hash made under an older policy still verifies and is re-hashed at the next sign-in.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import argon2
from argon2.exceptions import InvalidHashError, VerificationError

from app.i18n import translate

MIN_LENGTH = 15
#: Accepted, not a limit users are expected to reach; it only bounds the hashing work.
MAX_LENGTH = 256
#: zxcvbn score (0-4) a password must reach: 3 is "safely unguessable" against online and throttled guessing.
MIN_SCORE = 3
#: zxcvbn estimates at most this many characters; a longer password is judged by its start.
ESTIMATE_CHARS = 72
PRODUCT_WORDS = ("wattkeeper", "watt", "keeper", "scada", "modbus")

#: At least the OWASP minimum for argon2id (m = 19 MiB, t = 2, p = 1).
HASHER = argon2.PasswordHasher(
    time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16, type=argon2.Type.ID
)


class PasswordRejectedError(ValueError):
    """A new password does not meet the rules; the text says why in plain words."""


def normalise(password: str) -> str:
    """NFKC, as SP 800-63B asks, so composed and decomposed accents are the same password."""
    return unicodedata.normalize("NFKC", password)


@cache
def common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # loaded only when a new password is checked

    return frozenset(FREQUENCY_LISTS["passwords"])


def check_new_password(password: str, *, context: tuple[str, ...] = ()) -> str:
    """The normalised password if it may be used; raises ``PasswordRejectedError`` otherwise.

    ``context`` holds words specific to the person (email, organisation).
    """
    text = normalise(password)
    length = len(text)
    if length < MIN_LENGTH:
        raise PasswordRejectedError(
            translate(
                "Accounts", "too short: {length} characters; a password needs at least {minimum}"
            ).format(length=length, minimum=MIN_LENGTH)
        )
    if length > MAX_LENGTH:
        raise PasswordRejectedError(
            translate("Accounts", "too long: at most {maximum} characters").format(maximum=MAX_LENGTH)
        )
    if text.lower() in common_passwords():
        raise PasswordRejectedError(translate("Accounts", "this password is on the list of common passwords"))
    words = [*PRODUCT_WORDS]
    for item in context:
        words.append(item.lower())
        words += [w for w in item.lower().replace("@", " ").replace(".", " ").split() if len(w) > 2]
    from zxcvbn import zxcvbn

    estimate = zxcvbn(text[:ESTIMATE_CHARS], user_inputs=words)
    if estimate["score"] < MIN_SCORE:
        hint = estimate["feedback"].get("warning") or ""
        raise PasswordRejectedError(
            translate(
                "Accounts", "too easy to guess{hint}; a few unrelated words make a strong password"
            ).format(hint=f" ({hint.rstrip('.')})" if hint else "")
        )
    return text


def hash_password(password: str) -> str:
    return HASHER.hash(normalise(password))


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(stored_hash, normalise(password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    try:
        return HASHER.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


@cache
def dummy_hash() -> str:
    """A hash of nothing anyone can type, checked for unknown emails so they take as long."""
    return HASHER.hash("\x00not-an-account\x00")

"""Where the audit key lives: beside the database key, never inside the database.

The audit key signs the audit trail (``storage/audit_log.py``). It is a second random
256-bit key, kept where the database key is kept but as a separate secret: the OS
keyring entry ``audit:<database>`` or, with ``--key-file K``, the file ``K.audit``
(mode 0600). Someone given only the database key — a backup and its key handed to a
consultant, say — can read the trail but cannot rewrite it unnoticed.
"""

from __future__ import annotations

from pathlib import Path

import keyring.errors

from storage.audit_log import AuditKeySource
from storage.errors import KeyUnavailableError
from storage.keys import (
    KEYRING_SERVICE,
    create_key_file,
    new_key_hex,
    read_key_file,
    trusted_keyring,
    valid_hex_key,
)


def audit_key_file(key_file: Path) -> Path:
    return key_file.with_name(key_file.name + ".audit")


def audit_keyring_user(where: str) -> str:
    return f"audit:{where}"


class StoredAuditKey(AuditKeySource):
    """The audit key of the database named ``where`` (its absolute path or URL without password)."""

    def __init__(self, where: str, key_file: Path | None) -> None:
        self._where = where
        self._file = None if key_file is None else audit_key_file(key_file)
        self._cached: bytes | None = None

    @property
    def location(self) -> str:
        """Where the key is kept, for messages (never the key)."""
        if self._file is not None:
            return f"key file {self._file}"
        return f"OS keyring ({KEYRING_SERVICE}, {audit_keyring_user(self._where)})"

    def get(self) -> bytes | None:
        if self._cached is not None:
            return self._cached
        if self._file is not None:
            if not self._file.exists():
                return None
            self._cached = bytes.fromhex(read_key_file(self._file).hex)
            return self._cached
        backend = trusted_keyring()
        if backend is None:
            return None
        try:
            stored = backend.get_password(KEYRING_SERVICE, audit_keyring_user(self._where))
        except keyring.errors.KeyringError as exc:
            raise KeyUnavailableError(self.location, f"the OS keyring failed: {exc}") from None
        if stored is None:
            return None
        if not valid_hex_key(stored):
            raise KeyUnavailableError(self.location, "the keyring entry is not an audit key")
        self._cached = bytes.fromhex(stored)
        return self._cached

    def create(self) -> bytes:
        if self._file is not None:
            self._cached = bytes.fromhex(create_key_file(self._file).hex)
            return self._cached
        backend = trusted_keyring()
        if backend is None:
            raise KeyUnavailableError(
                self._where,
                "no usable OS keyring to keep the audit key; pass --key-file FILE "
                "(the audit key is then kept in FILE.audit)",
            )
        key = new_key_hex()
        user = audit_keyring_user(self._where)
        try:
            backend.set_password(KEYRING_SERVICE, user, key)
            if backend.get_password(KEYRING_SERVICE, user) != key:
                raise KeyUnavailableError(self.location, "the OS keyring did not keep the new audit key")
        except keyring.errors.KeyringError as exc:
            raise KeyUnavailableError(self.location, f"the OS keyring failed: {exc}") from None
        self._cached = bytes.fromhex(key)
        return self._cached

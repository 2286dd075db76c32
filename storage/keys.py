"""Where the database key comes from and where a new one is kept.

The key is 256 random bits, handed to SQLCipher as a raw hex key so that opening the
database costs no key derivation. It lives in the OS keyring (service ``wattkeeper``)
or, when the operator asks for it, in a key file readable only by its owner. A new key
is stored before the database it protects is created, so a database never exists
without a stored key, and no plaintext keyring backend is ever trusted with it.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import chainer, fail, null

from storage.errors import KeyMismatchError, KeyUnavailableError

KEYRING_SERVICE = "wattkeeper"
_HEX_KEY = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class DatabaseKey:
    """A raw key and where it came from (for messages, never the key itself)."""

    hex: str
    source: str

    def __repr__(self) -> str:
        return f"DatabaseKey(source={self.source!r})"

    @property
    def pragma_value(self) -> str:
        return f"x'{self.hex}'"


def new_key_hex() -> str:
    return secrets.token_hex(32)


def valid_hex_key(text: str) -> bool:
    return bool(_HEX_KEY.match(text))


def read_key_file(path: Path) -> DatabaseKey:
    try:
        text = path.read_text(encoding="ascii").strip().lower()
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyUnavailableError(str(path), f"cannot read the key file: {exc}") from None
    if not _HEX_KEY.match(text):
        raise KeyUnavailableError(str(path), "not a key file: expected 64 hexadecimal characters")
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyUnavailableError(
            str(path),
            f"key file is accessible to other users (mode {stat.S_IMODE(mode):o}); run: chmod 600 {path}",
        )
    return DatabaseKey(text, f"key file {path}")


def create_key_file(path: Path) -> DatabaseKey:
    key = new_key_hex()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise KeyUnavailableError(str(path), f"cannot create the key file: {exc.strerror}") from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return DatabaseKey(key, f"key file {path}")


def trusted_keyring() -> keyring.backend.KeyringBackend | None:
    """The best keyring backend that really protects secrets, or None."""
    active = keyring.get_keyring()
    candidates = list(active.backends) if isinstance(active, chainer.ChainerBackend) else [active]
    trusted = [
        b
        for b in candidates
        if not isinstance(b, fail.Keyring | null.Keyring)
        and not type(b).__module__.startswith("keyrings.alt")
    ]
    return max(trusted, key=lambda b: b.priority, default=None)


def keyring_username(db_path: Path) -> str:
    return f"database:{db_path.resolve()}"


def _no_keyring(db_path: Path) -> KeyUnavailableError:
    return KeyUnavailableError(
        str(db_path),
        "no usable OS keyring to keep the database key; pass --key-file FILE to keep it in a file "
        "only you can read (it is created on first use)",
    )


def obtain_key(db_path: Path, key_file: Path | None, *, database_exists: bool) -> DatabaseKey:
    """The key for ``db_path``, creating and storing a new one only for a new database."""
    if key_file is not None:
        if key_file.exists():
            return read_key_file(key_file)
        if database_exists:
            raise KeyMismatchError(
                str(db_path),
                f"the database already exists and key file {key_file} does not; give its key file",
            )
        return create_key_file(key_file)
    backend = trusted_keyring()
    if backend is None:
        raise _no_keyring(db_path)
    user = keyring_username(db_path)
    try:
        stored = backend.get_password(KEYRING_SERVICE, user)
        if stored is not None:
            if not _HEX_KEY.match(stored):
                raise KeyUnavailableError(
                    str(db_path), f"the OS keyring entry {user!r} is not a database key"
                )
            return DatabaseKey(stored, f"OS keyring ({KEYRING_SERVICE}, {user})")
        if database_exists:
            raise KeyMismatchError(
                str(db_path), "the OS keyring holds no key for this database; pass --key-file FILE"
            )
        key = new_key_hex()
        backend.set_password(KEYRING_SERVICE, user, key)
        if backend.get_password(KEYRING_SERVICE, user) != key:
            raise KeyUnavailableError(str(db_path), "the OS keyring did not keep the new database key")
    except keyring.errors.KeyringError as exc:
        raise KeyUnavailableError(str(db_path), f"the OS keyring failed: {exc}") from None
    return DatabaseKey(key, f"OS keyring ({KEYRING_SERVICE}, {user})")


def keyring_available() -> bool:
    """Whether a keyring that really protects secrets is there to hold a new key."""
    return trusted_keyring() is not None


# A rekey keeps the new key beside the current one until the re-encrypted file is in
# place, so that whenever it is interrupted one of the two opens the database.


def _pending_file(key_file: Path) -> Path:
    return key_file.with_name(key_file.name + ".new")


def _pending_user(db_path: Path) -> str:
    return keyring_username(db_path) + ":pending"


def _keyring_backend(db_path: Path) -> keyring.backend.KeyringBackend:
    backend = trusted_keyring()
    if backend is None:
        raise _no_keyring(db_path)
    return backend


def pending_key(db_path: Path, key_file: Path | None) -> DatabaseKey | None:
    """The new key of an unfinished rekey, if any."""
    if key_file is not None:
        pending = _pending_file(key_file)
        return read_key_file(pending) if pending.exists() else None
    stored = _keyring_backend(db_path).get_password(KEYRING_SERVICE, _pending_user(db_path))
    if stored is None or not _HEX_KEY.match(stored):
        return None
    return DatabaseKey(stored, f"OS keyring ({KEYRING_SERVICE}, {_pending_user(db_path)})")


def store_pending_key(db_path: Path, key_file: Path | None) -> DatabaseKey:
    """Create and safely store a new key beside the current one."""
    discard_pending_key(db_path, key_file)
    if key_file is not None:
        return create_key_file(_pending_file(key_file))
    backend = _keyring_backend(db_path)
    key = new_key_hex()
    backend.set_password(KEYRING_SERVICE, _pending_user(db_path), key)
    if backend.get_password(KEYRING_SERVICE, _pending_user(db_path)) != key:
        raise KeyUnavailableError(str(db_path), "the OS keyring did not keep the new database key")
    return DatabaseKey(key, f"OS keyring ({KEYRING_SERVICE}, {_pending_user(db_path)})")


def promote_pending_key(db_path: Path, key_file: Path | None) -> None:
    """The new key becomes the key; the old one is gone from the key file or keyring."""
    if key_file is not None:
        os.replace(_pending_file(key_file), key_file)
        fsync_folder(key_file.parent)
        return
    backend = _keyring_backend(db_path)
    key = backend.get_password(KEYRING_SERVICE, _pending_user(db_path))
    if key is None:
        return
    backend.set_password(KEYRING_SERVICE, keyring_username(db_path), key)
    backend.delete_password(KEYRING_SERVICE, _pending_user(db_path))


def discard_pending_key(db_path: Path, key_file: Path | None) -> None:
    """Forget the new key of a rekey that never got as far as replacing the file."""
    if key_file is not None:
        _pending_file(key_file).unlink(missing_ok=True)
        return
    backend = _keyring_backend(db_path)
    if backend.get_password(KEYRING_SERVICE, _pending_user(db_path)) is not None:
        backend.delete_password(KEYRING_SERVICE, _pending_user(db_path))


def fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

"""Secrets the site needs besides the database key (broker passwords, TLS key passphrases).

They live in the OS keyring under the service ``wattkeeper``, named after the gateway
they belong to; the site file only says that one is needed (e.g. an MQTT ``username``).
"""

from __future__ import annotations

import keyring.backend
import keyring.errors

from app.accounts.actors import Actor, Right
from app.accounts.guard import require
from app.audit.actions import Action
from app.audit.trail import AuditTrail
from storage.keys import KEYRING_SERVICE, trusted_keyring


class SecretError(Exception):
    """A secret cannot be read or kept; the text says which and what to do."""


def mqtt_password_name(site: str, gateway: str) -> str:
    return f"mqtt-password:{site}/{gateway}"


def tls_key_password_name(site: str, gateway: str) -> str:
    return f"tls-key-password:{site}/{gateway}"


def _backend() -> keyring.backend.KeyringBackend:
    backend = trusted_keyring()
    if backend is None:
        raise SecretError(
            "no usable OS keyring to hold passwords; Wattkeeper never keeps them in plain files"
        )
    return backend


def get_secret(name: str) -> str | None:
    try:
        return _backend().get_password(KEYRING_SERVICE, name)
    except keyring.errors.KeyringError as exc:
        raise SecretError(f"the OS keyring failed reading {name!r}: {exc}") from None


def require_secret(name: str, purpose: str) -> str:
    value = get_secret(name)
    if value is None:
        raise SecretError(f"no {purpose} in the OS keyring; store it with: wattkeeper secret set {name}")
    return value


def store_secret(trail: AuditTrail, actor: Actor, name: str, value: str) -> None:
    """Keep a site secret for an engineer or administrator; the record names the secret, never its value."""
    require(trail, actor, Right.MANAGE_SECRETS, name)
    set_secret(name, value)
    trail.record(actor, Action.SECRET_SET, name)


def remove_secret(trail: AuditTrail, actor: Actor, name: str) -> bool:
    require(trail, actor, Right.MANAGE_SECRETS, name)
    removed = delete_secret(name)
    if removed:
        trail.record(actor, Action.SECRET_REMOVED, name)
    return removed


def set_secret(name: str, value: str) -> None:
    try:
        _backend().set_password(KEYRING_SERVICE, name, value)
    except keyring.errors.KeyringError as exc:
        raise SecretError(f"the OS keyring failed storing {name!r}: {exc}") from None


def delete_secret(name: str) -> bool:
    """Remove a secret; False if there was none."""
    try:
        _backend().delete_password(KEYRING_SERVICE, name)
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as exc:
        raise SecretError(f"the OS keyring failed removing {name!r}: {exc}") from None
    return True


def alert_password_name(channel: str) -> str:
    """The password of an alert channel's mail server or broker account."""
    return f"alert-password:{channel}"


def sms_pin_name(channel: str) -> str:
    return f"sms-pin:{channel}"


def webhook_token_name(channel: str) -> str:
    return f"webhook-token:{channel}"

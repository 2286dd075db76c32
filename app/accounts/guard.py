"""Checking a right in a service, with the refusal on record."""

from __future__ import annotations

from app.accounts.actors import Actor, Right, RightMissingError, SiteHiddenError
from app.audit.actions import Action
from app.audit.trail import AuditTrail


def require(trail: AuditTrail | None, actor: Actor, right: Right, target: str = "") -> None:
    """Raise ``RightMissingError`` unless ``actor`` holds ``right``; a refusal is audited first."""
    if actor.can(right):
        return
    if trail is not None:
        trail.record(actor, Action.RIGHT_REFUSED, target, details={"right": right.value}, outcome="refused")
    raise RightMissingError(actor, right)


def require_path(trail: AuditTrail | None, actor: Actor, path: str) -> None:
    """Raise ``SiteHiddenError`` unless ``actor`` may see the site of ``path``; audited likewise."""
    if actor.sees_path(path):
        return
    if trail is not None:
        trail.record(
            actor, Action.RIGHT_REFUSED, path, details={"site": path.split("/", 1)[0]}, outcome="refused"
        )
    raise SiteHiddenError(actor, path.split("/", 1)[0])

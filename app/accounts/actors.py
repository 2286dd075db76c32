"""Who is acting, and what they may do: the one object every service that changes something receives.

A service checks the right itself (``Actor.require``); the window only hides what the
service would refuse. An actor is identified in records by ``ref``: an account's
pseudonymous id (``acct-…``), never its email, so that audit and alarm-journal rows stay
meaningful, and stay unchanged, after the person's account is deleted. ``display`` is
what a screen shows (the email) and is never stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.i18n import translate


class Right(StrEnum):
    VIEW = "view"
    ACKNOWLEDGE = "alarm.acknowledge"
    SHELVE = "alarm.shelve"
    OUT_OF_SERVICE = "alarm.out_of_service"
    RUN_REPORTS = "report.run"
    EXPORT_DATA = "data.export"
    CONFIGURE = "config.edit"
    MANAGE_SECRETS = "secrets.manage"
    MANAGE_USERS = "users.manage"
    VIEW_AUDIT = "audit.view"
    MAINTAIN_DATABASE = "database.maintain"
    SET_RETENTION = "retention.set"
    MANAGE_PRIVACY = "privacy.manage"


class RightMissingError(Exception):
    """The actor lacks a right; the text names the actor and the right."""

    def __init__(self, actor: Actor, right: Right) -> None:
        super().__init__(
            translate("Accounts", "{user} does not hold the right {right}").format(
                user=actor.display, right=right.value
            )
        )
        self.actor = actor
        self.right = right


class SiteHiddenError(Exception):
    """The actor may not see the site a request concerns."""

    def __init__(self, actor: Actor, site: str) -> None:
        super().__init__(
            translate("Accounts", "{user} may not see site {site}").format(user=actor.display, site=site)
        )
        self.actor = actor
        self.site = site


@dataclass(frozen=True, slots=True)
class Actor:
    """A signed-in account (or the built-in system) with its rights and the sites it may see.

    ``sites`` is None for every site.
    """

    ref: str
    display: str
    rights: frozenset[Right]
    role: str | None = None
    sites: frozenset[str] | None = None
    account_id: int | None = None

    @property
    def name(self) -> str:
        """What journals and audit records store for this actor."""
        return self.ref

    def can(self, right: Right) -> bool:
        return right in self.rights

    def require(self, right: Right) -> None:
        if right not in self.rights:
            raise RightMissingError(self, right)

    def sees_site(self, site: str) -> bool:
        return self.sites is None or site in self.sites

    def sees_path(self, path: str) -> bool:
        """Whether a point or device path (``site/device/...``) is on a site this actor may see."""
        return self.sees_site(path.split("/", 1)[0])

    def require_path(self, path: str) -> None:
        site = path.split("/", 1)[0]
        if not self.sees_site(site):
            raise SiteHiddenError(self, site)

    def visible(self, paths: Iterable[str]) -> list[str]:
        return [p for p in paths if self.sees_path(p)]


#: The collector and scheduled work: what happens by rule or by clock (a shelf expiring, a
#: retention run). It holds the rights of scheduled work only; no person can act as it.
SYSTEM = Actor(
    "system",
    "system",
    frozenset({Right.VIEW, Right.RUN_REPORTS, Right.MANAGE_PRIVACY}),
    role=None,
)

"""The four roles and the rights each holds, as data: least privilege per role.

Administrators run the installation; engineers set up what is measured and take data off
site; operators run the shift (acknowledge, shelve, run reports); viewers look.
"""

from __future__ import annotations

from enum import StrEnum

from app.accounts.actors import Right
from app.i18n import translate


class Role(StrEnum):
    ADMIN = "admin"
    ENGINEER = "engineer"
    OPERATOR = "operator"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return {
            Role.ADMIN: translate("Accounts", "Administrator"),
            Role.ENGINEER: translate("Accounts", "Engineer"),
            Role.OPERATOR: translate("Accounts", "Operator"),
            Role.VIEWER: translate("Accounts", "Viewer"),
        }[self]


_VIEWER = frozenset({Right.VIEW})
_OPERATOR = _VIEWER | {Right.ACKNOWLEDGE, Right.SHELVE, Right.RUN_REPORTS}
_ENGINEER = _OPERATOR | {Right.OUT_OF_SERVICE, Right.CONFIGURE, Right.EXPORT_DATA, Right.MANAGE_SECRETS}

ROLE_RIGHTS: dict[Role, frozenset[Right]] = {
    Role.VIEWER: _VIEWER,
    Role.OPERATOR: _OPERATOR,
    Role.ENGINEER: _ENGINEER,
    Role.ADMIN: frozenset(Right),
}

#: Roles that must use a second factor unless an administrator changes it.
DEFAULT_MFA_ROLES = frozenset({Role.ADMIN})


def parse_role(text: str) -> Role:
    try:
        return Role(text)
    except ValueError:
        raise ValueError(
            translate("Accounts", "{role!r} is not a role; choose one of {roles}").format(
                role=text, roles=", ".join(r.value for r in Role)
            )
        ) from None

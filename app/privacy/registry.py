"""Every table that can hold personal data, declared once: how it finds a person, what leaves, what is erased.

The "My data" export, the access view and the erasure all read this list, and
``tests/app/privacy/test_registry.py`` fails when a table that refers to a person (an
account id, an email, a user or actor column) is missing from it: a new table cannot
quietly escape the person's rights. Secrets are never exported: ``withheld`` columns are
left out of the export by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Link(StrEnum):
    """How a table's rows name a person."""

    ACCOUNT_ID = "account id"
    REF = "pseudonymous ref"
    EMAIL = "email"
    EMAIL_DIGEST = "digest of the email"


class Fate(StrEnum):
    """What erasing the person does to the table's rows."""

    DELETED = "deleted"
    KEPT_PSEUDONYMOUS = "kept under the pseudonymous ref; typed text naming the person erased"
    DETAILS_ERASED = "kept; details naming the person erased (the chain stays verifiable)"


@dataclass(frozen=True, slots=True)
class PersonalTable:
    table: str
    link: Link
    columns: tuple[str, ...]
    export_key: str
    fate: Fate
    withheld: tuple[str, ...] = ()
    why: str = ""


REGISTRY: tuple[PersonalTable, ...] = (
    PersonalTable(
        "accounts",
        Link.ACCOUNT_ID,
        ("id",),
        "account",
        Fate.DELETED,
        withheld=("password_hash", "mfa_secret", "mfa_last_step"),
        why="the account: email, organisation, role, sites, times",
    ),
    PersonalTable(
        "recovery_codes",
        Link.ACCOUNT_ID,
        ("account_id",),
        "account",
        Fate.DELETED,
        withheld=("code_hash",),
        why="second-factor recovery codes: only how many are left is exported",
    ),
    PersonalTable(
        "sessions", Link.ACCOUNT_ID, ("account_id",), "sessions", Fate.DELETED, why="sign-in history"
    ),
    PersonalTable(
        "consents", Link.ACCOUNT_ID, ("account_id",), "consents", Fate.DELETED, why="consent records"
    ),
    PersonalTable(
        "sign_in_throttle",
        Link.EMAIL_DIGEST,
        ("key",),
        "sign_in_throttle",
        Fate.DELETED,
        why="failed sign-ins counted against the email",
    ),
    PersonalTable(
        "audit_records",
        Link.REF,
        ("actor", "target"),
        "audit_records",
        Fate.DETAILS_ERASED,
        withheld=("salt", "mac"),
        why="what the person did, and what was done to their account",
    ),
    PersonalTable(
        "alarm_events",
        Link.REF,
        ("user",),
        "alarm_actions",
        Fate.KEPT_PSEUDONYMOUS,
        why="alarms the person acknowledged, shelved or took out of service",
    ),
    PersonalTable(
        "notifications",
        Link.REF,
        ("recipient",),
        "alerts_received",
        Fate.KEPT_PSEUDONYMOUS,
        why="alarm notifications decided for the person and their delivery; never an address or number",
    ),
    PersonalTable(
        "privacy_requests",
        Link.REF,
        ("subject",),
        "privacy_requests",
        Fate.KEPT_PSEUDONYMOUS,
        why="the person's data-subject requests: the register must show they were handled",
    ),
    PersonalTable(
        "inquiries", Link.EMAIL, ("email",), "inquiries", Fate.DELETED, why="support and quote requests"
    ),
    PersonalTable(
        "contacts", Link.EMAIL, ("email",), "contacts", Fate.DELETED, why="a site's points of contact"
    ),
)

#: Column names that, in any table, refer to a person.
PERSON_COLUMNS = frozenset(
    {"account_id", "email", "user", "actor", "subject", "recorded_by", "handled_by", "recipient"}
)

#: Tables with such a column that hold no personal data, and why.
NOT_PERSONAL = {
    "tombstones": "pseudonymous refs of erased accounts only, so a restore can erase them again",
}


def declared(table: str) -> list[PersonalTable]:
    return [entry for entry in REGISTRY if entry.table == table]

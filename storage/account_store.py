"""Accounts and what belongs to them: recovery codes, sessions, consents, sign-in throttles, policy.

Only what an account needs is stored: email, organisation, the password hash, role, the
sites it may see, consent records and its times (created, updated, last sign-in). ``ref``
is a random pseudonymous id: audit and alarm-journal rows name the account by it, so they
survive the account's deletion without naming the person. Functions take the caller's
connection so that a change and its audit record commit in one transaction.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    delete,
    func,
    select,
    update,
)

from storage.schema import metadata

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ref", String(32), nullable=False, unique=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("organisation", String(200), nullable=False, server_default=""),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("sites", Text, nullable=True),
    Column("status", String(20), nullable=False, server_default="active"),
    Column("withdrawn_ms", BigInteger, nullable=True),
    Column("mfa_secret", String(64), nullable=True),
    Column("mfa_last_step", BigInteger, nullable=True),
    Column("created_ms", BigInteger, nullable=False),
    Column("updated_ms", BigInteger, nullable=False),
    Column("last_sign_in_ms", BigInteger, nullable=True),
    #: Held only while the account agrees to SMS alerts (``app.privacy.consents``).
    Column("phone", String(32), nullable=True),
)

recovery_codes = Table(
    "recovery_codes",
    metadata,
    Column("account_id", Integer, ForeignKey("accounts.id"), primary_key=True),
    Column("code_hash", String(64), primary_key=True),
    Column("used_ms", BigInteger, nullable=True),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("started_ms", BigInteger, nullable=False),
    Column("ended_ms", BigInteger, nullable=True),
    Column("workstation", String(200), nullable=True),
    Column("os_user", String(200), nullable=True),
    Index("ix_sessions_account", "account_id"),
)

consents = Table(
    "consents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("purpose", String(40), nullable=False),
    Column("granted", Boolean, nullable=False),
    Column("ts_ms", BigInteger, nullable=False),
    Column("recorded_by", String(32), nullable=False),
    Index("ix_consents_account", "account_id", "purpose", "ts_ms"),
)

sign_in_throttle = Table(
    "sign_in_throttle",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure_ms", BigInteger, nullable=True),
    Column("locked_until_ms", BigInteger, nullable=True),
)

account_settings = Table(
    "account_settings",
    metadata,
    Column("name", String(60), primary_key=True),
    Column("value", Text, nullable=False),
)


@dataclass(frozen=True, slots=True)
class AccountRow:
    id: int
    ref: str
    email: str
    organisation: str
    password_hash: str
    role: str
    sites: frozenset[str] | None
    status: str
    withdrawn_ms: int | None
    mfa_secret: str | None
    mfa_last_step: int | None
    created_ms: int
    updated_ms: int
    last_sign_in_ms: int | None
    phone: str | None = None

    def __repr__(self) -> str:
        return f"AccountRow(id={self.id}, ref={self.ref!r}, role={self.role!r}, status={self.status!r})"

    @property
    def mfa_enrolled(self) -> bool:
        return self.mfa_secret is not None


@dataclass(frozen=True, slots=True)
class SessionRow:
    id: int
    account_id: int
    kind: str
    started_ms: int
    ended_ms: int | None
    workstation: str | None
    os_user: str | None


@dataclass(frozen=True, slots=True)
class ConsentRow:
    purpose: str
    granted: bool
    ts_ms: int
    recorded_by: str


@dataclass(frozen=True, slots=True)
class ThrottleRow:
    failures: int
    last_failure_ms: int | None
    locked_until_ms: int | None


def new_ref() -> str:
    return "acct-" + secrets.token_hex(6)


def _sites_text(sites: frozenset[str] | None) -> str | None:
    return None if sites is None else json.dumps(sorted(sites))


def _account(row: Any) -> AccountRow:
    return AccountRow(
        id=row.id,
        ref=row.ref,
        email=row.email,
        organisation=row.organisation,
        password_hash=row.password_hash,
        role=row.role,
        sites=None if row.sites is None else frozenset(json.loads(row.sites)),
        status=row.status,
        withdrawn_ms=row.withdrawn_ms,
        mfa_secret=row.mfa_secret,
        mfa_last_step=row.mfa_last_step,
        created_ms=row.created_ms,
        updated_ms=row.updated_ms,
        last_sign_in_ms=row.last_sign_in_ms,
        phone=row.phone,
    )


def count_accounts(conn: Connection, *, status: str | None = None) -> int:
    query = select(func.count()).select_from(accounts)
    if status is not None:
        query = query.where(accounts.c.status == status)
    return int(conn.execute(query).scalar() or 0)


def insert_account(
    conn: Connection,
    *,
    email: str,
    organisation: str,
    password_hash: str,
    role: str,
    sites: frozenset[str] | None,
    now_ms: int,
) -> AccountRow:
    ref = new_ref()
    conn.execute(
        accounts.insert().values(
            ref=ref,
            email=email,
            organisation=organisation,
            password_hash=password_hash,
            role=role,
            sites=_sites_text(sites),
            status="active",
            created_ms=now_ms,
            updated_ms=now_ms,
        )
    )
    found = account_by_ref(conn, ref)
    assert found is not None
    return found


def account_by_email(conn: Connection, email: str) -> AccountRow | None:
    row = conn.execute(select(accounts).where(accounts.c.email == email)).first()
    return None if row is None else _account(row)


def account_by_ref(conn: Connection, ref: str) -> AccountRow | None:
    row = conn.execute(select(accounts).where(accounts.c.ref == ref)).first()
    return None if row is None else _account(row)


def account_by_id(conn: Connection, account_id: int) -> AccountRow | None:
    row = conn.execute(select(accounts).where(accounts.c.id == account_id)).first()
    return None if row is None else _account(row)


def all_accounts(conn: Connection) -> list[AccountRow]:
    return [_account(r) for r in conn.execute(select(accounts).order_by(accounts.c.email))]


def emails_by_ref(conn: Connection) -> dict[str, str]:
    return {r.ref: r.email for r in conn.execute(select(accounts.c.ref, accounts.c.email))}


def update_account(conn: Connection, account_id: int, now_ms: int, **values: object) -> None:
    """Change columns of one account (``sites`` given as a frozenset or None)."""
    if "sites" in values:
        values["sites"] = _sites_text(values["sites"])  # type: ignore[arg-type]
    conn.execute(update(accounts).where(accounts.c.id == account_id).values(updated_ms=now_ms, **values))


def mark_signed_in(conn: Connection, account_id: int, now_ms: int) -> None:
    """The time of the last sign-in; not a change of the profile, so ``updated_ms`` stays."""
    conn.execute(update(accounts).where(accounts.c.id == account_id).values(last_sign_in_ms=now_ms))


def claim_mfa_step(conn: Connection, account_id: int, step: int) -> bool:
    """Record that a code of ``step`` was used, unless one of that step or later already was.

    One conditional update, so two workstations cannot both accept the same code.
    """
    claimed = conn.execute(
        update(accounts)
        .where(accounts.c.id == account_id)
        .where((accounts.c.mfa_last_step.is_(None)) | (accounts.c.mfa_last_step < step))
        .values(mfa_last_step=step)
    ).rowcount
    return claimed == 1


def delete_account_rows(conn: Connection, account_id: int) -> dict[str, int]:
    """Remove an account and every row that belongs to it; how many rows of each table went."""
    counts = {}
    for table in (recovery_codes, sessions, consents):
        counts[table.name] = conn.execute(delete(table).where(table.c.account_id == account_id)).rowcount
    counts["accounts"] = conn.execute(delete(accounts).where(accounts.c.id == account_id)).rowcount
    return counts


# Recovery codes


def replace_recovery_codes(conn: Connection, account_id: int, hashes: list[str]) -> None:
    conn.execute(delete(recovery_codes).where(recovery_codes.c.account_id == account_id))
    if hashes:
        conn.execute(recovery_codes.insert(), [{"account_id": account_id, "code_hash": h} for h in hashes])


def use_recovery_code(conn: Connection, account_id: int, code_hash: str, now_ms: int) -> bool:
    used = conn.execute(
        update(recovery_codes)
        .where(
            recovery_codes.c.account_id == account_id,
            recovery_codes.c.code_hash == code_hash,
            recovery_codes.c.used_ms.is_(None),
        )
        .values(used_ms=now_ms)
    ).rowcount
    return used == 1


def recovery_codes_left(conn: Connection, account_id: int) -> int:
    return int(
        conn.execute(
            select(func.count())
            .select_from(recovery_codes)
            .where(recovery_codes.c.account_id == account_id, recovery_codes.c.used_ms.is_(None))
        ).scalar()
        or 0
    )


# Sessions


def start_session(
    conn: Connection, account_id: int, *, kind: str, now_ms: int, workstation: str, os_user: str
) -> int:
    result = conn.execute(
        sessions.insert().values(
            account_id=account_id, kind=kind, started_ms=now_ms, workstation=workstation, os_user=os_user
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def end_session(conn: Connection, session_id: int, now_ms: int) -> bool:
    return (
        conn.execute(
            update(sessions)
            .where(sessions.c.id == session_id, sessions.c.ended_ms.is_(None))
            .values(ended_ms=now_ms)
        ).rowcount
        == 1
    )


def sessions_of(conn: Connection, account_id: int) -> list[SessionRow]:
    rows = conn.execute(select(sessions).where(sessions.c.account_id == account_id).order_by(sessions.c.id))
    return [
        SessionRow(r.id, r.account_id, r.kind, r.started_ms, r.ended_ms, r.workstation, r.os_user)
        for r in rows
    ]


def forget_ended_session_details(conn: Connection) -> int:
    """Drop the workstation and desktop login of every session that has ended."""
    return conn.execute(
        update(sessions)
        .where(sessions.c.ended_ms.is_not(None))
        .where(sessions.c.workstation.is_not(None) | sessions.c.os_user.is_not(None))
        .values(workstation=None, os_user=None)
    ).rowcount


def end_stale_sessions(conn: Connection, started_before_ms: int, now_ms: int) -> int:
    """Sessions left open by a program that died count as ended once they are this old."""
    return conn.execute(
        update(sessions)
        .where(sessions.c.ended_ms.is_(None), sessions.c.started_ms < started_before_ms)
        .values(ended_ms=now_ms)
    ).rowcount


# Consents


def record_consent(
    conn: Connection, account_id: int, *, purpose: str, granted: bool, now_ms: int, recorded_by: str
) -> None:
    conn.execute(
        consents.insert().values(
            account_id=account_id, purpose=purpose, granted=granted, ts_ms=now_ms, recorded_by=recorded_by
        )
    )


def consent_history(conn: Connection, account_id: int) -> list[ConsentRow]:
    rows = conn.execute(select(consents).where(consents.c.account_id == account_id).order_by(consents.c.id))
    return [ConsentRow(r.purpose, bool(r.granted), r.ts_ms, r.recorded_by) for r in rows]


# Throttles


def throttle(conn: Connection, key: str) -> ThrottleRow | None:
    row = conn.execute(select(sign_in_throttle).where(sign_in_throttle.c.key == key)).first()
    return None if row is None else ThrottleRow(row.failures, row.last_failure_ms, row.locked_until_ms)


def put_throttle(conn: Connection, key: str, state: ThrottleRow) -> None:
    conn.execute(delete(sign_in_throttle).where(sign_in_throttle.c.key == key))
    conn.execute(
        sign_in_throttle.insert().values(
            key=key,
            failures=state.failures,
            last_failure_ms=state.last_failure_ms,
            locked_until_ms=state.locked_until_ms,
        )
    )


def clear_throttle(conn: Connection, key: str) -> bool:
    return conn.execute(delete(sign_in_throttle).where(sign_in_throttle.c.key == key)).rowcount > 0


def forget_old_throttles(conn: Connection, failed_before_ms: int) -> int:
    return conn.execute(
        delete(sign_in_throttle).where(
            (sign_in_throttle.c.last_failure_ms.is_(None))
            | (sign_in_throttle.c.last_failure_ms < failed_before_ms)
        )
    ).rowcount


# Policy


def setting(conn: Connection, name: str) -> str | None:
    return conn.execute(select(account_settings.c.value).where(account_settings.c.name == name)).scalar()


def put_setting(conn: Connection, name: str, value: str) -> None:
    conn.execute(delete(account_settings).where(account_settings.c.name == name))
    conn.execute(account_settings.insert().values(name=name, value=value))

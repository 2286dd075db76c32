"""The privacy registers: data-subject requests, inquiries, points of contact, tombstones, job runs.

``privacy_requests`` names the person by their account's pseudonymous ref, so the
register of what was asked and when it was done outlives the account it concerns.
``tombstones`` lists the refs of accounts that were hard-deleted, so that a restore of an
older backup can delete them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
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

privacy_requests = Table(
    "privacy_requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject", String(32), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("law", String(40), nullable=False),
    Column("received_ms", BigInteger, nullable=False),
    Column("acknowledged_ms", BigInteger, nullable=True),
    Column("done_ms", BigInteger, nullable=True),
    Column("due_ms", BigInteger, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("handled_by", String(32), nullable=False, server_default=""),
    Index("ix_privacy_requests_subject", "subject"),
)

inquiries = Table(
    "inquiries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False),
    Column("company", String(200), nullable=False, server_default=""),
    Column("phone", String(50), nullable=False, server_default=""),
    Column("message", Text, nullable=False, server_default=""),
    Column("created_ms", BigInteger, nullable=False),
)

contacts = Table(
    "contacts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("site", String(100), nullable=False),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False, server_default=""),
    Column("phone", String(50), nullable=False, server_default=""),
    Column("role", String(100), nullable=False, server_default=""),
    Column("created_ms", BigInteger, nullable=False),
    Column("role_ends_ms", BigInteger, nullable=True),
)

tombstones = Table(
    "tombstones",
    metadata,
    Column("ref", String(32), primary_key=True),
    Column("deleted_ms", BigInteger, nullable=False),
)


@dataclass(frozen=True, slots=True)
class RequestRow:
    id: int
    subject: str
    kind: str
    law: str
    received_ms: int
    acknowledged_ms: int | None
    done_ms: int | None
    due_ms: int
    note: str
    handled_by: str


@dataclass(frozen=True, slots=True)
class InquiryRow:
    id: int
    name: str
    email: str
    company: str
    phone: str
    message: str
    created_ms: int


@dataclass(frozen=True, slots=True)
class ContactRow:
    id: int
    site: str
    name: str
    email: str
    phone: str
    role: str
    created_ms: int
    role_ends_ms: int | None


def _request(r: Any) -> RequestRow:
    return RequestRow(
        r.id,
        r.subject,
        r.kind,
        r.law,
        r.received_ms,
        r.acknowledged_ms,
        r.done_ms,
        r.due_ms,
        r.note,
        r.handled_by,
    )


def add_request(
    conn: Connection, *, subject: str, kind: str, law: str, received_ms: int, due_ms: int, note: str = ""
) -> int:
    result = conn.execute(
        privacy_requests.insert().values(
            subject=subject, kind=kind, law=law, received_ms=received_ms, due_ms=due_ms, note=note
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def set_request_times(conn: Connection, request_id: int, **values: object) -> None:
    conn.execute(update(privacy_requests).where(privacy_requests.c.id == request_id).values(**values))


def request_by_id(conn: Connection, request_id: int) -> RequestRow | None:
    row = conn.execute(select(privacy_requests).where(privacy_requests.c.id == request_id)).first()
    return None if row is None else _request(row)


def requests(conn: Connection, *, subject: str | None = None, open_only: bool = False) -> list[RequestRow]:
    query = select(privacy_requests).order_by(privacy_requests.c.received_ms, privacy_requests.c.id)
    if subject is not None:
        query = query.where(privacy_requests.c.subject == subject)
    if open_only:
        query = query.where(privacy_requests.c.done_ms.is_(None))
    return [_request(r) for r in conn.execute(query)]


def add_inquiry(
    conn: Connection, *, name: str, email: str, company: str, phone: str, message: str, now_ms: int
) -> int:
    result = conn.execute(
        inquiries.insert().values(
            name=name, email=email, company=company, phone=phone, message=message, created_ms=now_ms
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def all_inquiries(conn: Connection) -> list[InquiryRow]:
    rows = conn.execute(select(inquiries).order_by(inquiries.c.created_ms))
    return [InquiryRow(r.id, r.name, r.email, r.company, r.phone, r.message, r.created_ms) for r in rows]


def delete_inquiries_before(conn: Connection, created_before_ms: int) -> int:
    return conn.execute(delete(inquiries).where(inquiries.c.created_ms < created_before_ms)).rowcount


def delete_inquiries_of(conn: Connection, email: str) -> int:
    return conn.execute(delete(inquiries).where(func.lower(inquiries.c.email) == email.lower())).rowcount


def delete_contacts_of(conn: Connection, email: str) -> int:
    return conn.execute(delete(contacts).where(func.lower(contacts.c.email) == email.lower())).rowcount


def blank_notes_mentioning(conn: Connection, text: str) -> int:
    """Empty the notes of requests that name ``text`` (an erased person's email)."""
    pattern = "%" + text.lower().replace("%", "").replace("_", "") + "%"
    return conn.execute(
        update(privacy_requests).where(func.lower(privacy_requests.c.note).like(pattern)).values(note="")
    ).rowcount


def add_contact(
    conn: Connection,
    *,
    site: str,
    name: str,
    email: str,
    phone: str,
    role: str,
    now_ms: int,
    role_ends_ms: int | None,
) -> int:
    result = conn.execute(
        contacts.insert().values(
            site=site,
            name=name,
            email=email,
            phone=phone,
            role=role,
            created_ms=now_ms,
            role_ends_ms=role_ends_ms,
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def end_contact_role(conn: Connection, contact_id: int, ends_ms: int) -> bool:
    return (
        conn.execute(
            update(contacts).where(contacts.c.id == contact_id).values(role_ends_ms=ends_ms)
        ).rowcount
        == 1
    )


def all_contacts(conn: Connection) -> list[ContactRow]:
    rows = conn.execute(select(contacts).order_by(contacts.c.site, contacts.c.name))
    return [
        ContactRow(r.id, r.site, r.name, r.email, r.phone, r.role, r.created_ms, r.role_ends_ms) for r in rows
    ]


def delete_contacts_ended(conn: Connection, now_ms: int) -> int:
    return conn.execute(
        delete(contacts).where(contacts.c.role_ends_ms.is_not(None), contacts.c.role_ends_ms <= now_ms)
    ).rowcount


def add_tombstone(conn: Connection, ref: str, now_ms: int) -> None:
    if conn.execute(select(tombstones.c.ref).where(tombstones.c.ref == ref)).first() is None:
        conn.execute(tombstones.insert().values(ref=ref, deleted_ms=now_ms))


def all_tombstones(conn: Connection) -> dict[str, int]:
    return {r.ref: r.deleted_ms for r in conn.execute(select(tombstones.c.ref, tombstones.c.deleted_ms))}

"""Accounts, sessions and consents; the chained audit trail; the privacy registers.

A database of an earlier version gains empty tables: the program then asks for its first
administrator. The audit head starts at sequence 0 with the all-zero hash (an empty trail).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ref", sa.String(32), nullable=False, unique=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("organisation", sa.String(200), nullable=False, server_default=""),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("sites", sa.Text, nullable=True),
        sa.Column("status", sa.String(20), nullable=False, server_default="active"),
        sa.Column("withdrawn_ms", sa.BigInteger, nullable=True),
        sa.Column("mfa_secret", sa.String(64), nullable=True),
        sa.Column("mfa_last_step", sa.BigInteger, nullable=True),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("updated_ms", sa.BigInteger, nullable=False),
        sa.Column("last_sign_in_ms", sa.BigInteger, nullable=True),
    )
    op.create_table(
        "recovery_codes",
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), primary_key=True),
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("used_ms", sa.BigInteger, nullable=True),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("started_ms", sa.BigInteger, nullable=False),
        sa.Column("ended_ms", sa.BigInteger, nullable=True),
        sa.Column("workstation", sa.String(200), nullable=True),
        sa.Column("os_user", sa.String(200), nullable=True),
    )
    op.create_index("ix_sessions_account", "sessions", ["account_id"])
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("purpose", sa.String(40), nullable=False),
        sa.Column("granted", sa.Boolean, nullable=False),
        sa.Column("ts_ms", sa.BigInteger, nullable=False),
        sa.Column("recorded_by", sa.String(32), nullable=False),
    )
    op.create_index("ix_consents_account", "consents", ["account_id", "purpose", "ts_ms"])
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_ms", sa.BigInteger, nullable=True),
        sa.Column("locked_until_ms", sa.BigInteger, nullable=True),
    )
    op.create_table(
        "account_settings",
        sa.Column("name", sa.String(60), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "audit_records",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("ts_ms", sa.BigInteger, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("target", sa.String(400), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("workstation", sa.Text, nullable=True),
        sa.Column("workstation_digest", sa.String(64), nullable=False),
        sa.Column("details", sa.Text, nullable=True),
        sa.Column("details_digest", sa.String(64), nullable=False),
        sa.Column("salt", sa.String(32), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("mac", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_actor", "audit_records", ["actor", "seq"])
    op.create_index("ix_audit_target", "audit_records", ["target", "seq"])
    op.create_index("ix_audit_ts", "audit_records", ["ts_ms"])
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("mac", sa.String(64), nullable=True),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS, "mac": None}])
    op.create_table(
        "privacy_requests",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("subject", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("law", sa.String(40), nullable=False),
        sa.Column("received_ms", sa.BigInteger, nullable=False),
        sa.Column("acknowledged_ms", sa.BigInteger, nullable=True),
        sa.Column("done_ms", sa.BigInteger, nullable=True),
        sa.Column("due_ms", sa.BigInteger, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("handled_by", sa.String(32), nullable=False, server_default=""),
    )
    op.create_index("ix_privacy_requests_subject", "privacy_requests", ["subject"])
    op.create_table(
        "inquiries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("company", sa.String(200), nullable=False, server_default=""),
        sa.Column("phone", sa.String(50), nullable=False, server_default=""),
        sa.Column("message", sa.Text, nullable=False, server_default=""),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("site", sa.String(100), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False, server_default=""),
        sa.Column("phone", sa.String(50), nullable=False, server_default=""),
        sa.Column("role", sa.String(100), nullable=False, server_default=""),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("role_ends_ms", sa.BigInteger, nullable=True),
    )
    op.create_table(
        "tombstones",
        sa.Column("ref", sa.String(32), primary_key=True),
        sa.Column("deleted_ms", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "job_runs",
        sa.Column("job", sa.String(60), primary_key=True),
        sa.Column("last_run_ms", sa.BigInteger, nullable=False),
        sa.Column("owner", sa.String(100), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "job_runs",
        "tombstones",
        "contacts",
        "inquiries",
        "privacy_requests",
        "audit_head",
        "audit_records",
        "account_settings",
        "sign_in_throttle",
        "consents",
        "sessions",
        "recovery_codes",
        "accounts",
    ):
        op.drop_table(table)

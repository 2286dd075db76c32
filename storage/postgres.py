"""The historian on a PostgreSQL server, for sites where several workstations share it.

Same schema and migrations as the encrypted file; the server keeps it safe (its own
authentication and TLS). A URL without ``sslmode`` that names another machine gets
``sslmode=verify-full``: the server's certificate is checked unless the site says otherwise.
"""

from __future__ import annotations

from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from storage.database import Database, migrate_schema
from storage.errors import StorageError

LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1"})


def is_postgres_url(text: str) -> bool:
    return text.startswith(("postgresql://", "postgres://", "postgresql+psycopg://"))


def postgres_url(text: str) -> URL:
    """The SQLAlchemy URL for ``text``, with psycopg 3 and certificate checks by default."""
    try:
        url = make_url(text.replace("postgres://", "postgresql://", 1))
    except ArgumentError:
        raise StorageError("--database", f"not a database URL: {text!r}") from None
    if url.get_backend_name() != "postgresql":
        raise StorageError("--database", f"expected a postgresql:// URL, got {url.get_backend_name()!r}")
    url = url.set(drivername="postgresql+psycopg")
    host = url.host or ""
    if "sslmode" not in url.query and host not in LOCAL_HOSTS and not host.startswith("/"):
        url = url.update_query_dict({"sslmode": "verify-full"})
    return url


def open_postgresql(text: str, *, migrate: bool = True, schema_revision: str = "head") -> Database:
    """Connect to the PostgreSQL database at URL ``text`` and bring its schema up to date."""
    url = postgres_url(text)
    where = url.render_as_string(hide_password=True)
    engine = create_engine(url, pool_pre_ping=True)
    try:
        with engine.connect():
            pass
        if migrate:
            migrate_schema(engine, schema_revision)
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        raise StorageError(where, f"cannot use the database: {str(exc.orig).strip()}") from None
    return Database(engine, None, where)

"""The service served on PostgreSQL through a fault proxy, with short waits so faults show within seconds."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import attrs
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from tests.chaos.load import PASSWORD
from tests.harness.fault_proxy import FaultProxy
from tests.integration.served import RASTUP, served

# every wait on the database short, so a fault answers 503 within seconds (the defaults are in the README)
SHORT_WAITS = {
    "DATABASE_POOL_SIZE": "4",
    "DATABASE_MAX_OVERFLOW": "2",
    "DATABASE_POOL_TIMEOUT_S": "2",
    "DATABASE_CONNECT_TIMEOUT_S": "2",
    "DATABASE_STATEMENT_TIMEOUT_S": "2",
    "DATABASE_IO_TIMEOUT_S": "2",
}


@attrs.frozen
class ServedOnProxy:
    base: str  # the service
    proxy: FaultProxy  # between the service and PostgreSQL
    direct_url: str  # the same database, not through the proxy (for checks and pg_terminate_backend)
    email: str


def service_env(tmp_path: Path) -> dict[str, str]:
    """Files of this run under ``tmp_path``; nothing written to ./var."""
    return {
        "IDENTITY_KEY_DIR": str(tmp_path / "keys"),
        "OUTBOX_DIR": str(tmp_path / "outbox"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SESSION_COOKIE_SECURE": "false",
    }


@contextlib.contextmanager
def served_on_proxy(pg_url: str, tmp_path: Path, extra: dict[str, str] | None = None) -> Iterator[ServedOnProxy]:
    """A user ``chaos@example.com``, and the service on ``pg_url``'s database through a fault proxy."""
    url = make_url(pg_url)
    with FaultProxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        proxied = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        env = {**service_env(tmp_path), **SHORT_WAITS, "DATABASE_URL": proxied, **(extra or {})}
        email = "chaos@example.com"
        with served(env) as base:
            create = [RASTUP, "users", "create", email, "--password", PASSWORD]
            subprocess.run(create, env={**os.environ, **env}, check=True, capture_output=True)
            yield ServedOnProxy(base, proxy, pg_url, email)


def terminate_our_backends(direct_url: str) -> int:
    """``pg_terminate_backend`` every other connection to this database; how many there were."""
    engine = sa.create_engine(direct_url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            return len(connection.execute(sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )).all())  # fmt: skip
    finally:
        engine.dispose()


def drafts_by_name(direct_url: str, prefix: str) -> dict[str, list[str]]:
    """display name -> the ids of the profiles with it, for names starting with ``prefix``."""
    engine = sa.create_engine(direct_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT display_name, id FROM profiles WHERE display_name LIKE :p"), {"p": f"{prefix}-%"}
            ).all()
    finally:
        engine.dispose()
    found: dict[str, list[str]] = {}
    for name, profile_id in rows:
        found.setdefault(name, []).append(profile_id)
    return found

"""PostgreSQL peer: reach (or, as root, start) the local cluster and lend a fresh database per run."""

import contextlib
import os
import secrets
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from tests.harness.policy import PeerUnavailable
from tests.harness.processes import STARTUP_DEADLINE_S, forget_at_exit, stop_at_exit, wait_until

ADMIN_URL_ENV = "RASTUP_TEST_PG_ADMIN_URL"
DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
_CLUSTERS_DIR = Path("/etc/postgresql")


def admin_url() -> URL:
    """The maintenance-database URL: RASTUP_TEST_PG_ADMIN_URL if set, else local trust auth."""
    url = make_url(os.environ.get(ADMIN_URL_ENV) or DEFAULT_ADMIN_URL)
    return url.set(drivername="postgresql+psycopg")


def _connect_error(url: URL) -> str | None:
    """None if `SELECT 1` works on `url`, else the driver's message."""
    engine = sa.create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 2})
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        return str(error.__cause__ or error).strip()
    finally:
        engine.dispose()
    return None


def _may_start_local_cluster(url: URL) -> bool:
    return (
        ADMIN_URL_ENV not in os.environ
        and url.host in {"127.0.0.1", "localhost"}
        and os.geteuid() == 0
        and _CLUSTERS_DIR.is_dir()
    )


def _pg_ctlcluster(version: str, action: str) -> subprocess.CompletedProcess[str]:
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def ensure_reachable(url: URL) -> Callable[[], None] | None:
    """Make sure PostgreSQL answers on `url`; returns a stop callback if this call started it.

    Raises PeerUnavailable with the connection error and what was tried to start the cluster.
    """
    first_error = _connect_error(url)
    if first_error is None:
        return None
    tried = f"connect to {url.render_as_string(hide_password=True)}"
    tried += f" (from {ADMIN_URL_ENV})" if ADMIN_URL_ENV in os.environ else ""
    if not _may_start_local_cluster(url):
        hint = "" if ADMIN_URL_ENV in os.environ else " (not root, so pg_ctlcluster was not tried)"
        raise PeerUnavailable("postgres", tried + hint, first_error)
    versions = sorted(path.name for path in _CLUSTERS_DIR.iterdir())
    started = [v for v in versions if _pg_ctlcluster(v, "start").returncode == 0]
    tried += f"; then `pg_ctlcluster --skip-systemctl-redirect {{{','.join(versions)}}} main start`"
    if not wait_until(lambda: _connect_error(url) is None, STARTUP_DEADLINE_S):
        raise PeerUnavailable("postgres", tried, _connect_error(url) or first_error)

    def stop_started_clusters() -> None:
        forget_at_exit(id(stop_started_clusters))
        for version in started:
            _pg_ctlcluster(version, "stop")

    stop_at_exit(id(stop_started_clusters), stop_started_clusters)
    return stop_started_clusters


def _admin_execute(url: URL, statement: str) -> None:
    engine = sa.create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(statement))
    finally:
        engine.dispose()


@contextlib.contextmanager
def scratch_database() -> Iterator[str]:
    """Yield the SQLAlchemy URL of a new, empty database; drop it WITH (FORCE) afterwards."""
    admin = admin_url()
    stop_cluster = ensure_reachable(admin)
    name = f"rastup_test_{os.getpid()}_{secrets.token_hex(4)}"
    try:
        try:
            _admin_execute(admin, f'CREATE DATABASE "{name}"')
        except sa.exc.SQLAlchemyError as error:
            raise PeerUnavailable("postgres", f"CREATE DATABASE {name}", str(error)) from error

        def drop() -> None:
            forget_at_exit(id(drop))
            _admin_execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        stop_at_exit(id(drop), drop)
        try:
            yield admin.set(database=name).render_as_string(hide_password=False)
        finally:
            drop()
    finally:
        if stop_cluster is not None:
            stop_cluster()

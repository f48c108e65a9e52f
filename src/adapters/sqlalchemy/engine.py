"""Engine construction: the one place that knows how SQLite and PostgreSQL differ at connect time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url

from adapters.sqlalchemy.engine_limits import EngineLimits

_READING = "rastup_reading"  # execution option: a connection that reads outside any transaction


def create_database_engine(url: str, *, echo: bool = False, limits: EngineLimits | None = None) -> Engine:
    """Return an engine for ``url``. Nothing connects until the first unit of work.

    SQLite gets WAL, foreign keys, a busy timeout, and SQLAlchemy in charge of BEGIN so that transactions
    and savepoints behave as on PostgreSQL. Every SQLite transaction begins IMMEDIATE: units of work are
    serialised, so a unit that reads and then writes can never fail to upgrade its lock, and a check
    followed by a write (a version, a free slot) cannot race another writer. ``synchronous=NORMAL`` is
    SQLite's advice for WAL: a commit is durable against a crash of the process, and only the last
    commits before a power loss can be lost; the database is never corrupted.

    PostgreSQL connections are not pinged on checkout (a round trip on every unit of work, two per
    sign-in). Disconnects are handled optimistically instead: the unit that meets a dead connection
    fails, SQLAlchemy invalidates the whole pool, and the next unit connects afresh; ``pool_recycle``
    retires connections before idle timeouts in proxies or firewalls can cut them. ``limits`` bounds every
    wait and outages answer ``DatabaseUnavailable`` (``adapters.sqlalchemy.outages``).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # The session time zone is UTC whatever the server's default: timestamptz values come back in UTC,
        # as ``datetime.UTC`` itself, which UtcDateTime then passes through untouched.
        from adapters.sqlalchemy.outages import OutageAwarePool, install  # imports psycopg: PostgreSQL only

        limits = limits or EngineLimits()
        engine = create_engine(
            url, echo=echo, poolclass=OutageAwarePool, pool_size=limits.pool_size, max_overflow=limits.max_overflow,
            pool_timeout=limits.pool_timeout_s, pool_recycle=limits.pool_recycle_s, connect_args=limits.connect_args(),
        )  # fmt: skip
        install(engine, limits)
        return engine
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN (pysqlite otherwise defers it)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if parsed.database and parsed.database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if not connection.get_execution_options().get(_READING):
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def reading_connection(engine: Engine) -> Connection:
    """A connection whose statements run outside any transaction, for units that only read.

    PostgreSQL: the driver's autocommit (no BEGIN, no ROLLBACK; SQLAlchemy restores the pool's setting when
    the connection goes back). SQLite: the driver already leaves transactions to SQLAlchemy, so skipping our
    ``BEGIN IMMEDIATE`` is enough, and the reads take no write lock.
    """
    connection = engine.connect()
    if engine.dialect.name == "sqlite":
        return connection.execution_options(**{_READING: True})
    return connection.execution_options(isolation_level="AUTOCOMMIT", **{_READING: True})


def database_engine(url: str, limits: EngineLimits | None = None) -> Iterator[Engine]:
    """The engine as a resource for the container: disposed (pool closed) on shutdown."""
    engine = create_database_engine(url, limits=limits)
    try:
        yield engine
    finally:
        engine.dispose()

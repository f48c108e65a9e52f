"""Engine construction: the one place that knows how SQLite and PostgreSQL differ at connect time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url


def create_database_engine(url: str, *, echo: bool = False) -> Engine:
    """Return an engine for ``url``. Nothing connects until the first unit of work.

    SQLite gets WAL, foreign keys, a busy timeout, and SQLAlchemy in charge of BEGIN so that transactions
    and savepoints behave as on PostgreSQL. Every SQLite transaction begins IMMEDIATE: units of work are
    serialised, so a unit that reads and then writes can never fail to upgrade its lock, and a check
    followed by a write (a version, a free slot) cannot race another writer.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=10)
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
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def database_engine(url: str) -> Iterator[Engine]:
    """The engine as a resource for the container: disposed (pool closed) on shutdown."""
    engine = create_database_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()

"""Fresh, migrated SQL stores for integration tests: a SQLite file per test, or PostgreSQL truncated."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, text

from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import upgrade
from adapters.sqlalchemy.tables import metadata


def sqlite_engine(directory: Path) -> Iterator[Engine]:
    url = f"sqlite:///{directory / 'rastup.db'}"
    upgrade(url)
    engine = create_database_engine(url)
    yield engine
    engine.dispose()


def truncate_all(engine: Engine) -> None:
    """Empty every application table (PostgreSQL), keeping the schema and Alembic's version."""
    names = ", ".join(table.name for table in metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} CASCADE"))

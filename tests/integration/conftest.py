"""Integration fixtures: the real peers from tests/harness (see tests.harness.peers for each contract), and
one migrated PostgreSQL engine for the SQL store tests (each test empties it with ``truncate_all``)."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.migrate import upgrade
from tests.harness.peers import (
    aws_api,
    clean_redis_url,
    localstripe,
    moto,
    pg_url,
    redis_url,
    stripe_api,
    typesense,
)


@pytest.fixture(scope="session")
def pg_engine(pg_url: str) -> Iterator[Engine]:
    """The test database migrated to every head, behind one engine for the whole session."""
    upgrade(pg_url)
    engine = create_database_engine(pg_url)
    yield engine
    engine.dispose()


__all__ = [
    "aws_api",
    "clean_redis_url",
    "localstripe",
    "moto",
    "pg_engine",
    "pg_url",
    "redis_url",
    "stripe_api",
    "typesense",
]

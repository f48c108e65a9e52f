"""Without a ping on checkout, a connection the server killed costs one failed unit (DatabaseUnavailable),
never a stuck pool."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from adapters.sqlalchemy.engine import create_database_engine
from core.shared.errors import DatabaseUnavailable

pytestmark = pytest.mark.integration


def test_after_the_server_drops_every_connection_the_next_units_reconnect(pg_url: str) -> None:
    engine = create_database_engine(pg_url)
    try:
        pids = set()
        connections = [engine.connect() for _ in range(3)]  # fill the pool with three live connections
        for connection in connections:
            pids.add(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())
        for connection in connections:
            connection.close()
        admin_engine = create_database_engine(pg_url)  # another engine plays the server dropping them
        with admin_engine.connect() as admin:
            for pid in pids:
                admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin_engine.dispose()
        with pytest.raises(DatabaseUnavailable) as failure, engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        assert failure.value.reason == "connection lost"  # an outage, said without the driver's words
        for _ in range(3):  # SQLAlchemy dropped the pool: every later unit gets a fresh connection
            with engine.connect() as connection:
                assert connection.execute(text("SELECT pg_backend_pid()")).scalar_one() not in pids
    finally:
        engine.dispose()

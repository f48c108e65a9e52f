"""Alembic environment: runs migrations on the connection or URL the caller configured."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from adapters.sqlalchemy.engine import create_database_engine
from adapters.sqlalchemy.engine_limits import EngineLimits
from adapters.sqlalchemy.tables import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    # a migration may rewrite a large table: no statement or answer deadline here
    unbounded = EngineLimits(statement_timeout_s=0, io_timeout_s=0)
    engine = create_database_engine(config.get_main_option("sqlalchemy.url") or "", limits=unbounded)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()

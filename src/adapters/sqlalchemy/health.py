"""Readiness probe for the database."""

from __future__ import annotations

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from adapters.sqlalchemy.migrate import current_revisions, head_revisions
from core.shared.errors import DatabaseUnavailable
from core.shared.health import HealthStatus


class DatabaseProbe:
    """Ready when the database answers and its schema is at the migrations' head."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def check(self) -> HealthStatus:
        name = f"database ({self._engine.dialect.name})"
        try:
            with self._engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            applied = current_revisions(self._engine)
        except (SQLAlchemyError, DatabaseUnavailable) as error:
            return HealthStatus(name, False, type(error).__name__)
        missing = head_revisions() - applied
        if missing:
            return HealthStatus(name, False, f"migrations {sorted(missing)} not applied: run `rastup db upgrade`")
        return HealthStatus(name, True)

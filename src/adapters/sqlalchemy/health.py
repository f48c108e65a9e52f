"""Readiness probe for the database."""

from __future__ import annotations

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from adapters.sqlalchemy.migrate import current_revision, head_revision
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
            revision = current_revision(self._engine)
        except SQLAlchemyError as error:
            return HealthStatus(name, False, type(error).__name__)
        head = head_revision()
        if revision != head:
            return HealthStatus(name, False, f"schema at {revision}, migrations at {head}: run `rastup db upgrade`")
        return HealthStatus(name, True)

"""Column types that keep the domain's rules at the database edge."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, type_coerce
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on every database.

    PostgreSQL stores ``timestamptz``; SQLite has no time zones, so the value is stored as naive UTC.
    A naive datetime coming from the application is a bug and is refused.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UtcDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is UTC:  # PostgreSQL sessions run in UTC (see engine.py)
            return value
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def instants_as_read(column: Any, dialect: Dialect) -> Any:
    """``column`` (a ``UtcDateTime``) for a bulk read: on PostgreSQL the driver already returns aware UTC (the
    sessions run in UTC), so the per-value conversion is skipped (a third of reading 600,000 busy instants);
    elsewhere the column itself, converted as usual."""
    if dialect.name != "postgresql":
        return column
    return type_coerce(column, DateTime(timezone=True)).label(column.name)

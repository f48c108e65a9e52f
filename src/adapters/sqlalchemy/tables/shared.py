"""Tables of the shared kernel: idempotency records every context's commands use."""

from __future__ import annotations

from sqlalchemy import JSON, Column, String, Table

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.types import UtcDateTime

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("scope", String(64), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("result", JSON, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

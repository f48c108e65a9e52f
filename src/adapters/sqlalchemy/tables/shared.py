"""Tables of the shared kernel: idempotency records every context's commands use."""

from __future__ import annotations

from sqlalchemy import Column, String, Table

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.tables.columns import document, instant

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("scope", String(64), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    document("result"),
    instant("created_at"),
)

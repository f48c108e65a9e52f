"""Tables of the payment gateway's own journal: one row per idempotent call made to the card processor."""

from __future__ import annotations

from sqlalchemy import Column, String, Table

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.tables.columns import document, instant

payment_gateway_calls = Table(
    "payment_gateway_calls",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    document("outcome", nullable=True),
    instant("created_at"),
)

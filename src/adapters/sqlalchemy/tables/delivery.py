"""The delivery queue: outbound emails and texts waiting for their gateway (see ``adapters.sqlalchemy.delivery``)."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table, Text

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.tables.columns import instant, lease_and_retry

delivery_outbox = Table(
    "delivery_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),  # claim order: oldest first
    Column("channel", String(8), nullable=False),
    Column("payload", Text, nullable=False),  # recipient, subject and text, sealed (they may carry a code)
    instant("created_at"),
    *lease_and_retry("delivery_outbox"),
)

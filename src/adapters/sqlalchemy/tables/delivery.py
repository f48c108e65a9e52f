"""The delivery queue: outbound emails and texts waiting for their gateway (see ``adapters.sqlalchemy.delivery``)."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.types import UtcDateTime
from core.delivery.model import REASON_CHARS

delivery_outbox = Table(
    "delivery_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),  # claim order: oldest first
    Column("channel", String(8), nullable=False),
    Column("payload", Text, nullable=False),  # recipient, subject and text, sealed (they may carry a code)
    Column("created_at", UtcDateTime, nullable=False),
    Column("due_at", UtcDateTime, nullable=True),  # NULL: due at once
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("lease_until", UtcDateTime, nullable=True),
    Column("dead_at", UtcDateTime, nullable=True),
    Column("last_error", String(REASON_CHARS), nullable=True),
    Index("ix_delivery_outbox_dead_at_due_at", "dead_at", "due_at"),
)

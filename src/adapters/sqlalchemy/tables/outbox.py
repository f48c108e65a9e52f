"""The outbox of outbound events and the consumers' inbox (see ``adapters.sqlalchemy.outbox``)."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.types import UtcDateTime
from core.shared.retry import REASON_CHARS

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),  # claim order: oldest first
    Column("event_id", String(40), nullable=False, unique=True),
    Column("topic", String(100), nullable=False),
    Column("payload", Text, nullable=False),  # the event as JSON (adapters.sqlalchemy.outbox_codec)
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("due_at", UtcDateTime, nullable=True),  # NULL: due at once
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("lease_until", UtcDateTime, nullable=True),
    Column("dead_at", UtcDateTime, nullable=True),
    Column("last_error", String(REASON_CHARS), nullable=True),
    Index("ix_outbox_dead_at_due_at", "dead_at", "due_at"),
)

outbox_inbox = Table(  # (consumer, event id) processed: a redelivered event is a no-op for that consumer
    "outbox_inbox",
    metadata,
    Column("consumer", String(100), primary_key=True),
    Column("event_id", String(40), primary_key=True),
    Column("processed_at", UtcDateTime, nullable=False),
)

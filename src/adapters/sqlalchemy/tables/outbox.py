"""The outbox of outbound events and the consumers' inbox (see ``adapters.sqlalchemy.outbox``)."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table, Text

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.tables.columns import ID_CHARS, instant, key, lease_and_retry

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),  # claim order: oldest first
    Column("event_id", String(ID_CHARS), nullable=False, unique=True),
    Column("topic", String(100), nullable=False),
    Column("payload", Text, nullable=False),  # the event as JSON (adapters.sqlalchemy.outbox_codec)
    instant("occurred_at"),
    *lease_and_retry("outbox"),
)

outbox_inbox = Table(  # (consumer, event id) processed: a redelivered event is a no-op for that consumer
    "outbox_inbox",
    metadata,
    Column("consumer", String(100), primary_key=True),
    key("event_id"),
    instant("processed_at"),
)

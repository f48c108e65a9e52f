"""Tables of the onboarding context: wizard positions, verification requests, digest consent and sent log."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.types import UtcDateTime

onboarding_progress = Table(
    "onboarding_progress",
    metadata,
    Column("profile_id", String(40), ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True),
    Column("wizard", String(32), primary_key=True),
    Column("last_step", String(32), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

verification_requests = Table(
    "verification_requests",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("profile_id", String(40), ForeignKey("profiles.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("document_key", String(300), nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("provider_reference", String(120), nullable=False),
    Column("submitted_at", UtcDateTime, nullable=False),
    Column("decided_at", UtcDateTime, nullable=True),
    Column("decided_by", String(80), nullable=True),
    Index("ix_verification_requests_profile_id", "profile_id"),
    Index("ix_verification_requests_status", "status"),
)

notification_preferences = Table(
    "notification_preferences",
    metadata,
    Column("recipient_id", String(40), primary_key=True),
    Column("address", String(254), nullable=False),
    Column("digest_consent", Boolean, nullable=False),
    Column("nudge_consent", Boolean, nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("quiet_start_minute", Integer, nullable=False),
    Column("quiet_end_minute", Integer, nullable=False),
    Column("max_per_week", Integer, nullable=False),
)

notifications_sent = Table(
    "notifications_sent",
    metadata,
    Column("recipient_id", String(40), primary_key=True),
    Column("kind", String(32), primary_key=True),
    Column("period", String(16), primary_key=True),  # ISO week such as 2026-W48
    Column("sent_at", UtcDateTime, nullable=False),
    Index("ix_notifications_sent_recipient_id_sent_at", "recipient_id", "sent_at"),
)

notification_outbox = Table(
    "notification_outbox",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("recipient_id", String(40), nullable=False),
    Column("address", String(254), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_notification_outbox_created_at", "created_at"),
)

"""Tables of the onboarding context: wizard positions, verification requests, digest consent and sent log."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.tables.columns import instant, key, profile, ref

onboarding_progress = Table(
    "onboarding_progress",
    metadata,
    profile(primary_key=True),
    Column("wizard", String(32), primary_key=True),
    Column("last_step", String(32), nullable=False),
    instant("updated_at"),
)

verification_requests = Table(
    "verification_requests",
    metadata,
    key(),
    profile(),
    Column("kind", String(16), nullable=False),
    Column("document_key", String(300), nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("provider_reference", String(120), nullable=False),
    instant("submitted_at"),
    instant("decided_at", nullable=True),
    Column("decided_by", String(80), nullable=True),
    Index("ix_verification_requests_profile_id", "profile_id"),
    Index("ix_verification_requests_status", "status"),
)

notification_preferences = Table(
    "notification_preferences",
    metadata,
    key("recipient_id"),
    Column("address", String(254), nullable=False),
    Column("digest_consent", Boolean, nullable=False),
    Column("nudge_consent", Boolean, nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("quiet_start_minute", Integer, nullable=False),
    Column("quiet_end_minute", Integer, nullable=False),
    Column("max_per_week", Integer, nullable=False),
)

reminder_preferences = Table(  # per user (account): a client without a profile has them too
    "reminder_preferences",
    metadata,
    key("user_id"),
    Column("reminder_consent", Boolean, nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("quiet_start_minute", Integer, nullable=False),
    Column("quiet_end_minute", Integer, nullable=False),
)

notifications_sent = Table(
    "notifications_sent",
    metadata,
    key("recipient_id"),
    Column("kind", String(32), primary_key=True),
    Column("period", String(16), primary_key=True),  # ISO week such as 2026-W48
    instant("sent_at"),
    Index("ix_notifications_sent_recipient_id_sent_at", "recipient_id", "sent_at"),
)

notification_outbox = Table(
    "notification_outbox",
    metadata,
    key(),
    ref("recipient_id"),
    Column("address", String(254), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("body", Text, nullable=False),
    instant("created_at"),
    Index("ix_notification_outbox_created_at", "created_at"),
)

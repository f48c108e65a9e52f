"""Messaging: threads (both parties' seats as a document), each party's inbox folders, messages, reports, audit."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text, UniqueConstraint, false

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.tables.columns import document, instant, key, ref, version

messaging_threads = Table(
    "messaging_threads",
    metadata,
    key(),
    Column("kind", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    ref("booking_id", nullable=True),
    ref("starter_id"),
    ref("recipient_id"),
    instant("created_at"),
    instant("last_message_at"),
    Column("preview", String(200), nullable=False),
    ref("blocked_by", nullable=True),
    Column("phone_allowed", Boolean, nullable=False),
    document("seats"),
    version(),
    Column("awaiting_notice", Boolean, nullable=False, server_default=false()),  # Thread.awaiting_notice() holds
    UniqueConstraint("booking_id"),
    Index("ix_messaging_threads_starter_id_created_at", "starter_id", "created_at"),
    Index("ix_messaging_threads_recipient_id", "recipient_id"),
    Index("ix_messaging_threads_awaiting_notice_last_message_at", "awaiting_notice", "last_message_at"),
)

messaging_notice_preferences = Table(  # absent: the defaults (notices on, UTC, quiet 22:00-08:00)
    "messaging_notice_preferences",
    metadata,
    key("user_id"),
    Column("email_consent", Boolean, nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("quiet_start_minute", Integer, nullable=False),
    Column("quiet_end_minute", Integer, nullable=False),
)

messaging_inbox = Table(  # one row per (party, folder) a thread shows in, kept by every save: the inbox's keyset
    "messaging_inbox",
    metadata,
    key("user_id"),
    Column("folder", String(20), primary_key=True),
    key("thread_id"),
    instant("last_message_at"),
    Index(
        "ix_messaging_inbox_user_id_folder_last_message_at_thread_id",
        "user_id",
        "folder",
        "last_message_at",
        "thread_id",
    ),
    Index("ix_messaging_inbox_thread_id", "thread_id"),
)

messaging_messages = Table(
    "messaging_messages",
    metadata,
    key(),
    ref("thread_id"),
    ref("sender_id", nullable=True),
    Column("body", Text, nullable=False),
    Column("shown_body", Text, nullable=False),
    Column("client_message_id", String(100), nullable=True),
    instant("sent_at"),
    Column("action", String(8), nullable=False),
    document("kinds"),
    UniqueConstraint("thread_id", "sender_id", "client_message_id"),
    Index("ix_messaging_messages_thread_id_sent_at_id", "thread_id", "sent_at", "id"),
)

messaging_reports = Table(
    "messaging_reports",
    metadata,
    key(),
    ref("thread_id"),
    ref("reporter_id"),
    ref("reported_id"),
    Column("reason", String(1000), nullable=False),
    document("message_ids"),
    instant("created_at"),
    Index("ix_messaging_reports_reported_id", "reported_id"),
)

messaging_audit = Table(  # append-only: staff who read a thread they are no party to
    "messaging_audit",
    metadata,
    key(),
    ref("staff_user_id"),
    ref("thread_id"),
    Column("action", String(20), nullable=False),
    instant("at"),
    Index("ix_messaging_audit_thread_id", "thread_id"),
)

messaging_attachments = Table(  # images posted with messages: private renditions, moderation status, the message
    "messaging_attachments",
    metadata,
    key(),
    ref("owner_id"),
    Column("content_type", String(40), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    document("variants"),
    document("verdict"),
    instant("created_at"),
    ref("message_id", nullable=True),
    ref("thread_id", nullable=True),
    Index("ix_messaging_attachments_message_id", "message_id"),
    Index("ix_messaging_attachments_owner_id", "owner_id"),
    Index("ix_messaging_attachments_status_created_at", "status", "created_at"),
)

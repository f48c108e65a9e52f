"""Tables of the moderation context: the reports staff work through (their decisions are in the audit log too) and
the strikes their decisions add."""

from __future__ import annotations

from sqlalchemy import Column, Index, String, Table, Text

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.tables.columns import created_and_updated, document, instant, key, ref, version

moderation_reports = Table(
    "moderation_reports",
    metadata,
    key(),
    ref("reporter_id"),
    Column("target_kind", String(16), nullable=False),
    Column("target_id", String(80), nullable=False),
    Column("reason", String(24), nullable=False),
    Column("body", Text, nullable=False),
    Column("status", String(24), nullable=False),
    ref("assignee_id", nullable=True),
    document("decision", nullable=True),  # action, reason, by, at, approved_by
    *created_and_updated(),
    version(),
    ref("responsible_id", nullable=True),  # migration 0022b: the account answering for the target when filed
    Index("ix_moderation_reports_status_created_at", "status", "created_at"),
    Index("ix_moderation_reports_target_kind_target_id", "target_kind", "target_id"),
    Index("ix_moderation_reports_reporter_id_created_at", "reporter_id", "created_at"),
    Index("ix_moderation_reports_responsible_id_created_at", "responsible_id", "created_at"),
)

moderation_strikes = Table(
    "moderation_strikes",
    metadata,
    key(),
    ref("user_id"),
    ref("report_id"),
    Column("action", String(16), nullable=False),
    instant("issued_at"),
    instant("expires_at"),
    Index("ix_moderation_strikes_user_id_issued_at", "user_id", "issued_at"),
)

moderation_takedowns = Table(
    "moderation_takedowns",
    metadata,
    key(),
    Column("status", String(16), nullable=False),
    Column("target_kind", String(16), nullable=False),
    Column("target_id", String(80), nullable=False),
    document("notice"),  # claimant name and email, work, target as given, statements, signature
    instant("received_at"),
    instant("acknowledged_at", nullable=True),
    instant("acted_at", nullable=True),
    ref("staff_id", nullable=True),
    Column("reason", Text, nullable=False),
    document("counter", nullable=True),  # owner_id, statement, signature, at
    instant("restorable_at", nullable=True),
    ref("proposed_by", nullable=True),  # dual control: who proposed the removal (never its approver)
    instant("proposed_at", nullable=True),
    version(),
    Index("ix_moderation_takedowns_status_received_at", "status", "received_at"),
)

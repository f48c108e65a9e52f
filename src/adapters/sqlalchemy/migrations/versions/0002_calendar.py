"""Calendar: schedules, imported feeds and their busy events, export feeds and events, the availability index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.types import UtcDateTime

revision = "0002"
down_revision = "0001"
branch_labels = ("calendar",)
depends_on = None

_MINUTES = ("buffer_before", "buffer_after", "min_duration", "granularity", "min_notice", "booking_window")


def upgrade() -> None:
    op.create_table(
        "calendar_schedules",
        sa.Column("owner_id", sa.String(40), nullable=False),
        sa.Column("zone", sa.String(64), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("exceptions", sa.JSON(), nullable=False),
        sa.Column("blackouts", sa.JSON(), nullable=False),
        *(sa.Column(f"{name}_minutes", sa.Integer(), nullable=False) for name in _MINUTES),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("owner_id", name="pk_calendar_schedules"),
    )
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("owner_id", sa.String(40), nullable=False),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.String(100), nullable=True),
        sa.Column("last_error_kind", sa.String(16), nullable=True),
        sa.Column("last_error_detail", sa.Text(), nullable=True),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("last_synced_at", UtcDateTime(), nullable=True),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_calendar_feeds"),
    )
    op.create_index("ix_calendar_feeds_owner_id", "calendar_feeds", ["owner_id"])
    op.create_index("ix_calendar_feeds_next_attempt_at", "calendar_feeds", ["next_attempt_at"])
    op.create_table(
        "calendar_feed_events",
        sa.Column("feed_id", sa.String(40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.String(40), nullable=False),
        sa.Column("uid", sa.Text(), nullable=False),
        sa.Column("start_at", UtcDateTime(), nullable=False),
        sa.Column("end_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["feed_id"],
            ["calendar_feeds.id"],
            name="fk_calendar_feed_events_feed_id_calendar_feeds",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("feed_id", "position", name="pk_calendar_feed_events"),
    )
    op.create_index("ix_calendar_feed_events_owner_id_start_at", "calendar_feed_events", ["owner_id", "start_at"])
    op.create_table(
        "calendar_export_feeds",
        sa.Column("owner_id", sa.String(40), nullable=False),
        sa.Column("token_digest", sa.String(80), nullable=False),
        sa.Column("issued_at", UtcDateTime(), nullable=False),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("owner_id", name="pk_calendar_export_feeds"),
        sa.UniqueConstraint("token_digest", name="uq_calendar_export_feeds_token_digest"),
    )
    op.create_table(
        "calendar_export_events",
        sa.Column("owner_id", sa.String(40), nullable=False),
        sa.Column("booking_id", sa.String(40), nullable=False),
        sa.Column("uid", sa.String(120), nullable=False),
        sa.Column("start_at", UtcDateTime(), nullable=False),
        sa.Column("end_at", UtcDateTime(), nullable=False),
        sa.Column("summary", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["calendar_export_feeds.owner_id"],
            name="fk_calendar_export_events_owner_id_calendar_export_feeds",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", "booking_id", name="pk_calendar_export_events"),
    )
    op.create_table(
        "availability_index",
        sa.Column("profile_id", sa.String(40), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("bookable_minutes", sa.JSON(), nullable=False),
        sa.Column("total_minutes", sa.Integer(), nullable=False),
        sa.Column("first_slot", UtcDateTime(), nullable=True),
        sa.Column("refreshed_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("profile_id", name="pk_availability_index"),
    )
    op.create_index("ix_availability_index_total_minutes", "availability_index", ["total_minutes"])


def downgrade() -> None:
    op.drop_index("ix_availability_index_total_minutes", table_name="availability_index")
    op.drop_table("availability_index")
    op.drop_table("calendar_export_events")
    op.drop_table("calendar_export_feeds")
    op.drop_index("ix_calendar_feed_events_owner_id_start_at", table_name="calendar_feed_events")
    op.drop_table("calendar_feed_events")
    op.drop_index("ix_calendar_feeds_next_attempt_at", table_name="calendar_feeds")
    op.drop_index("ix_calendar_feeds_owner_id", table_name="calendar_feeds")
    op.drop_table("calendar_feeds")
    op.drop_table("calendar_schedules")

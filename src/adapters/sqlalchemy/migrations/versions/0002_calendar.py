"""Calendar: schedules, imported feeds and their busy events, export feeds and events, the availability index.

Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.migrations import shapes

revision = "0002"
down_revision = "0001"
branch_labels = ("calendar",)

_MINUTES = ("buffer_before", "buffer_after", "min_duration", "granularity", "min_notice", "booking_window")


def upgrade() -> None:
    shapes.create_table(
        "calendar_schedules",
        shapes.key("owner_id"),
        sa.Column("zone", sa.String(64), nullable=False),
        *(shapes.document(name) for name in ("rules", "exceptions", "blackouts")),
        *(sa.Column(f"{name}_minutes", sa.Integer(), nullable=False) for name in _MINUTES),
        sa.Column("version", sa.Integer(), nullable=False),
        shapes.instant("updated_at"),
        primary_key=("owner_id",),
    )
    shapes.create_table(
        "calendar_feeds",
        shapes.key(),
        shapes.key("owner_id"),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.String(100), nullable=True),
        sa.Column("last_error_kind", sa.String(16), nullable=True),
        sa.Column("last_error_detail", sa.Text(), nullable=True),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        shapes.instant("last_synced_at", nullable=True),
        shapes.instant("next_attempt_at", nullable=True),
    )
    shapes.create_index("calendar_feeds", "owner_id")
    shapes.create_index("calendar_feeds", "next_attempt_at")
    shapes.create_table(
        "calendar_feed_events",
        *shapes.owned_by("calendar_feed_events", "feed_id", "calendar_feeds.id"),
        sa.Column("position", sa.Integer(), nullable=False),
        shapes.key("owner_id"),
        sa.Column("uid", sa.Text(), nullable=False),
        shapes.instant("start_at"),
        shapes.instant("end_at"),
        primary_key=("feed_id", "position"),
    )
    shapes.create_index("calendar_feed_events", "owner_id", "start_at")
    shapes.create_table(
        "calendar_export_feeds",
        shapes.key("owner_id"),
        sa.Column("token_digest", sa.String(80), nullable=False),
        shapes.instant("issued_at"),
        shapes.instant("revoked_at", nullable=True),
        shapes.unique("calendar_export_feeds", "token_digest"),
        primary_key=("owner_id",),
    )
    shapes.create_table(
        "calendar_export_events",
        *shapes.owned_by("calendar_export_events", "owner_id", "calendar_export_feeds.owner_id"),
        shapes.key("booking_id"),
        sa.Column("uid", sa.String(120), nullable=False),
        shapes.instant("start_at"),
        shapes.instant("end_at"),
        sa.Column("summary", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        shapes.instant("updated_at"),
        primary_key=("owner_id", "booking_id"),
    )
    shapes.create_table(
        "availability_index",
        shapes.key("profile_id"),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        shapes.document("bookable_minutes"),
        sa.Column("total_minutes", sa.Integer(), nullable=False),
        shapes.instant("first_slot", nullable=True),
        shapes.instant("refreshed_at"),
        primary_key=("profile_id",),
    )
    shapes.create_index("availability_index", "total_minutes")


def downgrade() -> None:
    shapes.drop_index("availability_index", "total_minutes")
    op.drop_table("availability_index")
    op.drop_table("calendar_export_events")
    op.drop_table("calendar_export_feeds")
    shapes.drop_index("calendar_feed_events", "owner_id", "start_at")
    op.drop_table("calendar_feed_events")
    shapes.drop_index("calendar_feeds", "next_attempt_at")
    shapes.drop_index("calendar_feeds", "owner_id")
    op.drop_table("calendar_feeds")
    op.drop_table("calendar_schedules")

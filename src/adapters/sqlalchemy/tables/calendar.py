"""Tables of the calendar context: schedules, imported feeds and their events, export feeds, the index."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Date, ForeignKey, Index, Integer, String, Table, Text

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.types import UtcDateTime

# One row per owner (a profile id). Rules, exceptions and blackouts are replaced as a whole with the
# schedule, so they are JSON documents; the scalar constraints are whole minutes.
calendar_schedules = Table(
    "calendar_schedules",
    metadata,
    Column("owner_id", String(40), primary_key=True),
    Column("zone", String(64), nullable=False),
    Column("rules", JSON, nullable=False),
    Column("exceptions", JSON, nullable=False),
    Column("blackouts", JSON, nullable=False),
    Column("buffer_before_minutes", Integer, nullable=False),
    Column("buffer_after_minutes", Integer, nullable=False),
    Column("min_duration_minutes", Integer, nullable=False),
    Column("granularity_minutes", Integer, nullable=False),
    Column("min_notice_minutes", Integer, nullable=False),
    Column("booking_window_minutes", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

calendar_feeds = Table(
    "calendar_feeds",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("owner_id", String(40), nullable=False),
    Column("source", String(8), nullable=False),
    Column("url", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("etag", Text, nullable=True),
    Column("last_modified", String(100), nullable=True),
    Column("last_error_kind", String(16), nullable=True),
    Column("last_error_detail", Text, nullable=True),
    Column("consecutive_failures", Integer, nullable=False),
    Column("last_synced_at", UtcDateTime, nullable=True),
    Column("next_attempt_at", UtcDateTime, nullable=True),
    Index("ix_calendar_feeds_owner_id", "owner_id"),
    Index("ix_calendar_feeds_next_attempt_at", "next_attempt_at"),
)

calendar_feed_events = Table(
    "calendar_feed_events",
    metadata,
    Column("feed_id", String(40), ForeignKey("calendar_feeds.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("owner_id", String(40), nullable=False),
    Column("uid", Text, nullable=False),
    Column("start_at", UtcDateTime, nullable=False),
    Column("end_at", UtcDateTime, nullable=False),
    Index("ix_calendar_feed_events_owner_id_start_at", "owner_id", "start_at"),
)

calendar_export_feeds = Table(
    "calendar_export_feeds",
    metadata,
    Column("owner_id", String(40), primary_key=True),
    Column("token_digest", String(80), nullable=False, unique=True),
    Column("issued_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime, nullable=True),
)

calendar_export_events = Table(
    "calendar_export_events",
    metadata,
    Column("owner_id", String(40), ForeignKey("calendar_export_feeds.owner_id", ondelete="CASCADE"), primary_key=True),
    Column("booking_id", String(40), primary_key=True),
    Column("uid", String(120), nullable=False),
    Column("start_at", UtcDateTime, nullable=False),
    Column("end_at", UtcDateTime, nullable=False),
    Column("summary", String(200), nullable=False),
    Column("status", String(16), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

availability_index = Table(
    "availability_index",
    metadata,
    Column("profile_id", String(40), primary_key=True),
    Column("from_date", Date, nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("bookable_minutes", JSON, nullable=False),  # 14 whole numbers, one per local day from from_date
    Column("total_minutes", Integer, nullable=False),
    Column("first_slot", UtcDateTime, nullable=True),
    Column("refreshed_at", UtcDateTime, nullable=False),
    Index("ix_availability_index_total_minutes", "total_minutes"),
)

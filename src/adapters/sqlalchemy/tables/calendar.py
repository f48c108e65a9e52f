"""Tables of the calendar context: schedules, imported feeds and their events, export feeds, the index."""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, Integer, String, Table, Text

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.tables.columns import document, instant, key, owned_by, ref, span, version

_MINUTES = ("buffer_before", "buffer_after", "min_duration", "granularity", "min_notice", "booking_window")

# One row per owner (a profile id). Rules, exceptions and blackouts are replaced as a whole with the
# schedule, so they are JSON documents; the scalar constraints are whole minutes.
calendar_schedules = Table(
    "calendar_schedules",
    metadata,
    key("owner_id"),
    Column("zone", String(64), nullable=False),
    *(document(name) for name in ("rules", "exceptions", "blackouts")),
    *(Column(f"{name}_minutes", Integer, nullable=False) for name in _MINUTES),
    version(),
    instant("updated_at"),
)

calendar_feeds = Table(
    "calendar_feeds",
    metadata,
    key(),
    ref("owner_id"),
    Column("source", String(8), nullable=False),
    Column("url", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("etag", Text, nullable=True),
    Column("last_modified", String(100), nullable=True),
    Column("last_error_kind", String(16), nullable=True),
    Column("last_error_detail", Text, nullable=True),
    Column("consecutive_failures", Integer, nullable=False),
    instant("last_synced_at", nullable=True),
    instant("next_attempt_at", nullable=True),
    Index("ix_calendar_feeds_owner_id", "owner_id"),
    Index("ix_calendar_feeds_next_attempt_at", "next_attempt_at"),
)

calendar_feed_events = Table(
    "calendar_feed_events",
    metadata,
    owned_by("feed_id", "calendar_feeds.id", primary_key=True),
    Column("position", Integer, primary_key=True),
    ref("owner_id"),
    Column("uid", Text, nullable=False),
    *span(),
    Index("ix_calendar_feed_events_owner_id_start_at", "owner_id", "start_at"),
)

calendar_export_feeds = Table(
    "calendar_export_feeds",
    metadata,
    key("owner_id"),
    Column("token_digest", String(80), nullable=False, unique=True),
    instant("issued_at"),
    instant("revoked_at", nullable=True),
)

calendar_export_events = Table(
    "calendar_export_events",
    metadata,
    owned_by("owner_id", "calendar_export_feeds.owner_id", primary_key=True),
    key("booking_id"),
    Column("uid", String(120), nullable=False),
    *span(),
    Column("summary", String(200), nullable=False),
    Column("status", String(16), nullable=False),
    Column("sequence", Integer, nullable=False),
    instant("updated_at"),
)

availability_index = Table(
    "availability_index",
    metadata,
    key("profile_id"),
    Column("from_date", Date, nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    document("bookable_minutes"),  # 14 whole numbers, one per local day from from_date
    Column("total_minutes", Integer, nullable=False),
    instant("first_slot", nullable=True),
    instant("refreshed_at"),
    Index("ix_availability_index_total_minutes", "total_minutes"),
)

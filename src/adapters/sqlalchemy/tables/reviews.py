"""Tables of the reviews context: one review window per completed booking, and the (at most two) reviews in it.

``reviews`` is read by subject for the public page and reputation (``ix_reviews_subject_id_published_at``) and
holds one review per side per booking (``uq_reviews_booking_id_side``), the store's own guard behind the aggregate.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text, UniqueConstraint, text

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.tables.columns import document, instant, key, owned_by, ref, version

review_windows = Table(
    "review_windows",
    metadata,
    key("booking_id"),  # the booking's id (its context's table is not referred to: contexts own their tables)
    Column("client_id", String(80), nullable=False),
    ref("provider_id"),
    instant("closes_at"),
    instant("published_at", nullable=True),
    version(),
    instant("next_reminder_at", nullable=True),
    Index("ix_review_windows_published_at_closes_at", "published_at", "closes_at"),  # the publication sweep
    Index("ix_review_windows_next_reminder_at", "next_reminder_at"),  # the reminder sweep
)

review_reminders = Table(  # the (side, day) reminders a window has had: each at most once
    "review_reminders",
    metadata,
    owned_by("booking_id", "review_windows.booking_id", primary_key=True),
    Column("side", String(8), primary_key=True),
    Column("day", Integer, primary_key=True),
)

reviews = Table(
    "reviews",
    metadata,
    key(),
    owned_by("booking_id", "review_windows.booking_id"),
    Column("side", String(8), nullable=False),
    Column("author_id", String(80), nullable=False),
    Column("subject_id", String(80), nullable=False),
    Column("overall", Integer, nullable=False),
    document("aspects"),  # [[name, stars], ...]
    Column("would_work_again", Boolean, nullable=True),
    Column("body", Text, nullable=False),
    instant("submitted_at"),
    instant("updated_at"),
    instant("published_at", nullable=True),
    Column("response", Text, nullable=True),
    instant("responded_at", nullable=True),
    Column("hidden", Boolean, nullable=False),
    UniqueConstraint("booking_id", "side"),
    Index("ix_reviews_subject_id_published_at", "subject_id", "published_at"),
    # the public reviews' stars by subject: reputation (one subject, a batch, every one) from an index-only scan;
    # the predicates are the ones the queries render (``published_at IS NOT NULL AND hidden IS false``)
    Index(
        "ix_reviews_public_subject_id_overall",
        "subject_id",
        "overall",
        postgresql_where=text("published_at IS NOT NULL AND hidden IS false"),
        sqlite_where=text("published_at IS NOT NULL AND hidden IS 0"),
    ),
)

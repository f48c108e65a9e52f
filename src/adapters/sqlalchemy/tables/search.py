"""The SQL search index (``adapters.sqlalchemy.search``): one row per profile ever indexed (a tombstone once
unlisted, keeping its version), bookable minutes per day, and the suggestion terms. The full-text index is
dialect-specific and lives in the migration only: an FTS5 table on SQLite, a GIN index on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, Float, Index, Integer, String, Table, Text

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.tables.columns import instant, key

search_people = Table(
    "search_people",
    metadata,
    key(),
    Column("source_version", BigInteger, nullable=False),
    Column("listed", Boolean, nullable=False),
    Column("document", Text, nullable=True),  # the SearchDocument as JSON; NULL for a tombstone
    Column("body", Text, nullable=False, server_default=""),  # search_text: the words a query matches
    Column("city", String(80), nullable=False, server_default=""),
    Column("roles", String(200), nullable=False, server_default=""),  # "|photographer|model|"
    Column("tags", Text, nullable=False, server_default=""),
    Column("languages", String(200), nullable=False, server_default=""),
    Column("price_low", BigInteger, nullable=True),
    Column("price_high", BigInteger, nullable=True),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    Column("verified", Boolean, nullable=False, server_default="0"),
    Column("instant_book", Boolean, nullable=False, server_default="0"),
    Column("safe", Boolean, nullable=False, server_default="0"),
    Column("static_score", Float, nullable=False, server_default="0"),
    instant("created_at", nullable=True),
    # migration 0015b_search_studios: the kind (a tombstone keeps it), a studio's amenities and capacity
    Column("kind", String(10), nullable=False, server_default="provider"),
    Column("amenities", Text, nullable=False, server_default=""),
    Column("capacity", Integer, nullable=True),
    Index("ix_search_people_listed_city", "listed", "city"),
)

search_people_days = Table(
    "search_people_days",
    metadata,
    Column("profile_id", String(40), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("minutes", Integer, nullable=False),
)

search_terms = Table(
    "search_terms",
    metadata,
    Column("profile_id", String(40), primary_key=True),
    Column("normal", String(200), primary_key=True),  # the term as normalised words, what a prefix matches
    Column("term", String(200), nullable=False),
    Index("ix_search_terms_normal", "normal"),
)

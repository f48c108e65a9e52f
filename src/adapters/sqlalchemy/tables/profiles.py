"""Tables of the profiles context."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, Float, Index, Integer, String, Table, Text, text

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.tables.columns import created_and_updated, document, key, profile, ref, version

_LISTS = ("tags", "languages", "links", "packages")

profiles = Table(
    "profiles",
    metadata,
    key(),
    Column("kind", String(16), nullable=False),
    Column("slug", String(80), nullable=False, unique=True),
    Column("display_name", String(120), nullable=False),
    Column("headline", String(160), nullable=False),
    Column("bio", Text, nullable=False),
    Column("city", String(80), nullable=False),
    Column("status", String(16), nullable=False),
    version(),
    *created_and_updated(),
    # owner-edited details (migration 0006); lists are JSON arrays, money is minor units + one currency
    *(Column(name, JSON, nullable=False, server_default=text("'[]'")) for name in _LISTS),
    Column("geo_lat", Float, nullable=True),
    Column("geo_lon", Float, nullable=True),
    Column("price_min_amount", BigInteger, nullable=True),
    Column("price_max_amount", BigInteger, nullable=True),
    Column("price_currency", String(3), nullable=True),
    document("studio", nullable=True),  # contact, address, amenities, hourly band, deposit
    ref("owner_user_id", nullable=True),  # migration 0007; None for seeded/demo profiles
    Index("ix_profiles_city", "city"),
    Index("ix_profiles_owner_user_id", "owner_user_id"),  # migration 0007c: a user's profiles (export, deletion)
)

profile_roles = Table(
    "profile_roles",
    metadata,
    profile(primary_key=True),
    Column("role", String(32), primary_key=True),
    Index("ix_profile_roles_role", "role"),
)

service_profiles = Table(
    "service_profiles",
    metadata,
    key(),
    profile(),
    Column("role", String(32), nullable=True),
    Column("title", String(160), nullable=False),
    Column("hourly_rate_amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("min_duration_minutes", Integer, nullable=False),
    Column("instant_book", Boolean, nullable=False),
    Column("cancellation_policy", String(16), nullable=False, server_default="moderate"),
    Index("ix_service_profiles_profile_id", "profile_id"),
)

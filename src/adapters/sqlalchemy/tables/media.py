"""Tables of the media context: one row per portfolio media item; variants, verdict and crop as JSON."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, String, Table, Text

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.tables.columns import created_and_updated, document, instant, key, profile, version

media_assets = Table(
    "media_assets",
    metadata,
    key(),
    profile(),
    Column("original_key", String(300), nullable=False),
    Column("declared_type", String(40), nullable=False),
    Column("declared_size", BigInteger, nullable=False),
    Column("status", String(20), nullable=False),
    Column("position", Integer, nullable=False),
    Column("is_cover", Boolean, nullable=False),
    version(),
    Column("revision", Integer, nullable=False),
    Column("content_type", String(40), nullable=True),
    Column("width", Integer, nullable=True),
    Column("height", Integer, nullable=True),
    Column("original_digest", String(64), nullable=True),
    document("variants"),
    document("crop", nullable=True),
    document("verdict", nullable=True),
    Column("review_approved", Boolean, nullable=True),
    Column("reviewed_by", String(80), nullable=True),
    Column("review_reason", Text, nullable=True),
    instant("reviewed_at", nullable=True),
    *created_and_updated(),
    instant("upload_expires_at"),
    Index("ix_media_assets_profile_id_position", "profile_id", "position"),
    Index("ix_media_assets_status_updated_at", "status", "updated_at"),
)

"""Tables of the media context: one row per portfolio media item; variants, verdict and crop as JSON."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, ForeignKey, Index, Integer, String, Table, Text

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.types import UtcDateTime

media_assets = Table(
    "media_assets",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("profile_id", String(40), ForeignKey("profiles.id", ondelete="CASCADE"), nullable=False),
    Column("original_key", String(300), nullable=False),
    Column("declared_type", String(40), nullable=False),
    Column("declared_size", BigInteger, nullable=False),
    Column("status", String(20), nullable=False),
    Column("position", Integer, nullable=False),
    Column("is_cover", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("content_type", String(40), nullable=True),
    Column("width", Integer, nullable=True),
    Column("height", Integer, nullable=True),
    Column("original_digest", String(64), nullable=True),
    Column("variants", JSON, nullable=False),
    Column("crop", JSON, nullable=True),
    Column("verdict", JSON, nullable=True),
    Column("review_approved", Boolean, nullable=True),
    Column("reviewed_by", String(80), nullable=True),
    Column("review_reason", Text, nullable=True),
    Column("reviewed_at", UtcDateTime, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("upload_expires_at", UtcDateTime, nullable=False),
    Index("ix_media_assets_profile_id_position", "profile_id", "position"),
    Index("ix_media_assets_status_updated_at", "status", "updated_at"),
)

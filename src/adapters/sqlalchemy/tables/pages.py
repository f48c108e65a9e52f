"""Pages: the public profile views, one row per profile, rebuilt by events (``core.pages``)."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Index, Integer, String, Table

from adapters.sqlalchemy.tables.base import metadata

public_views = Table(
    "public_views",
    metadata,
    Column("profile_id", String(40), primary_key=True),  # no foreign key: a read model, marked before it is built
    Column("slug", String(80), nullable=True),
    Column("generation", Integer, nullable=False),  # grows with every change marked
    Column("built_generation", Integer, nullable=True),  # the generation the document was built at
    Column("version", String(40), nullable=True),  # the document's digest
    Column("document", JSON, nullable=True),
    Index("ix_public_views_slug", "slug"),
)

"""Search synonyms operators edit (``core.search.synonyms``): one row per term, its expansions as a JSON list."""

from __future__ import annotations

from sqlalchemy import JSON, Column, String, Table

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.types import UtcDateTime

search_synonyms = Table(
    "search_synonyms",
    metadata,
    Column("term", String(40), primary_key=True),  # one normalised word
    Column("expansions", JSON, nullable=False),  # normalised phrases, sorted
    Column("updated_at", UtcDateTime, nullable=False),
)

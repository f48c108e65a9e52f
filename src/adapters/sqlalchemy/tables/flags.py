"""Kill switches: the current state of each switch an operator set, and every change (``core.flags``)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Integer, String, Table

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.types import UtcDateTime
from core.flags.model import MAX_REASON


def _state_columns() -> list[Column[object]]:
    return [
        Column("is_on", Boolean, nullable=False),
        Column("reason", String(MAX_REASON), nullable=False),
        Column("changed_by", String(64), nullable=False),
        Column("changed_at", UtcDateTime, nullable=False),
    ]


flags = Table("flags", metadata, Column("name", String(40), primary_key=True), *_state_columns())

flag_changes = Table(  # append-only: who turned what on or off, when, and why
    "flag_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(40), nullable=False),
    *_state_columns(),
)

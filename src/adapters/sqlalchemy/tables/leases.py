"""Sweep leases: one row per periodic job a worker holds (``adapters.sqlalchemy.sweep_leases``)."""

from __future__ import annotations

from sqlalchemy import Column, String, Table

from adapters.sqlalchemy.tables.base import metadata
from adapters.sqlalchemy.tables.columns import instant

sweep_leases = Table(
    "sweep_leases",
    metadata,
    Column("name", String(80), primary_key=True),
    Column("holder", String(80), nullable=False),
    instant("expires_at"),
)

"""Column groups the tables share: the same kind of value stored the same way in every context.

Each helper builds new ``Column`` objects (a column belongs to one table). The migrations do not use these:
they are history and have their own frozen shapes (``adapters.sqlalchemy.migrations.shapes``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, Integer, String

from adapters.sqlalchemy.types import UtcDateTime
from core.shared.retry import REASON_CHARS

ID_CHARS = 40  # every platform id (profiles, users, bookings, media, ...) fits in this many characters


def key(name: str = "id") -> Column[Any]:
    """The row's own id, its primary key (or one part of it)."""
    return Column(name, String(ID_CHARS), primary_key=True)


def ref(name: str, *, nullable: bool = False) -> Column[Any]:
    """The id of something this row points at without a foreign key (often in another context)."""
    return Column(name, String(ID_CHARS), nullable=nullable)


def owned_by(name: str, target: str, *, primary_key: bool = False) -> Column[Any]:
    """The id of the row (``target``, "table.column") this one belongs to: deleted when that row is."""
    owner = ForeignKey(target, ondelete="CASCADE")
    if primary_key:
        return Column(name, String(ID_CHARS), owner, primary_key=True)
    return Column(name, String(ID_CHARS), owner, nullable=False)


def profile(*, primary_key: bool = False) -> Column[Any]:
    """``profile_id``: the profile this row belongs to."""
    return owned_by("profile_id", "profiles.id", primary_key=primary_key)


def user(*, primary_key: bool = False) -> Column[Any]:
    """``user_id``: the account this row belongs to."""
    return owned_by("user_id", "identity_users.id", primary_key=primary_key)


def instant(name: str, *, nullable: bool = False) -> Column[Any]:
    """An aware UTC instant."""
    return Column(name, UtcDateTime, nullable=nullable)


def document(name: str, *, nullable: bool = False) -> Column[Any]:
    """A JSON document, read and replaced as a whole with its row."""
    return Column(name, JSON, nullable=nullable)


def version() -> Column[Any]:
    """``version``: optimistic concurrency, checked and bumped by every save."""
    return Column("version", Integer, nullable=False)


def created_and_updated() -> tuple[Column[Any], Column[Any]]:
    """``created_at`` and ``updated_at``."""
    return instant("created_at"), instant("updated_at")


def span() -> tuple[Column[Any], Column[Any]]:
    """``start_at`` and ``end_at``: a half-open interval of time."""
    return instant("start_at"), instant("end_at")


def amounts(*names: str) -> tuple[Column[Any], ...]:
    """``<name>_amount`` for each name: money in minor units (the currency is a column of its own)."""
    return tuple(Column(f"{name}_amount", BigInteger, nullable=False) for name in names)


def lease_and_retry(table: str) -> tuple[Column[Any] | Index, ...]:
    """The columns a durable queue claims, retries and buries its rows by (``adapters.sqlalchemy.leased_rows``),
    and the index its claim reads."""
    return (
        instant("due_at", nullable=True),  # NULL: due at once
        Column("attempts", Integer, nullable=False, server_default="0"),
        instant("lease_until", nullable=True),
        instant("dead_at", nullable=True),
        Column("last_error", String(REASON_CHARS), nullable=True),
        Index(f"ix_{table}_dead_at_due_at", "dead_at", "due_at"),
    )

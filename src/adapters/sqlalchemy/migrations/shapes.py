"""Shapes the migrations share: columns, keys and indexes named once, frozen like the migrations that use them.

A released migration is history: what it creates must never change, and so neither may anything it calls.
Add a new helper, never change one: not its output, not a default, not a name it builds. A schema that needs
another shape gets another helper. Nothing here may read the live tables (``adapters.sqlalchemy.tables``),
which move on with the code. This module sits beside ``versions/``, not in it, so Alembic never takes it for
a revision.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from adapters.sqlalchemy.types import UtcDateTime


def key(name: str = "id", *, nullable: bool = False) -> sa.Column[Any]:
    """A platform id (of this row or of another): a string of at most 40 characters."""
    return sa.Column(name, sa.String(40), nullable=nullable)


def instant(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    """An aware UTC instant."""
    return sa.Column(name, UtcDateTime(), nullable=nullable)


def document(name: str, *, nullable: bool = False) -> sa.Column[Any]:
    """A JSON document, replaced as a whole with its row."""
    return sa.Column(name, sa.JSON(), nullable=nullable)


def created_and_updated() -> tuple[sa.Column[Any], sa.Column[Any]]:
    """``created_at`` then ``updated_at``, both required."""
    return instant("created_at"), instant("updated_at")


def cascade(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    """``column`` of ``table`` refers to ``target`` ("table.column") and is deleted with it.

    Named as the metadata's naming convention names it: ``fk_<table>_<column>_<referred table>``.
    """
    return sa.ForeignKeyConstraint(
        [column], [target], name=f"fk_{table}_{column}_{target.split('.')[0]}", ondelete="CASCADE"
    )


def owned_by(table: str, column: str, target: str) -> tuple[sa.Column[Any], sa.ForeignKeyConstraint]:
    """An id column (``key``) of ``table`` with its ``cascade`` to ``target``, to splice into ``create_table``."""
    return key(column), cascade(table, column, target)


def profile_owned(table: str) -> tuple[sa.Column[Any], sa.ForeignKeyConstraint]:
    """``owned_by`` the profile: ``profile_id`` of ``table``, deleted with its row of ``profiles``."""
    return owned_by(table, "profile_id", "profiles.id")


def unique(table: str, column: str) -> sa.UniqueConstraint:
    """``column`` holds no value twice, as ``uq_<table>_<column>``."""
    return sa.UniqueConstraint(column, name=f"uq_{table}_{column}")


def create_table(name: str, *items: sa.SchemaItem, primary_key: tuple[str, ...] = ("id",)) -> None:
    """Create ``name`` with ``items`` and its primary key over ``primary_key``, named ``pk_<name>``."""
    op.create_table(name, *items, sa.PrimaryKeyConstraint(*primary_key, name=f"pk_{name}"))


def create_index(table: str, *columns: str) -> None:
    """A plain index over ``columns``, named ``ix_<table>_<columns joined by _>``."""
    op.create_index(f"ix_{table}_{'_'.join(columns)}", table, list(columns))


def drop_index(table: str, *columns: str) -> None:
    """Drop what ``create_index(table, *columns)`` created."""
    op.drop_index(f"ix_{table}_{'_'.join(columns)}", table_name=table)


def create_leased_queue(name: str, *items: sa.SchemaItem) -> None:
    """A durable queue: an autoincrementing id (claim order), ``items``, then the lease and retry columns,
    indexed for the claim (``dead_at``, ``due_at``). The primary key keeps the database's default name."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        *items,
        instant("due_at", nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        instant("lease_until", nullable=True),
        instant("dead_at", nullable=True),
        sa.Column("last_error", sa.String(200), nullable=True),
    )
    create_index(name, "dead_at", "due_at")


def drop_leased_queue(name: str) -> None:
    """Drop what ``create_leased_queue(name, ...)`` created."""
    drop_index(name, "dead_at", "due_at")
    op.drop_table(name)

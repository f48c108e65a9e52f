"""Rows in SQL: the insert, fetch and updates most repositories do the same way, on the unit's connection.

The twin of ``adapters.memory.tables.OneTable``: the same ``AlreadyExists``, ``NotFound`` and ``VersionConflict``
for the same cases. ``kind`` is what those errors call a row ("media", "calendar feed").
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Insert, Row, Select, String, Table, Update, any_, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError

from core.shared.errors import AlreadyExists, DomainError, NotFound, VersionConflict


# Statements built once per table (and dialect): the values travel as parameters, so a hot path builds no statement
# and SQLAlchemy's compiled cache finds its entry at once. The WHERE parameters are named so no column's can clash.
@functools.cache
def _insert_unless_taken(table: Table, dialect_name: str) -> Insert:
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing().returning(*table.primary_key.columns)


@functools.cache
def _by_id(table: Table) -> Select[Any]:
    return select(table).where(table.c.id == bindparam("where_id"))


@functools.cache
def _update_by_id(table: Table, versioned: bool) -> Update:
    statement = update(table).where(table.c.id == bindparam("where_id"))
    return statement.where(table.c.version == bindparam("where_version")) if versioned else statement


def insert_new(
    connection: Connection,
    table: Table,
    values: Mapping[str, Any],
    kind: str,
    key: str,
    refused: Callable[[], DomainError] | None = None,
) -> None:
    """INSERT ``values`` in a savepoint, so that a refused row leaves the unit's transaction usable. A refusal
    (``IntegrityError``: a key taken, a missing parent) raises ``refused()``, by default ``AlreadyExists``."""
    try:
        with connection.begin_nested():
            connection.execute(insert(table).values(values))
    except IntegrityError:
        raise (refused() if refused is not None else AlreadyExists(kind, key)) from None


def insert_unless_taken(connection: Connection, table: Table, values: Mapping[str, Any], kind: str, key: str) -> None:
    """INSERT ``values`` unless a row already has its key (``ON CONFLICT DO NOTHING``: one statement, no savepoint,
    and the unit's transaction stays usable); ``AlreadyExists`` when it was taken. Only a key refuses a row here:
    use ``insert_new`` where a missing parent must be refused too."""
    statement = _insert_unless_taken(table, connection.dialect.name)
    if connection.execute(statement, dict(values)).first() is None:  # rowcount: -1 here
        raise AlreadyExists(kind, key)


def one(connection: Connection, table: Table, kind: str, key: str) -> Row[Any]:
    """The row whose ``id`` is ``key``; ``NotFound`` when there is none."""
    row = connection.execute(_by_id(table), {"where_id": key}).one_or_none()
    if row is None:
        raise NotFound(kind, key)
    return row


def update_existing(connection: Connection, table: Table, kind: str, key: str, values: Mapping[str, Any]) -> None:
    """Set ``values`` on the row whose ``id`` is ``key``; ``NotFound`` when there is none."""
    if connection.execute(_update_by_id(table, False), {**values, "where_id": key}).rowcount == 0:
        raise NotFound(kind, key)


def update_versioned(
    connection: Connection, table: Table, kind: str, key: str, expected_version: int, values: Mapping[str, Any]
) -> None:
    """Set ``values`` on the row ``key`` if it is still at ``expected_version`` (one atomic UPDATE): ``NotFound``
    when there is no such row, ``VersionConflict`` when another unit saved it first."""
    parameters = {**values, "where_id": key, "where_version": expected_version}
    if connection.execute(_update_by_id(table, True), parameters).rowcount == 0:
        current = connection.execute(select(table.c.version).where(table.c.id == key)).scalar()
        if current is None:
            raise NotFound(kind, key)
        raise VersionConflict(kind, key, expected_version, current)


class OnConnection:
    """A repository over the unit of work's connection: the unit builds one per transaction (``_bind``), so a
    repository holds nothing else across transactions."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection


def one_of(connection: Connection, column: Any, keys: Sequence[str]) -> Any:
    """``column IN keys`` for a page of keys: on PostgreSQL ``column = ANY(<one array parameter>)``, which costs
    the same however many keys (psycopg splits and rebinds a long IN list on every call, a few ms per 500)."""
    if connection.dialect.name == "postgresql":
        return column == any_(bindparam(None, list(keys), type_=ARRAY(String)))
    return column.in_(list(keys))

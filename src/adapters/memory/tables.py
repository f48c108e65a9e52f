"""A repository over one named table of the in-memory database."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast

from core.shared.errors import AlreadyExists, NotFound, VersionConflict

Tables = Callable[[str], dict[Any, Any]]
Row = TypeVar("Row")


class _Versioned(Protocol):
    version: int


class OnTables:
    """A repository over the unit of work's tables: ``_table(name)`` is a table as it is now (a rollback replaces
    the tables, so a repository looks its table up each time and never keeps one)."""

    def __init__(self, table: Tables) -> None:
        self._table = table


class OneTable(OnTables, Generic[Row]):
    """Holds the database's table lookup; ``_rows`` is the table named ``table_name``, keyed by id.

    Rows go in and come out as copies, as a database's would: a caller's unsaved change never leaks into the
    table. ``kind`` is what ``NotFound`` and ``AlreadyExists`` call a row.
    """

    table_name: ClassVar[str]
    kind: ClassVar[str] = "row"

    @property
    def _rows(self) -> dict[str, Row]:  # looked up each time: a rollback replaces the tables
        return self._table(self.table_name)

    def _insert(self, key: str, row: Row) -> None:
        """Store a new row; ``AlreadyExists`` when ``key`` is taken."""
        self._require_absent(key)
        self._put(key, row)

    def _fetch(self, key: str) -> Row:
        """The row stored under ``key``; ``NotFound`` when there is none."""
        try:
            return copy.deepcopy(self._rows[key])
        except KeyError:
            raise NotFound(self.kind, key) from None

    def _replace(self, key: str, row: Row, expected_version: int | None = None) -> None:
        """Store ``row`` over the one under ``key`` (see ``_require_present``)."""
        self._require_present(key, expected_version)
        self._put(key, row)

    def _require_absent(self, key: str) -> None:
        if key in self._rows:
            raise AlreadyExists(self.kind, key)

    def _require_present(self, key: str, expected_version: int | None = None) -> None:
        """``NotFound`` when no row is under ``key``; ``VersionConflict`` when ``expected_version`` is given and
        the stored row is at another version."""
        stored = self._rows.get(key)
        if stored is None:
            raise NotFound(self.kind, key)
        if expected_version is not None and (current := cast(_Versioned, stored).version) != expected_version:
            raise VersionConflict(self.kind, key, expected_version, current)

    def _put(self, key: str, row: Row) -> None:
        self._rows[key] = copy.deepcopy(row)


class KeyedRepository(OneTable[Row]):
    """A repository whose port has the plain ``add`` and ``get``: rows keyed by their ``key_field``."""

    key_field: ClassVar[str] = "id"

    def add(self, row: Row) -> None:
        """Store a new row; ``AlreadyExists`` when its key is taken."""
        self._insert(getattr(row, self.key_field), row)

    def get(self, key: str) -> Row:
        """The row stored under ``key``; ``NotFound`` when there is none."""
        return self._fetch(key)

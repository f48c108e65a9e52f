"""A repository over one named table of the in-memory database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

Tables = Callable[[str], dict[Any, Any]]
Row = TypeVar("Row")


class OneTable(Generic[Row]):
    """Holds the database's table lookup; ``_rows`` is the table named ``table_name``, keyed by id."""

    table_name: ClassVar[str]

    def __init__(self, table: Tables) -> None:
        self._table = table

    @property
    def _rows(self) -> dict[str, Row]:  # looked up each time: a rollback replaces the tables
        return self._table(self.table_name)

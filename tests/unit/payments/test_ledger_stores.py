"""The ledger stores' contract, kept in memory and by SQLAlchemy on a migrated SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from adapters.memory.booking import InMemoryBookingUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase
from adapters.sqlalchemy.booking import SqlAlchemyBookingUnitOfWork
from tests.contracts.ledger_store import LedgerStoreContract, NewUow
from tests.integration.sql_stores import sqlite_engine


class TestInMemoryLedgerStore(LedgerStoreContract):
    @pytest.fixture
    def new_uow(self) -> NewUow:
        return partial(InMemoryBookingUnitOfWork, InMemoryDatabase())


class TestSqliteLedgerStore(LedgerStoreContract):
    @pytest.fixture
    def new_uow(self, tmp_path: Path) -> Iterator[NewUow]:
        for engine in sqlite_engine(tmp_path):
            yield partial(SqlAlchemyBookingUnitOfWork, engine)

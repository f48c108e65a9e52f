"""The ledger stores' contract on PostgreSQL."""

from __future__ import annotations

from functools import partial

import pytest
from sqlalchemy import Engine

from adapters.sqlalchemy.booking import SqlAlchemyBookingUnitOfWork
from tests.contracts.ledger_store import LedgerStoreContract, NewUow
from tests.integration.sql_stores import truncate_all

pytestmark = pytest.mark.integration


class TestPostgresLedgerStore(LedgerStoreContract):
    @pytest.fixture
    def new_uow(self, pg_engine: Engine) -> NewUow:
        truncate_all(pg_engine)
        return partial(SqlAlchemyBookingUnitOfWork, pg_engine)

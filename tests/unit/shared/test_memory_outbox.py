"""The in-memory outbox, its unit of work and inbox pass the Outbox contract (with the relay on top)."""

from __future__ import annotations

import pytest

from adapters.memory.clock import FixedClock, SequentialIds
from adapters.memory.outbox import InMemoryOutbox
from adapters.memory.unit_of_work import InMemoryDatabase, InMemoryUnitOfWork
from tests.contracts.outbox import NewUow, OutboxContract


class TestInMemoryOutbox(OutboxContract):
    @pytest.fixture
    def database(self) -> InMemoryDatabase:
        return InMemoryDatabase()

    @pytest.fixture
    def outbox(self, database: InMemoryDatabase) -> InMemoryOutbox:
        return InMemoryOutbox(database)

    @pytest.fixture
    def new_uow(self, database: InMemoryDatabase, clock: FixedClock, ids: SequentialIds) -> NewUow:
        return lambda: InMemoryUnitOfWork(database, now=clock.now, new_id=ids.new_id)

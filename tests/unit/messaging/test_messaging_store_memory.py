"""The in-memory messaging store passes the messaging store contract."""

from __future__ import annotations

import pytest

from adapters.memory.messaging import InMemoryMessagingUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase
from tests.contracts.messaging_store import AttachmentStoreContract, MessagingStoreContract, NewUnit


class TestInMemoryMessagingStore(MessagingStoreContract, AttachmentStoreContract):
    @pytest.fixture
    def new_uow(self) -> NewUnit:
        database = InMemoryDatabase()
        return lambda: InMemoryMessagingUnitOfWork(database)

"""The unread-message sweep over the in-memory messaging store passes the sweep contract."""

from __future__ import annotations

import pytest

from adapters.memory.messaging import InMemoryMessagingUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase
from tests.contracts.messaging_store import NewUnit
from tests.contracts.unread_notice_sweep import UnreadNoticeSweepContract


class TestInMemoryUnreadNoticeSweep(UnreadNoticeSweepContract):
    @pytest.fixture
    def new_uow(self) -> NewUnit:
        database = InMemoryDatabase()
        return lambda: InMemoryMessagingUnitOfWork(database)

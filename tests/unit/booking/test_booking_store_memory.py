"""The booking store contract, kept by the in-memory twin."""

from __future__ import annotations

import pytest

from adapters.memory.booking import InMemoryBookingUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase
from tests.contracts.booking_repository import BookingRepositoryContract, NewUow


class TestInMemoryBookingRepository(BookingRepositoryContract):
    @pytest.fixture
    def new_uow(self) -> NewUow:
        database = InMemoryDatabase()
        return lambda: InMemoryBookingUnitOfWork(database)

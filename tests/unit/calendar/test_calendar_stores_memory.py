"""The calendar store contract, kept by the in-memory twin."""

from __future__ import annotations

from functools import partial

import pytest
from tests.contracts.calendar_stores import CalendarStoresContract, NewUow

from adapters.memory.calendar import InMemoryCalendarUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase


class TestInMemoryCalendarStores(CalendarStoresContract):
    @pytest.fixture
    def new_uow(self) -> NewUow:
        return partial(InMemoryCalendarUnitOfWork, InMemoryDatabase())

"""The in-memory fake keeps the same contract as the SQL adapter."""

from __future__ import annotations

import pytest

from adapters.memory.profiles import InMemoryProfilesUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase
from tests.contracts.profile_repository import NewUow, ProfileDraftRepositoryContract, UnitOfWorkContract


class InMemory:
    @pytest.fixture
    def new_uow(self) -> NewUow:
        database = InMemoryDatabase()
        return lambda: InMemoryProfilesUnitOfWork(database)


class TestInMemoryProfileDraftRepository(InMemory, ProfileDraftRepositoryContract):
    pass


class TestInMemoryProfilesUnitOfWork(InMemory, UnitOfWorkContract):
    pass

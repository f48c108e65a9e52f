"""The in-memory onboarding twin keeps the onboarding and profile contracts."""

from __future__ import annotations

import pytest

from adapters.memory.onboarding import InMemoryOnboardingUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase
from tests.contracts.onboarding_repository import NewOnboardingUow, OnboardingRepositoryContract
from tests.contracts.profile_repository import ProfileDraftRepositoryContract


class InMemory:
    @pytest.fixture
    def new_uow(self) -> NewOnboardingUow:
        database = InMemoryDatabase()
        return lambda: InMemoryOnboardingUnitOfWork(database)


class TestInMemoryOnboardingRepositories(InMemory, OnboardingRepositoryContract):
    pass


class TestInMemoryOnboardingProfiles(InMemory, ProfileDraftRepositoryContract):
    pass

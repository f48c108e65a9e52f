"""The identity store contract on the in-memory twin."""

from __future__ import annotations

from functools import partial

import pytest
from tests.contracts.identity_store import IdentityStoreContract, NewUow

from adapters.memory.identity import InMemoryIdentityUnitOfWork
from adapters.memory.unit_of_work import InMemoryDatabase


class TestInMemoryIdentityStore(IdentityStoreContract):
    @pytest.fixture
    def new_uow(self) -> NewUow:
        return partial(InMemoryIdentityUnitOfWork, InMemoryDatabase())

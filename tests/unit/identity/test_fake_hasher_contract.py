"""The fake password hasher keeps the PasswordHasher contract (argon2id does too: tests/integration)."""

from __future__ import annotations

import pytest
from tests.contracts.password_hasher import PasswordHasherContract
from tests.unit.identity.fakes import FakePasswordHasher


class TestFakePasswordHasher(PasswordHasherContract):
    @pytest.fixture
    def hasher(self) -> FakePasswordHasher:
        return FakePasswordHasher(version=1)

    @pytest.fixture
    def stronger_hasher(self) -> FakePasswordHasher:
        return FakePasswordHasher(version=2)

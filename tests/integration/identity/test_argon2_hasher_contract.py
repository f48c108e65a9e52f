"""argon2id, alone and behind the concurrency bound, keeps the PasswordHasher contract."""

from __future__ import annotations

import pytest
from tests.contracts.password_hasher import PasswordHasherContract

from adapters.crypto.argon2_hasher import Argon2idPasswordHasher
from adapters.crypto.bounded_hasher import BoundedPasswordHasher

pytestmark = pytest.mark.integration


class TestArgon2idPasswordHasher(PasswordHasherContract):
    @pytest.fixture
    def hasher(self) -> Argon2idPasswordHasher:
        return Argon2idPasswordHasher()

    @pytest.fixture
    def stronger_hasher(self) -> Argon2idPasswordHasher:
        return Argon2idPasswordHasher(time_cost=3)


class TestBoundedArgon2idPasswordHasher(PasswordHasherContract):
    @pytest.fixture
    def hasher(self) -> BoundedPasswordHasher:
        return BoundedPasswordHasher(Argon2idPasswordHasher(), max_concurrent=2)

    @pytest.fixture
    def stronger_hasher(self) -> BoundedPasswordHasher:
        return BoundedPasswordHasher(Argon2idPasswordHasher(memory_kib=47_104, time_cost=1 + 1), max_concurrent=2)

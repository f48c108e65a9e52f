"""The PasswordHasher contract: the fake, argon2id and the bounded wrapper must all keep it."""

from __future__ import annotations

import pytest

from core.identity.service_ports import PasswordHasher

PASSWORD = "violet-Harbour-crane-58"


class PasswordHasherContract:
    """Subclass with ``hasher`` and ``stronger_hasher`` fixtures: the same scheme, the second configured with
    raised parameters (so hashes made by the first need a rehash under the second)."""

    @pytest.fixture
    def hasher(self) -> PasswordHasher:
        raise NotImplementedError

    @pytest.fixture
    def stronger_hasher(self) -> PasswordHasher:
        raise NotImplementedError

    def test_a_hash_verifies_its_own_password_only(self, hasher: PasswordHasher) -> None:
        encoded = hasher.hash(PASSWORD)
        assert PASSWORD not in encoded
        assert hasher.verify(encoded, PASSWORD)
        for other in ("violet-harbour-crane-58", PASSWORD + " ", PASSWORD[:-1], ""):
            assert not hasher.verify(encoded, other)

    def test_the_same_password_hashes_differently_each_time(self, hasher: PasswordHasher) -> None:
        first, second = hasher.hash(PASSWORD), hasher.hash(PASSWORD)
        assert first != second  # salted: equal passwords do not show as equal hashes
        assert hasher.verify(first, PASSWORD) and hasher.verify(second, PASSWORD)

    def test_passwords_beyond_ascii_round_trip(self, hasher: PasswordHasher) -> None:
        password = "mañana-東京-🦉-Grüße"
        encoded = hasher.hash(password)
        assert hasher.verify(encoded, password) and not hasher.verify(encoded, "manana-東京-🦉-Grüße")

    def test_a_malformed_hash_verifies_nothing_and_asks_for_a_rehash(self, hasher: PasswordHasher) -> None:
        for garbage in ("", "not-a-hash", "$argon2id$v=19$m=1$broken"):
            assert not hasher.verify(garbage, PASSWORD)
            assert hasher.needs_rehash(garbage)

    def test_needs_rehash_follows_the_configured_parameters(
        self, hasher: PasswordHasher, stronger_hasher: PasswordHasher
    ) -> None:
        old = hasher.hash(PASSWORD)
        assert not hasher.needs_rehash(old)
        assert stronger_hasher.needs_rehash(old)
        assert stronger_hasher.verify(old, PASSWORD)  # raising the parameters locks nobody out
        new = stronger_hasher.hash(PASSWORD)
        assert not stronger_hasher.needs_rehash(new) and stronger_hasher.verify(new, PASSWORD)

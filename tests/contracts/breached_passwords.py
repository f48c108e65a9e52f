"""The BreachedPasswords contract: a k-anonymity adapter seeded with a known corpus."""

from __future__ import annotations

import pytest

from core.identity.errors import BreachCheckUnavailable
from core.identity.service_ports import BreachedPasswords

# Every adapter under test is seeded with at least these.
SEEDED = ("password", "123456", "correcthorsebatterystaple")


class BreachedPasswordsContract:
    """Subclass with ``breached`` (seeded with ``SEEDED``) and ``unavailable`` (cannot be asked)."""

    @pytest.fixture
    def breached(self) -> BreachedPasswords:
        raise NotImplementedError

    @pytest.fixture
    def unavailable(self) -> BreachedPasswords:
        raise NotImplementedError

    @pytest.mark.parametrize("password", SEEDED)
    def test_seeded_passwords_are_breached(self, breached: BreachedPasswords, password: str) -> None:
        assert breached.is_breached(password) is True

    def test_an_unlisted_password_is_not(self, breached: BreachedPasswords) -> None:
        assert breached.is_breached("q7#Vr!m2-zebra-Lantern-9x") is False

    def test_exact_match_only(self, breached: BreachedPasswords) -> None:
        assert breached.is_breached("Password") is False
        assert breached.is_breached("password ") is False

    def test_failure_raises_unavailable(self, unavailable: BreachedPasswords) -> None:
        with pytest.raises(BreachCheckUnavailable):
            unavailable.is_breached("password")

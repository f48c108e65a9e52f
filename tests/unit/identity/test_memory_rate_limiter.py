"""The in-memory rate limiter passes the RateLimiter contract."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.contracts.rate_limiter import T0, RateLimiterContract

from adapters.memory.rate_limiter import InMemoryRateLimiter


class TestInMemoryRateLimiter(RateLimiterContract):
    @pytest.fixture
    def limiter(self) -> InMemoryRateLimiter:
        return InMemoryRateLimiter()

    @pytest.fixture
    def unreachable_limiter(self) -> InMemoryRateLimiter:
        pytest.skip("the store is this process's memory: it cannot be unreachable")


def test_idle_keys_are_swept() -> None:
    limiter = InMemoryRateLimiter()
    for i in range(5000):
        limiter.hit(f"k{i}", 1, 1, T0 + timedelta(seconds=i))
    assert len(limiter._logs) < 4096  # swept at the 4096th hit

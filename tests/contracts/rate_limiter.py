"""The RateLimiter contract: every adapter (in-memory, Redis) must pass these."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.shared.errors import DomainError, RateLimiterUnavailable
from core.shared.rate_limit import RateLimiter

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


class RateLimiterContract:
    """Subclass with a ``limiter`` fixture returning a fresh, empty adapter, and an ``unreachable_limiter``
    fixture returning one whose store cannot be reached (or skipping, for a store that cannot be)."""

    @pytest.fixture
    def limiter(self) -> RateLimiter:
        raise NotImplementedError

    @pytest.fixture
    def unreachable_limiter(self) -> RateLimiter:
        raise NotImplementedError

    def test_an_unreachable_store_raises_the_ports_own_error(self, unreachable_limiter: RateLimiter) -> None:
        with pytest.raises(RateLimiterUnavailable) as raised:
            unreachable_limiter.hit("login-ip:203.0.113.7", 3, 60, T0)
        assert isinstance(raised.value, DomainError)  # no driver type crosses the port
        assert raised.value.retry_after_s >= 1 and raised.value.reason

    def test_allows_up_to_the_limit_then_denies(self, limiter: RateLimiter) -> None:
        decisions = [limiter.hit("k", 3, 60, T0 + timedelta(seconds=i)) for i in range(4)]
        assert [d.allowed for d in decisions] == [True, True, True, False]
        assert all(d.retry_after_s == 0 for d in decisions[:3])

    def test_retry_after_counts_until_the_oldest_hit_leaves_the_window(self, limiter: RateLimiter) -> None:
        limiter.hit("k", 2, 60, T0)
        limiter.hit("k", 2, 60, T0 + timedelta(seconds=10))
        denied = limiter.hit("k", 2, 60, T0 + timedelta(seconds=15))
        assert not denied.allowed
        assert denied.retry_after_s == 45

    def test_retry_after_is_at_least_one_second(self, limiter: RateLimiter) -> None:
        limiter.hit("k", 1, 60, T0)
        denied = limiter.hit("k", 1, 60, T0 + timedelta(seconds=59, milliseconds=900))
        assert denied == type(denied)(allowed=False, retry_after_s=1)

    def test_window_slides(self, limiter: RateLimiter) -> None:
        limiter.hit("k", 2, 60, T0)
        limiter.hit("k", 2, 60, T0 + timedelta(seconds=30))
        assert not limiter.hit("k", 2, 60, T0 + timedelta(seconds=59)).allowed
        assert limiter.hit("k", 2, 60, T0 + timedelta(seconds=60)).allowed  # the first hit left
        assert not limiter.hit("k", 2, 60, T0 + timedelta(seconds=61)).allowed

    def test_denied_hits_are_not_counted(self, limiter: RateLimiter) -> None:
        limiter.hit("k", 1, 60, T0)
        for s in range(1, 50):
            assert not limiter.hit("k", 1, 60, T0 + timedelta(seconds=s)).allowed
        assert limiter.hit("k", 1, 60, T0 + timedelta(seconds=60)).allowed

    def test_keys_are_independent(self, limiter: RateLimiter) -> None:
        assert limiter.hit("a", 1, 60, T0).allowed
        assert not limiter.hit("a", 1, 60, T0).allowed
        assert limiter.hit("b", 1, 60, T0).allowed

    def test_same_instant_hits_each_count(self, limiter: RateLimiter) -> None:
        assert [limiter.hit("k", 2, 60, T0).allowed for _ in range(3)] == [True, True, False]

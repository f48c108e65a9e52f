"""The LoginTelemetry contract: the in-memory and Redis adapters must pass these."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.identity.errors import LoginTelemetryUnavailable
from core.identity.service_ports import IpActivity, LoginTelemetry

T0 = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
WINDOW = 15 * 60


class LoginTelemetryContract:
    """Subclass with a ``telemetry`` fixture returning a fresh, empty adapter, and an ``unreachable_telemetry``
    fixture returning one whose store cannot be reached (or skipping, for a store that cannot be)."""

    @pytest.fixture
    def telemetry(self) -> LoginTelemetry:
        raise NotImplementedError

    @pytest.fixture
    def unreachable_telemetry(self) -> LoginTelemetry:
        raise NotImplementedError

    def test_an_unreachable_store_raises_the_ports_own_error(self, unreachable_telemetry: LoginTelemetry) -> None:
        with pytest.raises(LoginTelemetryUnavailable):
            unreachable_telemetry.record_attempt("203.0.113.7", "a@example.com", T0)
        with pytest.raises(LoginTelemetryUnavailable):
            unreachable_telemetry.ip_activity("203.0.113.7", WINDOW, T0)

    def test_an_unseen_ip_has_no_activity(self, telemetry: LoginTelemetry) -> None:
        assert telemetry.ip_activity("203.0.113.9", WINDOW, T0) == IpActivity(0, 0)

    def test_attempts_and_distinct_accounts_are_counted_per_ip(self, telemetry: LoginTelemetry) -> None:
        for n, key in enumerate(["a@example.com", "b@example.com", "a@example.com", "c@example.com"]):
            telemetry.record_attempt("203.0.113.7", key, T0 + timedelta(seconds=n))
        telemetry.record_attempt("198.51.100.1", "a@example.com", T0)
        assert telemetry.ip_activity("203.0.113.7", WINDOW, T0 + timedelta(seconds=10)) == IpActivity(4, 3)
        assert telemetry.ip_activity("198.51.100.1", WINDOW, T0 + timedelta(seconds=10)) == IpActivity(1, 1)

    def test_only_the_window_counts(self, telemetry: LoginTelemetry) -> None:
        telemetry.record_attempt("203.0.113.7", "old@example.com", T0)
        telemetry.record_attempt("203.0.113.7", "new@example.com", T0 + timedelta(minutes=10))
        assert telemetry.ip_activity("203.0.113.7", WINDOW, T0 + timedelta(minutes=14)) == IpActivity(2, 2)
        # the first attempt is exactly one window old: out
        assert telemetry.ip_activity("203.0.113.7", WINDOW, T0 + timedelta(minutes=15)) == IpActivity(1, 1)
        assert telemetry.ip_activity("203.0.113.7", WINDOW, T0 + timedelta(minutes=26)) == IpActivity(0, 0)

    def test_repeated_attempts_at_one_instant_all_count(self, telemetry: LoginTelemetry) -> None:
        for _ in range(3):
            telemetry.record_attempt("2001:db8::1", "a@example.com", T0)
        assert telemetry.ip_activity("2001:db8::1", WINDOW, T0) == IpActivity(3, 1)

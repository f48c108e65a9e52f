"""While the limits' store is down: sign-in refuses (503), a non-security limit allows, the risk score goes blind."""

from __future__ import annotations

from datetime import datetime

import pytest
from structlog.testing import capture_logs
from tests.contracts.rate_limiter import T0
from tests.unit.identity.fakes import World
from tests.unit.identity.flows import HOME, logged_in, signed_up

from adapters.memory.identity import InMemoryLoginTelemetry
from adapters.memory.rate_limiter import InMemoryRateLimiter
from adapters.system.fallbacks import FailOpenLoginTelemetry, ScopedFallbackRateLimiter
from core.identity.devices import NetworkContext
from core.identity.errors import LoginTelemetryUnavailable
from core.identity.service_ports import IpActivity
from core.shared.errors import RateLimiterUnavailable
from core.shared.rate_limit import Decision


class DownRateLimiter:
    """A RateLimiter whose store is down: what the Redis adapter raises when Redis does not answer."""

    def hit(self, key: str, limit: int, window_s: int, now: datetime) -> Decision:
        raise RateLimiterUnavailable("ConnectionError", retry_after_s=10)


class DownLoginTelemetry:
    def record_attempt(self, ip: str, login_key: str, now: datetime) -> None:
        raise LoginTelemetryUnavailable("ConnectionError")

    def ip_activity(self, ip: str, window_s: int, now: datetime) -> IpActivity:
        raise LoginTelemetryUnavailable("ConnectionError")


def test_a_store_that_answers_decides_as_usual() -> None:
    limiter = ScopedFallbackRateLimiter(InMemoryRateLimiter(), fail_open=["resend-identity"])
    assert [limiter.hit("resend-identity:ann", 1, 60, T0).allowed for _ in range(2)] == [True, False]


def test_a_fail_open_scope_allows_and_logs_the_scope_but_not_the_subject() -> None:
    limiter = ScopedFallbackRateLimiter(DownRateLimiter(), fail_open=["resend-identity"])
    with capture_logs() as logs:
        assert limiter.hit("resend-identity:ann@example.com", 1, 60, T0) == Decision(True, 0)
    (entry,) = logs
    assert entry["log_level"] == "warning" and entry["scope"] == "resend-identity" and entry["fallback"] == "allow"
    assert "ann@example.com" not in repr(entry)


def test_every_other_scope_refuses_with_retry_after() -> None:
    limiter = ScopedFallbackRateLimiter(DownRateLimiter(), fail_open=["resend-identity"])
    with capture_logs() as logs, pytest.raises(RateLimiterUnavailable) as refused:
        limiter.hit("login-ip:203.0.113.7", 60, 600, T0)
    assert refused.value.retry_after_s == 10
    assert logs[0]["scope"] == "login-ip" and logs[0]["fallback"] == "refuse"


def test_sign_in_answers_unavailable_while_the_limits_are_down() -> None:
    w = World()
    signed_up(w)
    w.rate_limiter = ScopedFallbackRateLimiter(DownRateLimiter(), fail_open=["resend-identity"])  # type: ignore[assignment]  # World types its fakes
    with pytest.raises(RateLimiterUnavailable):
        logged_in(w)


def test_blind_telemetry_adds_no_risk_and_says_so() -> None:
    w = World()
    signed_up(w)
    w.telemetry = FailOpenLoginTelemetry(DownLoginTelemetry())  # type: ignore[assignment]  # World types its fakes
    new_browser = NetworkContext(HOME.ip, "Mozilla/5.0 (Macintosh; Mac OS X 14_5) Safari/605.1", "FR", 3215)
    with capture_logs() as logs:
        assert logged_in(w, context=new_browser).new_device  # risk 30 (new device) only: no CAPTCHA asked
    assert [(e["operation"], e["fallback"]) for e in logs if e["event"] == "login_telemetry_unavailable"] == [
        ("record", "skip"),
        ("read", "no-extra-risk"),
    ]


def test_telemetry_that_answers_is_passed_through() -> None:
    telemetry = FailOpenLoginTelemetry(InMemoryLoginTelemetry())
    telemetry.record_attempt("203.0.113.7", "a@example.com", T0)
    assert telemetry.ip_activity("203.0.113.7", 900, T0) == IpActivity(1, 1)

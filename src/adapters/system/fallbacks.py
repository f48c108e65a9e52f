"""What a rate limit or a risk signal does while its store is down; the composition root picks one per use."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import structlog

from core.identity.errors import LoginTelemetryUnavailable
from core.identity.service_ports import IpActivity, LoginTelemetry
from core.shared.errors import RateLimiterUnavailable
from core.shared.rate_limit import Decision, RateLimiter

log = structlog.get_logger("rastup.fallbacks")


class ScopedFallbackRateLimiter:
    """``inner`` while its store answers. While it is down, a limit whose scope is in ``fail_open`` allows the
    request; every other limit refuses it (``RateLimiterUnavailable``: 503 with Retry-After), so a limit
    nobody classified stays closed. Each fallback is logged with the scope (never the subject: an email or
    an IP) so an outage shows in the logs as well as on ``/readyz``."""

    def __init__(self, inner: RateLimiter, fail_open: Iterable[str]) -> None:
        self._inner = inner
        self._fail_open = frozenset(fail_open)

    def hit(self, key: str, limit: int, window_s: int, now: datetime) -> Decision:
        try:
            return self._inner.hit(key, limit, window_s, now)
        except RateLimiterUnavailable as error:
            scope = key.partition(":")[0]
            if scope not in self._fail_open:
                log.warning("rate_limit_unavailable", scope=scope, fallback="refuse", reason=error.reason)
                raise
            log.warning("rate_limit_unavailable", scope=scope, fallback="allow", reason=error.reason)
            return Decision(allowed=True, retry_after_s=0)


class FailOpenLoginTelemetry:
    """``inner`` while its store answers. While it is down an attempt goes unrecorded and the IP looks quiet:
    the risk score loses its IP-velocity signal (no extra risk) rather than the sign-in being refused or every
    user being sent to a CAPTCHA. The sign-in limits still refuse while the same store is down, and the
    device, country and network signals and the per-account lockout live in the database and still count."""

    def __init__(self, inner: LoginTelemetry) -> None:
        self._inner = inner

    def record_attempt(self, ip: str, login_key: str, now: datetime) -> None:
        try:
            self._inner.record_attempt(ip, login_key, now)
        except LoginTelemetryUnavailable as error:
            log.warning("login_telemetry_unavailable", operation="record", fallback="skip", reason=error.reason)

    def ip_activity(self, ip: str, window_s: int, now: datetime) -> IpActivity:
        try:
            return self._inner.ip_activity(ip, window_s, now)
        except LoginTelemetryUnavailable as error:
            log.warning("login_telemetry_unavailable", operation="read", fallback="no-extra-risk", reason=error.reason)
            return IpActivity(0, 0)

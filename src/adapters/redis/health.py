"""Readiness probe for Redis."""

from __future__ import annotations

import redis

from core.shared.health import HealthStatus


class RedisProbe:
    """Ready when Redis answers PING."""

    def __init__(self, client: redis.Redis) -> None:
        self._client = client

    def check(self) -> HealthStatus:
        try:
            self._client.ping()
        except redis.RedisError as error:
            # what the outage costs, for the operator reading /readyz (see config.gateways.FAIL_OPEN_LIMITS)
            return HealthStatus("redis (rate limits)", False, f"{type(error).__name__}: sign-in answers 503")
        return HealthStatus("redis (rate limits)", True)

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
            return HealthStatus("redis (rate limits)", False, type(error).__name__)
        return HealthStatus("redis (rate limits)", True)
